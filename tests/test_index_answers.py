"""The query commands answered with SQL over the index (indexed.py): they read no record file and
make no model per record, and answer exactly as `--no-cache` (which loads the records)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import WriteFn
from inspectkit import index as index_module
from inspectkit import indexschema, repository, summaries
from inspectkit.cache import CACHE_DIR, INDEX_FILE
from query_fixtures import make_records

Cli = Callable[..., Any]

QUERIES = [
    ("stats", "--today", "2024-06-01"),
    ("stats", "--plan", "2022-84-kh-dkt", "--today", "2024-06-01"),
    ("actions", "--today", "2024-06-01", "--format", "json"),
    ("actions", "--overdue", "--owner", "chi lang", "--today", "2024-06-01", "--format", "json"),
    ("list", "findings", "--format", "json"),
    ("list", "findings", "--where", "type=weakness,request", "--format", "json"),
    ("list", "findings", "--where", "centre=ttct-dinh-lap", "--sort", "-type", "--format", "json"),
    ("list", "findings", "--where", "centre=Chi Lăng", "--format", "json"),
    ("list", "findings", "--search", "bien che", "--format", "json"),
    ("list", "centres", "--where", "plan=84-KH/ĐKT", "--format", "json"),
    ("list", "findings", "--where", "plan=84-KH/ĐKT", "--where", "centre=Đình Lập", "--format", "json"),
    ("list", "findings", "--where", "centre=Hà Nội"),
    ("list", "centres", "--format", "json"),
    ("show", "2022-84-kh-dkt"),
    ("show", "ttct-dinh-lap", "--format", "json"),
    ("show", "2022-84-kh-dkt-99"),
]


@pytest.fixture(autouse=True)
def cache_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPECTKIT_NO_CACHE", "")


@pytest.fixture
def records(write: WriteFn, repo: Path) -> Path:
    make_records(write)
    return repo


def answer(cli: Cli, *args: str) -> tuple[int, str, str]:
    result = cli(*args)
    return result.exit_code, result.stdout, result.stderr


def without_index(cli: Cli, *args: str) -> tuple[int, str, str]:
    try:
        return answer(cli, "--no-cache", *args)
    finally:
        os.environ["INSPECTKIT_NO_CACHE"] = ""  # the option sets it for the process


@pytest.mark.parametrize("query", QUERIES, ids=" ".join)
def test_a_warm_answer_is_the_answer_without_the_index(
    records: Path, cli: Cli, query: tuple[str, ...]
) -> None:
    assert cli("lint").exit_code in (0, 1)  # builds the index
    assert answer(cli, *query) == without_index(cli, *query)


@pytest.mark.parametrize("query", [("lint", "--format", "json"), *QUERIES], ids=" ".join)
def test_without_an_index_many_files_are_scanned_into_a_scratch_one_with_the_same_answer(
    records: Path, cli: Cli, query: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspectkit import survey

    expected = without_index(cli, *query)  # the scans held in memory
    scratch: list[bool] = []
    real = index_module.Index.scratch

    def spy() -> index_module.Index | None:
        made = real()
        scratch.append(made is not None)
        return made

    monkeypatch.setattr(survey, "SCRATCH_FILES", 1)
    monkeypatch.setattr(index_module.Index, "scratch", spy)
    assert without_index(cli, *query) == expected
    assert scratch == [True]
    assert not (records / CACHE_DIR).exists()  # nothing written in the repository


def test_stats_and_actions_make_no_model_from_a_summary_when_the_index_is_warm(
    records: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = [without_index(cli, "stats"), without_index(cli, "actions", "--format", "json")]
    cli("lint")

    def refuse(*_: Any) -> None:
        raise AssertionError("a model was made from a summary")

    monkeypatch.setattr(summaries, "rebuild", refuse)
    assert [answer(cli, "stats"), answer(cli, "actions", "--format", "json")] == expected


def test_list_and_show_read_no_record_file_when_the_index_is_warm(
    records: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = [("list", "findings", "--search", "bien che"), ("show", "ttct-dinh-lap")]
    expected = [without_index(cli, *q) for q in queries]
    cli("lint")

    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("a record file was read")

    monkeypatch.setattr(repository, "load_repository", refuse)
    assert [answer(cli, *q) for q in queries] == expected


def test_a_list_naming_a_centre_by_name_makes_only_findings_and_centres(
    records: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspectkit import indexed

    query = ("list", "findings", "--where", "centre=Chi Lăng", "--format", "json")
    expected = without_index(cli, *query)
    cli("lint")
    made: list[str] = []
    records_of = indexed.records

    def spy(found: Any, db: Any, keys: Any) -> Any:
        made.extend(keys)
        return records_of(found, db, keys)

    monkeypatch.setattr(indexed, "records", spy)
    assert answer(cli, *query) == expected
    assert made and all("/findings/" in key or "/centres/" in key for key in made)


def test_show_does_not_read_every_records_identity_when_the_index_is_warm(
    records: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspectkit.survey import Survey

    expected = without_index(cli, "show", "2022-84-kh-dkt")
    cli("lint")

    def refuse(*_: Any) -> None:
        raise AssertionError("every record's identity was read")

    monkeypatch.setattr(Survey, "identities", refuse)
    assert answer(cli, "show", "2022-84-kh-dkt") == expected


def test_when_the_index_cannot_be_written_the_answers_come_from_the_scans(
    records: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("lint")
    (records / "records/centres/ttct-chi-lang.yaml").write_text(
        "kind: centre\nid: ttct-chi-lang\nname: Trung tâm Chính trị huyện Chi Lăng mới\n", encoding="utf-8"
    )
    monkeypatch.setattr(
        index_module.Index, "write", lambda *_: False
    )  # as when another command holds the lock
    for query in QUERIES:
        assert answer(cli, *query) == without_index(cli, *query), query


@pytest.mark.parametrize(
    ("first", "then"), [("c1", "c01"), ("c\u0661", "c1")], ids=["leading zero", "arabic-indic digit"]
)
def test_centres_whose_ids_sort_alike_keep_the_order_they_are_first_met(
    records: Path, cli: Cli, write: WriteFn, first: str, then: str
) -> None:
    # natural order puts c1 and c01 (or c١) together; which comes first is the order the findings
    # name them in (here the opposite of the order of the texts, as the index would give them)
    for name, centres in [
        ("a", f"[ttct-dinh-lap, {first}]"),
        ("b", f"[{then}, {first}]"),
        ("c", f"[{then}]"),
    ]:
        write(
            f"records/findings/x/{name}.yaml",
            f"kind: finding\nid: {name}\nplan: 2022-84-kh-dkt\ncentres: {centres}\ntopic: dao-tao\n"
            "type: strength\nsummary: Một\n",
        )
    cli("lint")
    warm = answer(cli, "stats", "--format", "json")
    assert warm == without_index(cli, "stats", "--format", "json")
    assert warm[1].index(f'"{first}"') < warm[1].index(f'"{then}"')


def test_a_plan_option_naming_a_record_of_another_kind_first_is_refused_as_without_the_index(
    records: Path, cli: Cli, write: WriteFn
) -> None:
    # two records share an id (IK301); the one met first is a centre, so --plan names no plan
    write("records/centres/aa.yaml", "kind: centre\nid: 2022-84-kh-dkt\nname: Trung tâm trùng\n")
    cli("lint")
    for query in [("stats", "--plan", "2022-84-kh-dkt"), ("actions", "--plan", "2022-84-kh-dkt")]:
        warm = answer(cli, *query)
        assert warm == without_index(cli, *query)
        assert warm[0] == 2


def test_an_index_of_the_previous_schema_is_rebuilt(records: Path, cli: Cli) -> None:
    import sqlite3

    cli("lint")
    with sqlite3.connect(records / CACHE_DIR / INDEX_FILE) as db:
        db.execute("UPDATE meta SET value = '3' WHERE name = 'schema'")
        db.execute("DELETE FROM findings")  # what an index without the table would answer
    assert answer(cli, "stats") == without_index(cli, "stats")
    with sqlite3.connect(records / CACHE_DIR / INDEX_FILE) as db:
        assert db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()[0] == str(
            indexschema.SCHEMA
        )
        assert db.execute("SELECT count(*) FROM findings").fetchone()[0] == 4


# --- the data kept with each record -----------------------------------------------------------

_ZONES = st.sampled_from([None, timezone.utc, timezone(timedelta(hours=7)), timezone(timedelta(minutes=-90))])
_SCALARS = (
    st.text()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.none()
    | st.dates()
    | st.builds(lambda d, z: d.replace(tzinfo=z), st.datetimes(), _ZONES)
)
# keys as YAML gives them: text without NUL
_DATA = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text().filter(lambda k: "\x00" not in k), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(data=st.dictionaries(st.text().filter(lambda k: "\x00" not in k), _DATA, max_size=5))
def test_the_kept_data_decodes_to_the_data_as_read(data: dict[str, Any]) -> None:
    decoded = summaries.decode_data(summaries.encode_data(data))
    assert decoded == data
    assert _types(decoded) == _types(data)


def _types(value: Any) -> Any:
    """The value's shape with the type of every leaf (True == 1 and date == datetime otherwise)."""
    if isinstance(value, dict):
        return {k: _types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_types(v) for v in value]
    return (type(value), value.tzinfo if isinstance(value, datetime) else None)


def test_a_date_kept_in_the_data_is_a_date_again() -> None:
    data = {"issued": date(2022, 11, 3), "quoted": "2022-11-03"}
    assert summaries.decode_data(summaries.encode_data(data)) == data


def test_an_argument_the_locale_could_not_decode_finds_nothing_in_a_warm_index(
    records: Path, cli: Cli
) -> None:
    import subprocess
    import sys

    cli("lint")
    c_locale = {"LANG": "C", "LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0", "NO_COLOR": "1"}
    outcomes = []
    for query in [("show", "Đình"), ("list", "findings", "--search", "Đình"), ("stats", "--plan", "Đình")]:
        done = subprocess.run(
            [sys.executable, "-m", "inspectkit", *query],
            cwd=records,
            env={**os.environ, **c_locale},
            capture_output=True,
            check=False,
        )
        assert b"internal error" not in done.stderr, done.stderr
        outcomes.append(done.returncode)
    assert outcomes == [1, 0, 2]


NOT_JSON = "{not json"
DAMAGES = [
    ("records", "data", NOT_JSON, ("show", "2022-84-kh-dkt")),
    ("records", "data", 12, ("show", "2022-84-kh-dkt")),  # JSON, but no mapping (SQLite keeps the text "12")
    ("records", "data", '{"id": {"\\u0000": ""}}', ("show", "2022-84-kh-dkt")),  # a tagged date that is none
    ("records", "data", NOT_JSON, ("list", "findings", "--search", "bien che")),
    ("records", "summary", NOT_JSON, ("stats",)),
    ("findings", "centres", NOT_JSON, ("actions", "--format", "json")),
    ("files", "facts", NOT_JSON, ("lint", "--format", "json")),
]


@pytest.mark.parametrize(
    ("table", "column", "value", "query"),
    DAMAGES,
    ids=lambda v: " ".join(v) if isinstance(v, tuple) else str(v),
)
def test_damaged_data_in_the_index_is_made_again_not_trusted(
    records: Path, cli: Cli, table: str, column: str, value: str | int, query: tuple[str, ...]
) -> None:
    """SQLite checks its pages, not the JSON the index keeps in them: damaged JSON removes the
    index, and the command answers as with one made anew."""
    import sqlite3

    expected = without_index(cli, *query)
    cli("lint")
    with sqlite3.connect(records / CACHE_DIR / INDEX_FILE) as db:
        assert db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} IS NOT NULL", (value,)).rowcount
        db.execute("DELETE FROM results")  # lint's kept results: so that the facts are read again
        db.execute("DELETE FROM facts_results")
    assert answer(cli, *query) == expected
    assert cli("lint").exit_code in (0, 1)  # and the index made again holds what the files hold
    assert answer(cli, *query) == expected
