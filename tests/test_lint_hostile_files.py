"""Lint never blocks, never fills memory and never leaves the repository, whatever sits in the
records folder: FIFOs and devices named *.yaml, links out, huge files, huge mappings, UTF-16."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from inspectkit.linter import MAX_PER_FILE
from inspectkit.recordfiles import MAX_BYTES, Unreadable, read_record_bytes

Cli = Callable[..., Any]
WriteFn = Callable[[str, str], Path]

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPECTKIT_NO_CACHE", "1")


def problems(cli: Cli, *args: str) -> list[dict[str, Any]]:
    result = cli("lint", "--format", "json", *args)
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


@posix_only
def test_a_fifo_named_yaml_is_reported_without_blocking(cli: Cli, repo: Path) -> None:
    os.mkfifo(repo / "records" / "pipe.yaml")  # nobody ever writes to it: a read would block
    started = time.monotonic()
    found = problems(cli)
    assert time.monotonic() - started < 30
    assert [(d["path"], d["code"]) for d in found] == [("records/pipe.yaml", "IK100")]
    assert "not a regular file (a FIFO)" in found[0]["message"]


@posix_only
def test_a_link_to_dev_zero_is_reported_as_leading_out_and_never_read(cli: Cli, repo: Path) -> None:
    os.symlink("/dev/zero", repo / "records" / "zero.yaml")
    found = problems(cli)
    assert [(d["path"], d["code"]) for d in found] == [("records/zero.yaml", "IK100")]
    assert "leads outside the repository" in found[0]["message"]


@posix_only
def test_a_device_is_refused_before_reading(tmp_path: Path) -> None:
    with pytest.raises(Unreadable, match="not a regular file"):
        read_record_bytes(Path("/dev/zero"))


def test_a_huge_file_is_refused_from_its_size_without_reading_it(tmp_path: Path) -> None:
    sparse = tmp_path / "big.yaml"
    with sparse.open("wb") as handle:
        handle.truncate(50 * 1024**3)  # 50 GiB of nothing: reading it would never end
    with pytest.raises(Unreadable) as caught:
        read_record_bytes(sparse)
    assert caught.value.code == "IK106"
    assert "over the 1 MiB limit" in caught.value.message


def test_at_most_the_limit_and_one_byte_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "grows.yaml"
    path.write_bytes(b"a" * 10)
    asked: list[int] = []
    real_read = os.read

    def read(fd: int, size: int) -> bytes:
        asked.append(size)
        return real_read(fd, size)

    monkeypatch.setattr(os, "read", read)
    read_record_bytes(path)
    assert asked and max(asked) == MAX_BYTES + 1


def test_a_link_out_of_the_repository_is_reported_not_followed(
    cli: Cli, repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "c9.yaml").write_text("kind: centre\nid: c9\nname: Ngoài\n", encoding="utf-8")
    (repo / "records" / "centres").mkdir()
    os.symlink(elsewhere / "c9.yaml", repo / "records" / "centres" / "c9.yaml")
    os.symlink(elsewhere, repo / "records" / "outside")
    found = problems(cli)
    assert sorted((d["path"], d["code"]) for d in found) == [
        ("records/centres/c9.yaml", "IK100"),
        ("records/outside", "IK100"),
    ]
    assert all("leads outside the repository" in d["message"] for d in found)


@posix_only
@pytest.mark.parametrize("folder", ["records", "records/centres"])
def test_a_link_out_below_a_folder_named_to_lint_is_reported_as_by_a_whole_lint(
    cli: Cli, repo: Path, tmp_path_factory: pytest.TempPathFactory, folder: str
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (elsewhere / "c9.yaml").write_text("kind: centre\nid: c9\nname: Ngoài\n", encoding="utf-8")
    (repo / "records" / "centres").mkdir()
    os.symlink(elsewhere / "c9.yaml", repo / "records" / "centres" / "c9.yaml")
    result = cli("lint", "--format", "json", folder)
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert [(d["path"], d["code"]) for d in found] == [("records/centres/c9.yaml", "IK100")]
    assert "leads outside the repository" in found[0]["message"]


def test_a_linked_folder_inside_the_repository_is_followed(cli: Cli, repo: Path, write: WriteFn) -> None:
    write("shared/centres/c1.yaml", "kind: centre\nid: c1\nname: Trung tâm\n")
    os.symlink(repo / "shared" / "centres", repo / "records" / "centres")
    write(
        "records/findings/f1.yaml",
        "kind: finding\nid: f1\nplan: p1\ncentres: [c1]\ntopic: t\ntype: strength\nsummary: S\n",
    )
    found = problems(cli, "--select", "IK400")
    # the centre behind the link is read: only the missing plan is dangling
    assert [d["message"].split(":")[0] for d in found] == ["no plan has id 'p1'"]


def test_a_mapping_with_40000_unknown_keys_lints_in_linear_time_and_is_cut(
    cli: Cli, repo: Path, write: WriteFn
) -> None:
    keys = "".join(f"k{i}: v\n" for i in range(40_000))
    write("records/centres/c1.yaml", "kind: centre\nid: c1\nname: X\n" + keys)
    started = time.monotonic()
    found = problems(cli)
    assert time.monotonic() - started < 60  # 85 s before, quadratic in the keys
    assert len(found) == MAX_PER_FILE
    assert found[0]["line"] == 4 and found[-1]["line"] == 3 + MAX_PER_FILE
    assert found[-1]["message"].endswith(
        "[39,900 more problem(s) in this file are not shown: fix these and lint again]"
    )


@pytest.mark.parametrize(
    ("encoding", "named"),
    [
        ("utf-16", "UTF-16 (little-endian)"),
        ("utf-16-be", "UTF-16 (big-endian)"),
        ("utf-32", "UTF-32 (little-endian)"),
    ],
)
def test_a_utf16_file_is_called_utf16_not_a_legacy_encoding(
    cli: Cli, repo: Path, encoding: str, named: str
) -> None:
    (repo / "records" / "c1.yaml").write_bytes("kind: centre\nid: c1\nname: Đình Lập\n".encode(encoding))
    found = problems(cli)
    assert [(d["code"], d["line"]) for d in found] == [("IK102", 1)]
    assert found[0]["message"].startswith(f"file is {named} text, not UTF-8: re-save it as UTF-8")
