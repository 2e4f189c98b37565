"""Files are sacred (issue 10): no edit through a link out of the repository, no special file
replaced, no update lost to a concurrent run, no temp file left for git to pick up."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import WriteFn
from inspectkit.errors import FileExists, OutsideRepository, Refused
from inspectkit.files import TEMP_SUFFIX, resolve_inside, write_atomic, write_atomic_bytes
from query_fixtures import F03, make_records

Cli = Callable[..., Any]
F03_PATH = "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-03.yaml"


@pytest.fixture
def records(write: WriteFn, repo: Path) -> Path:
    make_records(write)
    return repo


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder that is not in the repository."""
    return tmp_path_factory.mktemp("outside")


# ----- the link rule -------------------------------------------------------------------------


def test_resolve_inside_follows_a_link_that_stays_inside(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    assert resolve_inside(tmp_path, tmp_path / "b.yaml") == (tmp_path / "a.yaml").resolve()


def test_resolve_inside_refuses_a_link_out(tmp_path: Path, outside: Path) -> None:
    (tmp_path / "b.yaml").symlink_to(outside / "elsewhere.yaml")
    with pytest.raises(OutsideRepository, match="leads outside the repository"):
        resolve_inside(tmp_path, tmp_path / "b.yaml")


def test_fmt_never_writes_through_a_link_out_of_the_repository(
    records: Path, outside: Path, cli: Cli
) -> None:
    target = outside / "not-a-record.yaml"
    untidy = "kind: centre\nid: far\nname:    Xa\nlist:\n- a\n"
    target.write_text(untidy, encoding="utf-8")
    (records / "records/centres/far.yaml").symlink_to(target)
    over_folder = cli("fmt")  # the folder's link out is not formatted, and named as lint names it
    assert over_folder.exit_code == 1
    assert "records/centres/far.yaml: not formatted" in over_folder.stderr
    assert target.read_text(encoding="utf-8") == untidy
    result = cli("fmt", "records/centres/far.yaml")  # named: refused, saying why
    assert result.exit_code == 1
    assert "not formatted:" in result.stderr
    assert "leads outside the repository" in result.stderr
    assert target.read_text(encoding="utf-8") == untidy
    assert (records / "records/centres/far.yaml").is_symlink()


def test_fmt_formats_the_file_a_link_inside_points_to_and_keeps_the_link(records: Path, cli: Cli) -> None:
    real = records / "shared/ttct-x.yaml"
    real.parent.mkdir()
    real.write_text("kind: centre\nid: ttct-x\nname:    Trung tâm X\n", encoding="utf-8")
    link = records / "records/centres/ttct-x.yaml"
    link.symlink_to(real)
    result = cli("fmt", "records/centres/ttct-x.yaml")
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "kind: centre\nid: ttct-x\nname: Trung tâm X\n"


def test_set_status_never_writes_through_a_link_out_of_the_repository(
    records: Path, outside: Path, cli: Cli
) -> None:
    finding = records / F03_PATH
    target = outside / "f03.yaml"
    target.write_text(F03, encoding="utf-8")
    finding.unlink()
    finding.symlink_to(target)
    result = cli("finding", "set-status", "2022-84-kh-dkt-03", "done", "--on", "2023-07-01")
    assert result.exit_code == 1
    assert "leads outside the repository" in result.stderr
    assert target.read_text(encoding="utf-8") == F03
    assert finding.is_symlink()


def test_set_status_through_a_link_inside_edits_the_file_and_keeps_the_link(records: Path, cli: Cli) -> None:
    finding = records / F03_PATH
    real = records / "records/.kept/f03.yaml"
    real.parent.mkdir()
    real.write_text(F03, encoding="utf-8")
    finding.unlink()
    finding.symlink_to(real)
    result = cli("finding", "set-status", "2022-84-kh-dkt-03", "done", "--on", "2023-07-01")
    assert result.exit_code == 0, result.stderr
    assert finding.is_symlink()
    assert "done_on: 2023-07-01" in real.read_text(encoding="utf-8")


def test_new_finding_never_writes_through_a_folder_linked_out_of_the_repository(
    records: Path, outside: Path, cli: Cli
) -> None:
    folder = records / "records/findings/2022-84-kh-dkt"
    for path in folder.iterdir():
        (outside / path.name).write_bytes(path.read_bytes())
        path.unlink()
    folder.rmdir()
    folder.symlink_to(outside, target_is_directory=True)
    before = sorted(p.name for p in outside.iterdir())
    result = cli(
        "new-finding",
        "--no-input",
        "--plan",
        "2022-84-kh-dkt",
        "--centre",
        "ttct-dinh-lap",
        "--topic",
        "dao-tao",
        "--type",
        "strength",
        "--summary",
        "Một ưu điểm",
    )
    assert result.exit_code == 1
    assert "leads outside the repository" in result.stderr
    assert sorted(p.name for p in outside.iterdir()) == before


# ----- special files -------------------------------------------------------------------------


def test_force_writes_into_a_fifo_and_keeps_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    write_atomic_bytes(fifo, b"report\n", overwrite=True)
    reader.join(timeout=10)
    assert received == [b"report\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_force_writes_into_a_character_device_and_keeps_it() -> None:
    devnull = Path(os.devnull)
    before = devnull.stat()
    write_atomic_bytes(devnull, b"nothing\n", overwrite=True)
    after = devnull.stat()
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_without_force_a_fifo_is_an_existing_file(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(FileExists):
        write_atomic_bytes(fifo, b"x", overwrite=False)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_folder_is_never_replaced(tmp_path: Path) -> None:
    with pytest.raises(Refused, match="is a folder"):
        write_atomic(tmp_path, "x", overwrite=True)
    assert tmp_path.is_dir()


def test_report_force_into_a_fifo_writes_the_document_into_it(records: Path, cli: Cli) -> None:
    fifo = records / "out.md"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = cli("report", "2022-84-kh-dkt", "--kind", "plan", "-f", "md", "-o", "out.md", "--force")
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert "KẾ HOẠCH" in received[0].decode("utf-8").upper()


def test_fmt_refuses_a_fifo_named_like_a_record_without_blocking(records: Path, cli: Cli) -> None:
    os.mkfifo(records / "records/centres/pipe.yaml")
    result = cli("fmt", "records/centres/pipe.yaml")
    assert result.exit_code == 1
    assert "not a regular file" in result.stderr


# ----- temporary files -----------------------------------------------------------------------


def test_temp_files_are_hidden_and_named_for_the_gitignore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append(Path(src).name)
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    write_atomic(tmp_path / "a.yaml", "x: 1\n", overwrite=True)
    (name,) = seen
    assert name.startswith(".a.yaml.") and name.endswith(TEMP_SUFFIX)


def test_a_stale_temp_file_of_a_killed_write_is_removed_by_the_next_write(tmp_path: Path) -> None:
    stale = tmp_path / f".a.yaml.k1ll3d{TEMP_SUFFIX}"
    fresh = tmp_path / f".a.yaml.runn1ng{TEMP_SUFFIX}"
    stale.write_text("half", encoding="utf-8")
    fresh.write_text("half", encoding="utf-8")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    write_atomic(tmp_path / "a.yaml", "x: 1\n", overwrite=True)
    assert not stale.exists()
    assert fresh.exists()  # another write may still be using it


def test_init_ignores_temp_files_in_git(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cli("init", "--no-input")
    assert f"*{TEMP_SUFFIX}" in (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()


# ----- concurrent edits ----------------------------------------------------------------------


def _history(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    history: list[dict[str, Any]] = data["action"].get("history", [])
    return history


def test_two_set_status_runs_at_once_lose_no_update(records: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    command = [sys.executable, "-m", "inspectkit", "finding", "set-status", "2022-84-kh-dkt-03"]
    rounds = 6
    for n in range(rounds):
        runs = [
            subprocess.Popen(
                [*command, "in-progress", "--on", "2023-07-01", "--note", f"lượt {n} bên {side}"],
                cwd=records,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for side in ("a", "b")
        ]
        for run in runs:
            _out, err = run.communicate(timeout=120)
            assert run.returncode == 0, err.decode("utf-8", "replace")
    notes = [entry["note"] for entry in _history(records / F03_PATH)]
    assert sorted(notes) == sorted(f"lượt {n} bên {side}" for n in range(rounds) for side in ("a", "b"))


def test_set_status_refuses_to_write_over_a_change_made_meanwhile(
    records: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspectkit.followup

    path = records / F03_PATH
    real_set_status = inspectkit.followup.set_status

    def someone_edits_meanwhile(*args: Any, **kwargs: Any) -> str:
        text: str = real_set_status(*args, **kwargs)
        path.write_text(F03 + "# someone else's line\n", encoding="utf-8")
        return text

    monkeypatch.setattr(inspectkit.followup, "set_status", someone_edits_meanwhile)
    result = cli("finding", "set-status", "2022-84-kh-dkt-03", "done", "--on", "2023-07-01")
    assert result.exit_code == 1
    assert "changed while this command ran" in result.stderr
    assert path.read_text(encoding="utf-8") == F03 + "# someone else's line\n"


def test_set_status_refuses_a_file_replaced_by_a_fifo_meanwhile_without_blocking(
    records: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspectkit.followup

    path = records / F03_PATH
    real_set_status = inspectkit.followup.set_status
    done = threading.Event()

    def someone_puts_a_fifo_meanwhile(*args: Any, **kwargs: Any) -> str:
        text: str = real_set_status(*args, **kwargs)
        path.unlink()
        os.mkfifo(path)
        return text

    def writer_if_anyone_reads() -> None:
        # Unblocks a read of the FIFO (the bug), so that the test fails instead of hanging.
        while not done.is_set():
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                time.sleep(0.05)

    monkeypatch.setattr(inspectkit.followup, "set_status", someone_puts_a_fifo_meanwhile)
    watchdog = threading.Thread(target=writer_if_anyone_reads, daemon=True)
    watchdog.start()
    try:
        result = cli("finding", "set-status", "2022-84-kh-dkt-03", "done", "--on", "2023-07-01")
    finally:
        done.set()
        watchdog.join(timeout=10)
    assert result.exit_code == 1
    assert "not a regular file" in result.stderr
    assert stat.S_ISFIFO(path.lstat().st_mode)


def test_a_template_override_linked_out_of_the_repository_is_never_read(
    records: Path, outside: Path, cli: Cli
) -> None:
    secret = outside / "secret.txt"
    secret.write_text("mật khẩu: 1234\n", encoding="utf-8")
    (records / "templates").mkdir()
    (records / "templates/plan.md.j2").symlink_to(secret)
    result = cli("report", "2022-84-kh-dkt", "--kind", "plan")
    assert result.exit_code == 2
    assert "leads outside the repository" in result.stderr
    assert "1234" not in result.stdout + result.stderr


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_a_templates_folder_linked_out_of_the_repository_is_never_read(
    records: Path, outside: Path, cli: Cli, fmt: str
) -> None:
    (outside / "tpl").mkdir()
    (outside / "tpl/plan.md.j2").write_text("mật khẩu: 1234\n", encoding="utf-8")
    (records / "templates").symlink_to(outside / "tpl")
    result = cli("report", "2022-84-kh-dkt", "--kind", "plan", "-f", fmt, "-o", f"plan.{fmt}")
    assert result.exit_code == 2
    assert "leads outside the repository" in result.stderr
    assert "1234" not in result.stdout + result.stderr
    assert not (records / f"plan.{fmt}").exists()


def test_a_template_override_linked_inside_the_templates_folder_is_used(records: Path, cli: Cli) -> None:
    (records / "templates").mkdir()
    (records / "templates/mine.md.j2").write_text("Kế hoạch riêng {{ plan.id }}\n", encoding="utf-8")
    (records / "templates/plan.md.j2").symlink_to(records / "templates/mine.md.j2")
    result = cli("report", "2022-84-kh-dkt", "--kind", "plan")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Kế hoạch riêng 2022-84-kh-dkt\n"


@pytest.mark.parametrize("check", [[], ["--check"]])
def test_fmt_over_the_records_folder_reports_a_link_out_it_skips(
    records: Path, outside: Path, cli: Cli, check: list[str]
) -> None:
    target = outside / "x.yaml"
    target.write_text("kind: centre\nid: x\nname:    X\n", encoding="utf-8")
    (records / "records/centres/x.yaml").symlink_to(target)
    result = cli("fmt", *check)
    assert result.exit_code == 1
    assert "records/centres/x.yaml: not formatted" in result.stderr
    assert "leads outside the repository" in result.stderr
    assert target.read_text(encoding="utf-8") == "kind: centre\nid: x\nname:    X\n"


@pytest.fixture
def centre_linked_out(records: Path, outside: Path) -> Path:
    """records/centres/ttct-x.yaml, a link to a valid centre outside the repository."""
    target = outside / "x.yaml"
    target.write_text("kind: centre\nid: ttct-x\nname: Trung tâm X\nshort_name: X\n", encoding="utf-8")
    (records / "records/centres/ttct-x.yaml").symlink_to(target)
    return records


def test_list_names_a_link_out_it_skips_on_stderr(centre_linked_out: Path, cli: Cli) -> None:
    result = cli("list", "centres")
    assert result.exit_code == 0, result.stderr
    assert "records/centres/ttct-x.yaml" in result.stderr
    assert "ttct-x" not in result.stdout


def test_show_names_a_link_out_it_skips_on_stderr(centre_linked_out: Path, cli: Cli) -> None:
    result = cli("show", "ttct-dinh-lap")
    assert result.exit_code == 0, result.stderr
    assert "skipped 1 link(s) out of the repository (records/centres/ttct-x.yaml)" in result.stderr


def test_a_records_folder_linked_out_of_the_repository_is_reported_and_not_read(
    records: Path, outside: Path, cli: Cli
) -> None:
    (records / "records").rename(outside / "records")
    (records / "records").symlink_to(outside / "records")
    result = cli("lint")
    assert result.exit_code == 1
    assert result.stdout.startswith("records:1:1: IK100 error: leads outside the repository")
    assert "in 0 files (0 records)" in result.stdout


def test_fmt_over_the_records_folder_follows_a_link_inside_the_repository(records: Path, cli: Cli) -> None:
    real = records / "shared/ttct-y.yaml"
    real.parent.mkdir()
    real.write_text("kind: centre\nid: ttct-y\nname:    Trung tâm Y\n", encoding="utf-8")
    (records / "records/centres/ttct-y.yaml").symlink_to(real)
    result = cli("fmt")
    assert result.exit_code == 0, result.stderr
    assert real.read_text(encoding="utf-8") == "kind: centre\nid: ttct-y\nname: Trung tâm Y\n"
    assert (records / "records/centres/ttct-y.yaml").is_symlink()
