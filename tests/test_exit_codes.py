"""Errors become exit statuses in one place: 0 ok, 1 problems found or refused, 2 usage, 3 internal
error (a bug: its message and a request to report it, no traceback unless INSPECTKIT_DEBUG=1)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import WriteFn
from inspectkit import errors
from query_fixtures import make_records

Cli = Callable[..., Any]


@pytest.fixture
def records(write: WriteFn, repo: Path) -> Path:
    make_records(write)
    return repo


def _explode(*args: object, **kwargs: object) -> None:
    raise KeyError("an invariant broke")


def test_an_internal_error_exits_3_with_its_message_and_a_request_to_report_it(
    records: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspectkit.listings

    monkeypatch.setattr(inspectkit.listings, "counts", _explode)
    monkeypatch.delenv("INSPECTKIT_DEBUG", raising=False)
    result = cli("stats")
    assert result.exit_code == 3
    assert "internal error: KeyError: 'an invariant broke'" in result.stderr
    assert "please report it" in result.stderr
    assert "Traceback" not in result.stderr


def test_with_inspectkit_debug_an_internal_error_keeps_its_traceback(
    records: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspectkit.listings

    monkeypatch.setattr(inspectkit.listings, "counts", _explode)
    monkeypatch.setenv("INSPECTKIT_DEBUG", "1")
    with pytest.raises(KeyError, match="an invariant broke"):
        cli("stats")


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (errors.UsageError, 2),
        (errors.SettingsError, 2),
        (errors.TemplateError, 2),
        (errors.Refused, 1),
        (errors.NotFound, 1),
        (errors.FileChanged, 1),
        (errors.OutsideRepository, 1),
        (errors.ProblemsFound, 1),
        (errors.InternalError, 3),
    ],
)
def test_each_error_exits_with_its_code_and_one_line(
    records: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, error: type[errors.InspectkitError], code: int
) -> None:
    import inspectkit.listings

    def refuse(*args: object, **kwargs: object) -> None:
        raise error("what is wrong, where, and what to do")

    monkeypatch.setattr(inspectkit.listings, "counts", refuse)
    result = cli("stats")
    assert result.exit_code == code == error.exit_code
    assert result.stderr == "inspectkit: what is wrong, where, and what to do\n"


def test_a_full_disk_is_one_line_and_exit_1(records: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = cli(
        "new-centre", "--no-input", "--name", "Trung tâm Chính trị huyện Văn Quan", "--id", "ttct-van-quan"
    )
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "internal error" not in result.stderr
    assert not (records / "records/centres/ttct-van-quan.yaml").exists()


def test_output_is_utf8_whatever_the_locale(records: Path) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0", "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "inspectkit", "list", "centres"],
        cwd=records,
        env=env,
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert "Trung tâm Chính trị huyện Đình Lập".encode() in done.stdout


C_LOCALE = {"LANG": "C", "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0", "NO_COLOR": "1"}


def test_an_argument_the_c_locale_cannot_decode_is_a_message_never_a_traceback(records: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "inspectkit", "show", "Đình"],
        cwd=records,
        env={**os.environ, **C_LOCALE},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr and b"lost sys.stderr" not in done.stderr
    assert done.stderr.startswith(b"inspectkit: no record with id")


def test_a_report_written_to_a_vietnamese_file_name_in_the_c_locale(records: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "inspectkit", "report", "2022-84-kh-dkt", "--kind", "plan", "-o", "Đ.md"],
        cwd=records,
        env={**os.environ, **C_LOCALE},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert (records / "Đ.md").read_text(encoding="utf-8").strip()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(finding_id=st.text(max_size=20), status=st.sampled_from(["done", "finished", ""]))
def test_set_status_with_any_id_is_never_an_internal_error(
    records: Path, cli: Cli, finding_id: str, status: str
) -> None:
    assume(finding_id not in ("2022-84-kh-dkt-03", "2022-84-kh-dkt-04") and not finding_id.startswith("-"))
    before = {p: p.read_bytes() for p in (records / "records").rglob("*.yaml")}
    result = cli("finding", "set-status", finding_id, status, "--on", "2023-07-01")
    assert result.exit_code in (1, 2), result.output
    assert "internal error" not in result.stderr
    assert {p: p.read_bytes() for p in (records / "records").rglob("*.yaml")} == before


def test_an_internal_error_exits_3_through_the_console_entry_point(records: Path) -> None:
    script = (
        "import sys, inspectkit.listings as listings\n"
        "def boom(*a, **k): raise ZeroDivisionError('a bug')\n"
        "listings.counts = boom\n"
        "sys.argv = ['inspectkit', 'stats']\n"
        "from inspectkit.entry import main\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "INSPECTKIT_DEBUG"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=records, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 3
    assert "inspectkit: internal error: ZeroDivisionError: a bug" in done.stderr
    assert "Traceback" not in done.stderr
