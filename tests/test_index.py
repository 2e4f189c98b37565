"""The persistent index (.inspectkit-cache/index.sqlite3): it may make commands fast, but it must
never make them wrong. Warm results equal `--no-cache` results whatever happens to the files
between runs; an index that cannot be trusted is rebuilt; `cache clear` and `--no-cache` work."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspectkit import index as index_module
from inspectkit.cache import CACHE_DIR, INDEX_FILE
from inspectkit.formats import Rows, Shown, StatsView
from inspectkit.linter import lint, selection_from
from inspectkit.settings import load_settings
from inspectkit.survey import survey

BASE = Path(__file__).parent / "fixtures" / "lint" / "base"
TODAY = date(2024, 6, 1)
Cli = Callable[..., Any]


@pytest.fixture
def base(repo: Path) -> Path:
    shutil.rmtree(repo / "records")
    shutil.copytree(BASE / "records", repo / "records")
    return repo


@pytest.fixture(autouse=True)
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache is on (and `--no-cache` in one test does not leak into the next)."""
    monkeypatch.setenv("INSPECTKIT_NO_CACHE", "")


def results(root: Path, use_cache: bool) -> list[tuple[str, int, int, str, str, str]]:
    settings = load_settings(root)
    found = lint(settings, None, None, TODAY, use_cache=use_cache)
    return [(d.path, d.line, d.column, d.code, d.severity.value, d.message) for d in found.diagnostics]


def index_file(root: Path) -> Path:
    return root / CACHE_DIR / INDEX_FILE


def finding(
    fid: str,
    plan: str = "p1",
    centre: str = "c1",
    topic: str = "dao-tao",
    kind: str = "strength",
    action: str = "",
) -> str:
    return (
        f"kind: finding\nid: {fid}\nplan: {plan}\ncentres: [{centre}]\ntopic: {topic}\n"
        f"type: {kind}\nsummary: Mở các lớp đào tạo\n{action}"
    )


def test_the_index_is_written_in_a_cache_folder_git_ignores(base: Path) -> None:
    results(base, use_cache=True)
    assert index_file(base).is_file()
    assert (base / CACHE_DIR / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_no_cache_writes_nothing(base: Path) -> None:
    results(base, use_cache=False)
    assert not (base / CACHE_DIR).exists()


def test_without_an_index_many_files_are_scanned_into_a_scratch_one_and_let_go(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspectkit import survey as survey_module

    monkeypatch.setattr(survey_module, "SCRATCH_FILES", 1)
    monkeypatch.setattr(survey_module, "WRITE_BATCH", 2)
    found = survey(load_settings(base), use_cache=False)
    try:
        assert found.index is not None and not found.index.lasting  # SQLite's temporary database
        assert found.scanned > 2 and found.synced
        assert found.fresh == {}  # every scan written and let go: memory holds none of them
    finally:
        found.close()
    assert not (base / CACHE_DIR).exists()


def test_a_scratch_index_keeps_nothing_for_a_next_command(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspectkit import survey as survey_module

    expected = results(base, use_cache=False)  # in memory
    monkeypatch.setattr(survey_module, "SCRATCH_FILES", 1)

    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("kept in a scratch index")

    for method in ("keep_result", "keep_stamps", "vouch", "keep_positions"):
        monkeypatch.setattr(index_module.Index, method, refuse)
    assert results(base, use_cache=False) == expected


def test_a_repository_the_index_cannot_be_opened_in_scans_many_files_into_a_scratch_one(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspectkit import survey as survey_module

    monkeypatch.setattr(survey_module, "SCRATCH_FILES", 1)
    monkeypatch.setattr(index_module.Index, "open", classmethod(lambda cls, settings: None))
    found = survey(load_settings(base))  # the cache is on, but SQLite cannot open its file
    try:
        assert found.index is not None and not found.index.lasting
    finally:
        found.close()


def test_without_an_index_few_files_are_scanned_in_memory(base: Path) -> None:
    found = survey(load_settings(base), use_cache=False)
    found.close()
    assert found.index is None and found.scanned > 0


def test_a_warm_lint_reads_only_the_changed_file(base: Path, write: Callable[[str, str], Path]) -> None:
    settings = load_settings(base)
    survey(settings).close()
    write("records/findings/p1/p1-09.yaml", finding("p1-09", centre="c9"))
    again = survey(settings)
    again.close()
    assert again.scanned == 1


def test_an_edit_is_seen_even_when_size_and_mtime_are_kept(base: Path) -> None:
    path = base / "records/findings/p1/p1-01.yaml"
    before = results(base, use_cache=True)
    info = path.stat()
    text = path.read_text(encoding="utf-8").replace("[c1, c2]", "[c1, c9]")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_size == info.st_size and path.stat().st_mtime_ns == info.st_mtime_ns
    after = results(base, use_cache=True)
    assert after != before
    assert after == results(base, use_cache=False)


def _refuse_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: Any) -> None:
        raise AssertionError("the index's rows were read")

    monkeypatch.setattr(index_module.Index, "rows", refuse)


def test_an_index_that_vouched_for_every_file_is_trusted_without_reading_a_row(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    first = lint_messages(base)
    _refuse_rows(monkeypatch)
    assert lint_messages(base) == first


def test_a_lint_the_index_vouched_for_counts_every_record(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    settings = load_settings(base)
    first = lint(settings, None, selection_from(settings), TODAY)
    _refuse_rows(monkeypatch)
    again = lint(settings, None, selection_from(settings), TODAY)
    assert (again.files, again.records) == (first.files, first.records)
    assert first.records > 0


def test_an_edit_keeping_size_and_mtime_is_seen_after_the_index_vouched_for_every_file(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    before = lint_messages(base)
    lint_messages(base)  # vouched for at once
    path = base / "records/findings/p1/p1-01.yaml"
    info = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("[c1, c2]", "[c1, c9]"), encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # only the ctime tells
    after = lint_messages(base)
    assert after != before
    assert after == lint_messages(base, use_cache=False)


def test_files_changed_just_before_a_command_are_never_vouched_for(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # within RACY_NS of a change, a later write could keep every stamp: such files are read again
    from inspectkit import recordfiles

    monkeypatch.setattr(index_module, "RACY_NS", 3600 * 10**9)
    lint_messages(base)
    lint_messages(base)
    read: list[Path] = []
    real = recordfiles.read_record_bytes

    def spy(path: Path) -> bytes:
        read.append(path)
        return real(path)

    monkeypatch.setattr("inspectkit.scanpool.read_record_bytes", spy)
    lint_messages(base)
    assert len(read) == len(list((base / "records").rglob("*.yaml")))


def test_a_deleted_file_is_forgotten(base: Path) -> None:
    results(base, use_cache=True)
    (base / "records/centres/c2.yaml").unlink()
    warm = results(base, use_cache=True)
    assert any(code == "IK400" for _, _, _, code, _, _ in warm)
    assert warm == results(base, use_cache=False)
    with sqlite3.connect(index_file(base)) as db:
        keys = {key for (key,) in db.execute("SELECT key FROM files")}
    assert "records/centres/c2.yaml" not in keys


def test_a_corrupt_index_is_rebuilt_not_trusted(base: Path) -> None:
    expected = results(base, use_cache=False)
    results(base, use_cache=True)
    index_file(base).write_bytes(b"this is not a database" * 100)
    for name in (INDEX_FILE + "-wal", INDEX_FILE + "-shm"):
        (base / CACHE_DIR / name).unlink(missing_ok=True)
    assert results(base, use_cache=True) == expected
    with sqlite3.connect(index_file(base)) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone()[0] == len(list(base.rglob("*.yaml")))


def test_an_index_of_another_version_is_rebuilt(base: Path) -> None:
    results(base, use_cache=True)
    with sqlite3.connect(index_file(base)) as db:
        # a result no version of inspectkit would keep for a clean file: it must not be shown
        db.execute('UPDATE files SET found = \'[[1,1,"IK100","stale"]]\'')
        db.execute("UPDATE meta SET value = 'another-version' WHERE name = 'ruleset'")
    assert results(base, use_cache=True) == results(base, use_cache=False) == []


def test_a_result_kept_for_other_content_is_not_used(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # With the racy margin at zero, an unchanged stamp is trusted: the planted result shows that
    # the row was used, and the next edit (a new stamp) replaces it.
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    results(base, use_cache=True)
    with sqlite3.connect(index_file(base)) as db:
        db.execute("UPDATE files SET found = '[[1,1,\"IK100\",\"planted\"]]' WHERE key LIKE '%c1.yaml'")
        db.execute("DELETE FROM results")  # lint's whole result, kept for unchanged files (below)
    assert [m for *_, m in results(base, use_cache=True)] == ["planted"]
    path = base / "records/centres/c1.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# touched\n", encoding="utf-8")
    assert results(base, use_cache=True) == results(base, use_cache=False) == []


def test_cache_clear_removes_the_index(cli: Cli, base: Path) -> None:
    assert cli("lint").exit_code == 0
    assert index_file(base).exists()
    result = cli("cache", "clear")
    assert result.exit_code == 0
    assert "removed the index" in result.stdout
    assert not (base / CACHE_DIR).exists()
    assert "nothing to remove" in cli("cache", "clear").stdout


def test_the_no_cache_option_bypasses_the_index(cli: Cli, base: Path) -> None:
    assert cli("--no-cache", "lint").exit_code == 0
    assert not (base / CACHE_DIR).exists()


def test_the_cache_setting_turns_the_index_off(cli: Cli, base: Path) -> None:
    (base / "inspectkit.toml").write_text("[cache]\nenabled = false\n", encoding="utf-8")
    assert cli("lint").exit_code == 0
    assert not (base / CACHE_DIR).exists()


def test_concurrent_lints_never_corrupt_the_index(base: Path) -> None:
    for n in range(40):
        (base / f"records/findings/p1/p1-{n + 10}.yaml").write_text(
            finding(f"p1-{n + 10}", centre="c9" if n % 3 else "c1"), encoding="utf-8"
        )
    command = [sys.executable, "-m", "inspectkit", "lint", "--format", "json", "--today", "2024-06-01"]
    env = {**os.environ, "INSPECTKIT_NO_CACHE": ""}
    outputs: set[str] = set()
    for round_ in range(3):
        (base / "records/centres/c2.yaml").write_text(
            f"kind: centre\nid: c2\nname: Trung tâm {round_}\n", encoding="utf-8"
        )
        running = [
            subprocess.Popen(command, cwd=base, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(4)
        ]
        for process in running:
            out, err = process.communicate(timeout=120)
            assert process.returncode == 1, err
            outputs.add(out.decode())
    assert len(outputs) == 1
    with sqlite3.connect(index_file(base)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert results(base, use_cache=True) == results(base, use_cache=False)


# --- lint's whole result, kept for an unchanged repository ------------------------------------


def lint_messages(root: Path, today: date = TODAY, **options: Any) -> list[tuple[str, str, str]]:
    settings = load_settings(root)
    found = lint(settings, None, selection_from(settings), today, use_cache=options.get("use_cache", True))
    return [(d.path, d.code, d.message) for d in found.diagnostics]


def test_lint_of_an_unchanged_repository_reads_no_kept_scan(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    (base / "records/findings/p1/f9.yaml").write_text(finding("f9", centre="c9"), encoding="utf-8")
    first = lint_messages(base)
    assert any(code == "IK400" for _, code, _ in first)  # c9 is no centre

    def refuse(*_: Any) -> None:
        raise AssertionError("a scan was read from the index")

    monkeypatch.setattr(index_module.Index, "scans", refuse)
    assert lint_messages(base) == first


def test_the_kept_result_is_not_used_on_another_day(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    due = "  owner: Văn phòng\n  due: 2024-05-01\n  status: open\n"
    (base / "records/findings/p1/f9.yaml").write_text(finding("f9") + "action:\n" + due, encoding="utf-8")
    assert not [m for _, code, m in lint_messages(base, date(2024, 4, 1)) if code == "IK508"]
    assert [code for _, code, _ in lint_messages(base, date(2024, 6, 1)) if code == "IK508"] == ["IK508"]


def test_the_kept_result_is_not_used_with_other_settings(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    (base / "records/findings/p1/f9.yaml").write_text(finding("f9", centre="c9"), encoding="utf-8")
    assert any(code == "IK400" for _, code, _ in lint_messages(base))
    (base / "inspectkit.toml").write_text('[lint]\nignore = ["IK400"]\n', encoding="utf-8")
    assert not any(code == "IK400" for _, code, _ in lint_messages(base))


def test_the_kept_result_shows_paths_from_where_lint_runs(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    (base / "records/findings/p1/f9.yaml").write_text(finding("f9", centre="c9"), encoding="utf-8")
    monkeypatch.chdir(base)
    assert ("records/findings/p1/f9.yaml", "IK400") in [(p, c) for p, c, _ in lint_messages(base)]
    monkeypatch.chdir(base / "records")
    assert ("findings/p1/f9.yaml", "IK400") in [(p, c) for p, c, _ in lint_messages(base)]


def test_a_result_made_while_another_command_changed_the_files_is_not_kept(base: Path) -> None:
    lint_messages(base)
    settings = load_settings(base)
    mine, theirs = index_module.Index.open(settings), index_module.Index.open(settings)
    assert mine is not None and theirs is not None
    try:
        mine.rows()
        theirs.rows()
        assert theirs.write([], [], ["records/centres/c1.yaml"])  # the files changed meanwhile
        mine.keep_result("lint", "key", "[]")
        assert mine.result("lint", "key") is None
        theirs.keep_result("lint", "key", "[]")
        assert theirs.result("lint", "key") == "[]"
    finally:
        mine.close()
        theirs.close()


# --- warm results are always the results without the index -----------------------------------

CENTRES = ["c1", "c2", "c9"]
PLANS = ["p1", "p2"]
TOPICS = ["dao-tao", "che-do", "khac"]
TYPES = ["strength", "weakness", "proposal"]

Op = tuple[str, int, int, int]


def _operations() -> st.SearchStrategy[list[Op]]:
    op = st.tuples(
        # edits first: most keep the file's size, the change a stamp check could miss
        st.sampled_from(["edit", "edit", "edit", "add", "rename", "delete", "break", "touch", "comment"]),
        st.integers(0, 30),
        st.integers(0, 30),
        st.integers(0, 30),
    )
    return st.lists(op, min_size=1, max_size=8)


@contextmanager
def _repository() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(BASE / "records", root / "records")
        yield root


def _apply(root: Path, op: str, a: int, b: int, c: int) -> None:
    """One change a person (or git) makes to the records between two commands."""
    if op == "add":
        folder = root / "records/findings" / PLANS[b % 2]
        folder.mkdir(parents=True, exist_ok=True)
        kind = TYPES[(b + c) % 3]
        action = ""
        if kind == "proposal" and a % 3:  # some proposals with an action to follow, some without
            status = ["open", "in-progress", "done"][c % 3]
            action = f"action:\n  owner: Văn phòng {c % 2}\n  due: 2024-0{1 + c % 9}-15\n  status: {status}\n"
        text = finding(f"f{a}", PLANS[b % 2], CENTRES[c % 3], TOPICS[(a + b) % 3], kind, action)
        (folder / f"f{a}.yaml").write_text(text, encoding="utf-8")
        return
    files = sorted((root / "records").rglob("*.yaml"))
    if not files:
        return
    target = files[a % len(files)]
    text = target.read_text(encoding="utf-8", errors="replace")
    if op == "edit":
        changes = [
            ("c1", "c9"),
            ("c2", "c1"),
            ("dao-tao", "dao-taa"),
            ("p1", "p2"),
            (f"id: {target.stem}", f"id: {target.stem}x"),
            ("kind:", f"extra: {c}\nkind:"),
        ]
        old, new = changes[b % len(changes)]
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    elif op == "rename":
        target.rename(target.with_name(f"r{b}-{target.name}"))
    elif op == "delete":
        target.unlink()
    elif op == "break":
        target.write_text("kind: [broken\n", encoding="utf-8")
    elif op == "comment":  # every line moves down, no fact changes: the facts rules' problems are kept
        target.write_text(f"# ghi chú {c}\n" + text, encoding="utf-8")
    else:  # touch: a new stamp, the same content
        os.utime(target, ns=(time.time_ns(), time.time_ns() + b))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=_operations(), trust_stamps=st.booleans())
def test_warm_lint_results_always_equal_results_without_the_index(
    operations: list[Op], trust_stamps: bool
) -> None:
    with _repository() as root, pytest.MonkeyPatch.context() as patch:
        patch.setenv("INSPECTKIT_NO_CACHE", "")
        if trust_stamps:  # exercise the rows trusted on their stamps alone, not only re-hashing
            patch.setattr(index_module, "RACY_NS", 0)
        results(root, use_cache=True)
        for op, a, b, c in operations:
            _apply(root, op, a, b, c)
            warm = results(root, use_cache=True)
            # run again with nothing changed: with trusted stamps, the whole result kept is used
            assert warm == results(root, use_cache=True) == results(root, use_cache=False), (op, a, b, c)


# --- queries read from the index answer as queries over every record loaded --------------------

SEARCHES = ["dao tao", "MO CAC LOP", "trung tam"]
LISTS = [
    ("list", [], None),
    ("where", ["centre=c1"], None),
    ("where type", ["type=weakness,proposal"], None),
    ("where plan and due", ["plan=p2", "action.due<2024-05-01"], None),
    ("where centre by name", ["centre=Đình Lập", "plan=84-KH/ĐKT"], None),
    *((f"search {s}", [], s) for s in SEARCHES),
]
BOARDS: list[tuple[str, dict[str, Any]]] = [
    ("actions", {}),
    ("actions overdue", {"overdue": True}),
    ("actions of p1, open, by owner", {"plan": "p1", "status": ["open"], "owner": "VAN PHONG 1"}),
]


def query_answers(root: Path, use_cache: bool) -> dict[str, Any]:
    """What list, search, show, actions and stats answer, through the index (or --no-cache)."""
    from inspectkit import listings
    from inspectkit.errors import InspectkitError

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INSPECTKIT_NO_CACHE", "" if use_cache else "1")
        settings = load_settings(root)
        out: dict[str, Any] = {}
        for name, where, search in LISTS:
            try:
                answer = listings.listing(settings, "findings", where, search, None)
            except InspectkitError as exc:  # `centre=c1` once c1 is gone
                out[name] = (str(exc),)
                continue
            assert isinstance(answer.value, Rows)
            out[name] = (answer.value.data, answer.value.footer, answer.notes)
        for name, options in BOARDS:
            status = ",".join(options.get("status", []))
            try:
                board = listings.board(
                    settings,
                    TODAY,
                    overdue=options.get("overdue", False),
                    owner=options.get("owner"),
                    plan=options.get("plan"),
                    status=status or None,
                )
            except InspectkitError as exc:  # `--plan p1` once p1 is gone
                out[name] = (str(exc),)
                continue
            assert isinstance(board.value, Rows)
            out[name] = (board.value.data, board.value.footer, board.notes)
        for name, plan in [("stats", None), ("stats of p1", "p1")]:
            try:
                counts = listings.counts(settings, TODAY, plan)
            except InspectkitError as exc:
                out[name] = (str(exc),)
                continue
            assert isinstance(counts.value, StatsView)
            out[name] = (counts.value.data, counts.notes)
        for record_id in ("p1", "c1", "p1-01", "p3"):
            try:
                shown = listings.shown(settings, record_id)
                assert isinstance(shown.value, Shown)
                out[f"show {record_id}"] = (shown.value.data, shown.value.links, shown.notes)
            except InspectkitError as exc:
                out[f"show {record_id}"] = str(exc)
        return out


def reference_answers(root: Path) -> dict[str, Any]:
    """The same questions answered as before the index: every record loaded and parsed."""
    from inspectkit import queries
    from inspectkit.errors import InspectkitError
    from inspectkit.repository import load_repository

    settings = load_settings(root)
    repo = load_repository(settings)
    out: dict[str, Any] = {}
    for name, where, search in LISTS:
        conditions = [queries.parse_where("finding", w) for w in where]
        try:
            found = queries.select(repo, "finding", conditions, search, None)
        except InspectkitError as exc:
            out[name] = str(exc)
            continue
        out[name] = [queries.record_json(r) for r in found]
    for name, options in BOARDS:
        plan = options.get("plan")
        if plan is None or getattr(repo.by_id.get(plan), "kind", None) == "plan":  # else refused
            out[name] = [i.to_json() for i in queries.actions(repo, TODAY, **options)]
    out["stats"] = queries.stats(repo, TODAY, None)
    for record_id in ("p1", "c1", "p1-01"):
        try:
            record = queries.find_record(repo, record_id)
            out[f"show {record_id}"] = (record.data, queries.links(repo, record))
        except InspectkitError as exc:
            out[f"show {record_id}"] = str(exc)
    return out


def assert_same_answers(root: Path) -> None:
    warm, cold, before = query_answers(root, True), query_answers(root, False), reference_answers(root)
    assert warm == cold
    for name, value in before.items():
        got = warm[name]
        if name.startswith("show"):
            assert (got if isinstance(got, str) else got[:2]) == value, name
        else:
            assert got[0] == value, name


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=_operations(), trust_stamps=st.booleans())
def test_warm_query_answers_always_equal_answers_without_the_index(
    operations: list[Op], trust_stamps: bool
) -> None:
    with _repository() as root, pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        if trust_stamps:
            patch.setattr(index_module, "RACY_NS", 0)
        assert_same_answers(root)
        for op, a, b, c in operations:
            _apply(root, op, a, b, c)
            assert_same_answers(root)


# --- search over the kept text --------------------------------------------------------------

_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
_TEXT = st.text(
    alphabet=st.sampled_from([*_LETTERS, " ", "\t", "\n", "-", "'", "\u0301", "\u0323", "ß", "İ"])
)


@settings(max_examples=300, deadline=None)
@given(values=st.lists(_TEXT, max_size=4), search=_TEXT)
def test_the_kept_search_text_answers_exactly_as_the_search_over_the_record(
    values: list[str], search: str
) -> None:
    # SQLite's FTS5 (unicode61, remove_diacritics) was not used: it keeps đ (no decomposition),
    # so "dinh" would not find "Đình", and it matches whole tokens, not parts of words.
    from inspectkit.queries.search import matches_search
    from inspectkit.summaries import search_text
    from inspectkit.text import norm

    data = {"kind": "finding", "summary": values[0] if values else "", "evidence": values[1:]}
    wanted = norm(search)
    kept = search_text(data)
    assert (not wanted or wanted in kept) == matches_search(data, search)


def test_a_summary_rebuilds_the_model_model_construct_would_make() -> None:
    from inspectkit import kinds
    from inspectkit.repository import load_repository
    from inspectkit.summaries import _construct, rebuild, summary

    reference = load_repository(load_settings(Path(__file__).parent.parent))
    checked = 0
    for record in reference.records:
        if record.model is None or record.kind is None:
            continue
        kept = summary(record.model)
        made = rebuild(record.kind, kept)
        assert type(made) is type(record.model)
        assert summary(made) == kept
        fields = {name: getattr(made, name) for name in made.model_fields_set}
        expected = kinds.get(record.kind).model.model_construct(**fields)
        assert made.model_dump() == expected.model_dump()
        assert _construct(type(made), **fields).model_fields_set == expected.model_fields_set
        checked += 1
    assert checked > 20


def test_a_lint_in_worker_processes_writing_in_batches_answers_as_one_process(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspectkit import scanpool
    from inspectkit import survey as survey_module

    for n in range(7):  # some good findings, one dangling
        (base / f"records/findings/p1/g{n}.yaml").write_text(
            finding(f"g{n}", centre="c9" if n == 3 else "c1"), encoding="utf-8"
        )
    expected = results(base, use_cache=False)
    monkeypatch.setattr(scanpool, "PARALLEL_FILES", 1)
    monkeypatch.setattr(survey_module, "WRITE_BATCH", 2)
    monkeypatch.setattr(scanpool, "_CHUNK", 3)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert results(base, use_cache=True) == expected  # cold: built by the workers, in batches
    with sqlite3.connect(index_file(base)) as db:
        kept = {key for (key,) in db.execute("SELECT key FROM files")}
    assert kept == {p.relative_to(base).as_posix() for p in (base / "records").rglob("*.yaml")}
    assert results(base, use_cache=True) == expected  # warm


def test_list_show_and_the_whole_repository_views_keep_no_node_trees(base: Path) -> None:
    # a node tree costs about 16 KB a record: commands that place nothing in a file keep none
    from inspectkit.partial import load_around, load_for_list
    from inspectkit.whole import load_whole

    settings = load_settings(base)
    listed = load_for_list(settings, "finding", None, [], False).repo
    shown = load_around(settings, ["p1"])
    whole = load_whole(settings)
    for repo in (listed, shown, whole):
        assert repo.records
        assert all(r.node is None for r in repo.records)
        assert all(f.node is None for f in repo.files)


def test_results_kept_for_two_days_are_both_used(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a `report` (today) beside a `lint --today` (another day) must not push each other out
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    first, second = lint_messages(base, date(2024, 4, 1)), lint_messages(base, date(2024, 6, 1))

    def refuse(*_: Any) -> None:
        raise AssertionError("a scan was read from the index")

    monkeypatch.setattr(index_module.Index, "scans", refuse)
    assert lint_messages(base, date(2024, 4, 1)) == first
    assert lint_messages(base, date(2024, 6, 1)) == second


def test_a_lint_of_a_file_outside_the_records_keeps_no_result_for_the_repository(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    monkeypatch.chdir(base)
    outside = base / "elsewhere.yaml"
    outside.write_text(finding("f9", centre="c9"), encoding="utf-8")
    settings = load_settings(base)
    assert any(d.path == "elsewhere.yaml" for d in lint(settings, [outside], None, TODAY).diagnostics)
    assert not [p for p, _, _ in lint_messages(base) if p.endswith("elsewhere.yaml")]


KEPT_DAMAGES = [
    *(("results", v) for v in ["not json", '{"a": 1}', "[[1, 2]]", '[["k", 1, 1, "IK400", "fatal", "m"]]']),
    *(
        ("facts_results", v)
        for v in ["not json", '{"a": 1}', "[[1, 2]]", '[["k", "IK400", "bad", [], "value", "m"]]']
    ),
]


@pytest.mark.parametrize(("table", "value"), KEPT_DAMAGES)
def test_a_damaged_kept_result_is_made_again_not_trusted(
    base: Path, monkeypatch: pytest.MonkeyPatch, table: str, value: str
) -> None:
    """Lint's whole result, or the facts rules' problems kept for the facts as they are."""
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    (base / "records/findings/p1/f9.yaml").write_text(finding("f9", centre="c9"), encoding="utf-8")
    first = lint_messages(base)
    with sqlite3.connect(index_file(base)) as db:
        assert db.execute(f"UPDATE {table} SET value = ?", (value,)).rowcount == 1
        if table == "facts_results":
            db.execute("DELETE FROM results")  # so that the facts rules' kept problems are asked for
    assert lint_messages(base) == first


def test_an_edit_that_keeps_every_fact_runs_no_facts_rule_and_places_their_problems_anew(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A comment or a wording changed leaves every record's facts as they were: what the facts
    rules found is kept in the index and placed again (the lines moved), not found again."""
    from inspectkit import linter

    monkeypatch.setattr(index_module, "RACY_NS", 0)
    f9 = base / "records/findings/p1/f9.yaml"
    f9.write_text(finding("f9", centre="c9"), encoding="utf-8")
    (before,) = [line for _, line, _, code, _, _ in results(base, True) if code == "IK400"]
    f9.write_text("# a comment moves every line down\n" + finding("f9", centre="c9"), encoding="utf-8")
    expected = results(base, False)

    def refuse(*_: Any) -> None:
        raise AssertionError("the facts rules ran again")

    monkeypatch.setattr(linter, "_check", refuse)
    warm = results(base, True)
    assert warm == expected
    assert [line for _, line, _, code, _, _ in warm if code == "IK400"] == [before + 1]


def test_an_edit_that_changes_a_fact_runs_the_facts_rules_again(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    f9 = base / "records/findings/p1/f9.yaml"
    f9.write_text(finding("f9", centre="c9"), encoding="utf-8")
    assert any(code == "IK400" for _, code, _ in lint_messages(base))
    f9.write_text(finding("f9", centre="c1"), encoding="utf-8")
    assert not any(code == "IK400" for _, code, _ in lint_messages(base))
    assert lint_messages(base) == lint_messages(base, use_cache=False)


def test_after_an_edit_only_the_rows_of_the_files_changed_are_read(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index keeps every file's stamps in one value: a command after an edit compares them
    with the stamps it takes, and reads only the rows of the files whose stamps differ."""
    monkeypatch.setattr(index_module, "RACY_NS", 0)
    f9 = base / "records/findings/p1/f9.yaml"
    f9.write_text(finding("f9", centre="c9"), encoding="utf-8")
    lint_messages(base)
    f9.write_text(finding("f9", centre="c1"), encoding="utf-8")
    asked: list[list[str]] = []
    rows_of = index_module.Index.rows_of

    def refuse(self: index_module.Index) -> None:
        raise AssertionError("every row was read")

    def spy(self: index_module.Index, keys: list[str]) -> dict[str, index_module.Row]:
        asked.append(sorted(keys))
        return rows_of(self, keys)

    monkeypatch.setattr(index_module.Index, "rows", refuse)
    monkeypatch.setattr(index_module.Index, "rows_of", spy)
    assert lint_messages(base) == lint_messages(base, use_cache=False)
    assert asked == [["records/findings/p1/f9.yaml"]]


@pytest.mark.parametrize("value", [b"not marshal", b"\xe9", None])
def test_damaged_kept_stamps_are_not_trusted(
    base: Path, monkeypatch: pytest.MonkeyPatch, value: bytes | None
) -> None:
    import marshal

    monkeypatch.setattr(index_module, "RACY_NS", 0)
    f9 = base / "records/findings/p1/f9.yaml"
    f9.write_text(finding("f9", centre="c9"), encoding="utf-8")
    lint_messages(base)
    f9.write_text(finding("f9", centre="c1"), encoding="utf-8")
    damaged = value if value is not None else marshal.dumps((["a"], [], b""))  # lists that disagree
    with sqlite3.connect(index_file(base)) as db:
        assert db.execute("UPDATE stamps_kept SET value = ?", (damaged,)).rowcount == 1
    assert lint_messages(base) == lint_messages(base, use_cache=False)
