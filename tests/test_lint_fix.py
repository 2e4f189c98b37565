"""`lint --fix`: the problems with one right answer are fixed in the files, keeping every other
line as written; `--fix --diff` shows the same without writing; `lint` afterwards finds none of
the fixed codes."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

Cli = Callable[..., Any]
WriteFn = Callable[[str, str], Path]
BASE = Path(__file__).parent / "fixtures" / "lint" / "base"
PLAN = "records/plans/p1.yaml"
FIXED = ("IK103", "IK202", "IK302", "IK303", "IK600")


@pytest.fixture
def base(repo: Path) -> Path:
    shutil.rmtree(repo / "records")
    shutil.copytree(BASE / "records", repo / "records")
    return repo


def edit(repo: Path, relative: str, old: str, new: str) -> Path:
    path = repo / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def lint_codes(cli: Cli) -> list[str]:
    return [d["code"] for d in json.loads(cli("lint", "--format", "json").stdout)]


@pytest.fixture
def broken(base: Path) -> Path:
    """Every fixable problem: a day-first date with a comment, a Party number without its leading
    zero, decomposed accents, and a file named other than its id."""
    edit(base, PLAN, "date: 2022-11-25", "date: 25/11/2022   # đổi lịch")
    edit(base, "records/centres/c1.yaml", "number: 04-ĐA/TU", "number: 4-ĐA/TU")
    edit(base, "records/centres/c2.yaml", "Chi Lăng", unicodedata.normalize("NFD", "Chi Lăng"))
    (base / "records/centres/c2.yaml").rename(base / "records/centres/chi-lang.yaml")
    return base


def test_fix_then_lint_leaves_none_of_the_fixed_codes(broken: Path, cli: Cli) -> None:
    assert set(lint_codes(cli)) == {"IK103", "IK202", "IK302", "IK600"}
    cli("lint", "--fix")
    assert [c for c in lint_codes(cli) if c in FIXED] == []


def test_fix_keeps_comments_and_other_lines(broken: Path, cli: Cli) -> None:
    before = (broken / PLAN).read_text(encoding="utf-8")
    cli("lint", "--fix")
    after = (broken / PLAN).read_text(encoding="utf-8")
    assert after == before.replace("date: 25/11/2022   # đổi lịch", "date: 2022-11-25   # đổi lịch")


def test_fix_says_what_it_changed(broken: Path, cli: Cli) -> None:
    out = cli("lint", "--fix").output
    assert f"{PLAN}: fixed IK202 line 15: 25/11/2022 -> 2022-11-25" in out
    assert "records/centres/c1.yaml: fixed IK600 line 5: 4-ĐA/TU -> 04-ĐA/TU" in out
    assert "records/centres/chi-lang.yaml: fixed IK103 text put in Unicode NFC" in out
    assert "records/centres/chi-lang.yaml: fixed IK302 renamed to c2.yaml" in out


def test_fix_diff_shows_without_writing(broken: Path, cli: Cli) -> None:
    before = {p: p.read_bytes() for p in (broken / "records").rglob("*.yaml")}
    result = cli("lint", "--fix", "--diff")
    assert result.exit_code == 1
    assert "-    date: 25/11/2022   # đổi lịch\n+    date: 2022-11-25   # đổi lịch" in result.output
    assert "rename records/centres/chi-lang.yaml -> records/centres/c2.yaml" in result.output
    assert {p: p.read_bytes() for p in (broken / "records").rglob("*.yaml")} == before


def test_fix_diff_with_nothing_to_fix_exits_0(base: Path, cli: Cli) -> None:
    assert cli("lint", "--fix", "--diff").exit_code == 0


def test_diff_without_fix_is_a_usage_error(base: Path, cli: Cli) -> None:
    result = cli("lint", "--diff")
    assert result.exit_code == 2
    assert "--diff goes with --fix" in result.output


def test_fix_number_is_found_once_the_date_is_fixed(base: Path, cli: Cli) -> None:
    # A day-first date keeps the plan from validating, so its number is checked only afterwards.
    edit(base, PLAN, "issued: 2022-11-03", "issued: 03/11/2022")
    edit(base, PLAN, "number: 84-KH/ĐKT", "number: Số 84-KH/ĐKT")
    cli("lint", "--fix")
    text = (base / PLAN).read_text(encoding="utf-8")
    assert "issued: 2022-11-03" in text and "number: 84-KH/ĐKT" in text


def test_fix_keeps_quotes_of_a_number(base: Path, cli: Cli) -> None:
    edit(base, "records/centres/c1.yaml", "number: 04-ĐA/TU", "number: '4-ĐA/TU'")
    cli("lint", "--fix")
    assert "number: '04-ĐA/TU'" in (base / "records/centres/c1.yaml").read_text(encoding="utf-8")


def test_fix_keeps_crlf_line_ends(base: Path, cli: Cli) -> None:
    path = edit(base, PLAN, "date: 2022-11-25", "date: 25/11/2022")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    cli("lint", "--fix")
    raw = path.read_bytes()
    assert b"date: 2022-11-25\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")


def test_fix_leaves_a_value_it_cannot_know(base: Path, cli: Cli) -> None:
    edit(base, PLAN, "date: 2022-11-25", "date: 31/02/2022")  # no such day: no one right answer
    cli("lint", "--fix")
    assert "date: 31/02/2022" in (base / PLAN).read_text(encoding="utf-8")


def test_fix_rename_never_replaces_a_file(broken: Path, cli: Cli) -> None:
    (broken / "records/centres/c2.yaml").write_text("kind: centre\nid: c2\nname: X\n", encoding="utf-8")
    result = cli("lint", "--fix")
    assert "IK302: not renamed: records/centres/c2.yaml exists already" in result.output
    assert (broken / "records/centres/chi-lang.yaml").exists()


def test_fix_does_not_write_through_a_link_out_of_the_repository(
    base: Path, cli: Cli, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "c9.yaml"
    outside.write_text("kind: centre\nid: c9\nname: X\nestablished:\n  number: 4-ĐA/TU\n", encoding="utf-8")
    (base / "records/centres/c9.yaml").symlink_to(outside)
    result = cli("lint", "--fix")
    assert "leads outside the repository" in result.output
    assert "4-ĐA/TU" in outside.read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_fix_renames_with_git_mv_in_a_git_repository(broken: Path, cli: Cli) -> None:
    identity = ["-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=broken, check=True)
    subprocess.run(["git", "add", "records"], cwd=broken, check=True)
    subprocess.run(["git", *identity, "commit", "-q", "-m", "records"], cwd=broken, check=True)
    cli("lint", "--fix")
    status = subprocess.run(
        ["git", "status", "--short", "--", "records/centres"],
        cwd=broken,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # staged as a rename (R); its NFC fix is a change in the work tree (M)
    assert "RM records/centres/chi-lang.yaml -> records/centres/c2.yaml" in status


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.integers(1, 28), month=st.integers(1, 12), year=st.integers(1990, 2100))
def test_fix_writes_any_day_first_date_in_iso(base: Path, cli: Cli, day: int, month: int, year: int) -> None:
    path = base / PLAN
    original = path.read_text(encoding="utf-8")
    try:
        path.write_text(
            original.replace("date: 2022-11-25", f"date: {day:02d}/{month:02d}/{year}"), encoding="utf-8"
        )
        cli("lint", "--fix")
        assert f"date: {year}-{month:02d}-{day:02d}" in path.read_text(encoding="utf-8")
    finally:
        path.write_text(original, encoding="utf-8")


def test_fix_moves_a_record_to_its_kinds_folder(base: Path, cli: Cli) -> None:
    (base / "records/c3.yaml").write_text("kind: centre\nid: c3\nname: Trung tâm\n", encoding="utf-8")
    result = cli("lint", "--fix")
    assert "records/c3.yaml: fixed IK303 moved to records/centres/" in result.output
    assert (base / "records/centres/c3.yaml").is_file() and not (base / "records/c3.yaml").exists()
    assert "IK303" not in lint_codes(cli)


def test_fix_renames_and_moves_at_once(base: Path, cli: Cli) -> None:
    (base / "records/misc").mkdir()
    (base / "records/misc/trung-tam.yaml").write_text(
        "kind: centre\nid: c3\nname: Trung tâm\n", encoding="utf-8"
    )
    cli("lint", "--fix")
    assert (base / "records/centres/c3.yaml").is_file()
    assert [c for c in lint_codes(cli) if c in FIXED] == []


def test_fix_leaves_a_date_like_text_in_a_field_that_is_no_date(base: Path, cli: Cli) -> None:
    edit(base, "records/findings/p1/p1-02.yaml", "type: request", "type: 24/11/2022")
    cli("lint", "--fix")
    assert "type: 24/11/2022" in (base / "records/findings/p1/p1-02.yaml").read_text(encoding="utf-8")


def test_fix_never_renames_after_an_id_that_is_no_slug(base: Path, cli: Cli) -> None:
    edit(base, "records/centres/c2.yaml", "id: c2", "id: ../../outside")
    result = cli("lint", "--fix")
    assert result.exit_code == 1  # the problems are reported, nothing crashes
    assert (base / "records/centres/c2.yaml").is_file()
    assert not (base.parent / "outside.yaml").exists()


def test_fix_never_moves_a_record_through_a_folder_link_out_of_the_repository(
    base: Path, cli: Cli, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    shutil.rmtree(base / "records/delegations", ignore_errors=True)
    (base / "records/delegations").symlink_to(outside, target_is_directory=True)
    (base / "records/misc").mkdir()
    (base / "records/misc/d9.yaml").write_text("kind: delegation\nid: d9\nplan: p1\n", encoding="utf-8")
    result = cli("lint", "--fix")
    assert "records/misc/d9.yaml: IK303: not moved: records/delegations leads outside the repository" in (
        result.output
    )
    assert (base / "records/misc/d9.yaml").is_file()
    assert list(outside.iterdir()) == []
