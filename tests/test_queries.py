"""queries.py: conditions, search, sort, the follow-up board, stats and links, on a small repository."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from conftest import WriteFn
from inspectkit import queries
from inspectkit.errors import NotFound, UsageError
from inspectkit.repository import Repository, load_repository
from inspectkit.settings import load_settings
from inspectkit.text import fold
from query_fixtures import make_records


@pytest.fixture
def loaded(write: WriteFn) -> Repository:
    make_records(write)
    return load_repository(load_settings())


def ids(
    repo: Repository, kind: str, *where: str, search: str | None = None, sort: str | None = None
) -> list[str]:
    conditions = [queries.parse_where(kind, w) for w in where]
    return [r.id or "" for r in queries.select(repo, kind, conditions, search, sort)]


def test_equality_on_a_choice(loaded: Repository) -> None:
    assert ids(loaded, "finding", "type=weakness") == ["2022-84-kh-dkt-02"]


def test_who_states_a_finding_is_its_type_s_default_when_not_written(loaded: Repository) -> None:
    # none of these findings writes `raised_by`: a proposal is the inspected side's (FORMAT.md)
    assert ids(loaded, "finding", "raised_by=centre") == ["2022-84-kh-dkt-04"]
    assert ids(loaded, "finding", "raised_by=delegation") == [
        "2022-84-kh-dkt-01",
        "2022-84-kh-dkt-02",
        "2022-84-kh-dkt-03",
    ]


def test_several_values_mean_any_of_them(loaded: Repository) -> None:
    assert ids(loaded, "finding", "type=weakness,request") == ["2022-84-kh-dkt-02", "2022-84-kh-dkt-03"]


def test_not_equal_with_several_values_means_none_of_them(loaded: Repository) -> None:
    assert ids(loaded, "finding", "type!=weakness,request") == ["2022-84-kh-dkt-01", "2022-84-kh-dkt-04"]


def test_nested_field(loaded: Repository) -> None:
    assert ids(loaded, "finding", "action.status=open") == ["2022-84-kh-dkt-03"]


def test_date_comparison(loaded: Repository) -> None:
    assert ids(loaded, "finding", "action.due<2024-01-01") == ["2022-84-kh-dkt-03"]
    assert ids(loaded, "finding", "action.due>=31/03/2024") == ["2022-84-kh-dkt-04"]


def test_number_comparison(loaded: Repository) -> None:
    assert ids(loaded, "centre", "staff.filled<3") == ["ttct-dinh-lap"]


def test_conditions_all_hold(loaded: Repository) -> None:
    assert ids(loaded, "finding", "centre=ttct-dinh-lap", "type=weakness") == ["2022-84-kh-dkt-02"]


def test_centre_matches_findings_whose_centres_include_it(loaded: Repository) -> None:
    assert ids(loaded, "finding", "centre=ttct-chi-lang") == ["2022-84-kh-dkt-01", "2022-84-kh-dkt-03"]


def test_reference_given_by_name_is_resolved(loaded: Repository) -> None:
    assert ids(loaded, "finding", "centre=Chi Lang") == ids(loaded, "finding", "centre=ttct-chi-lang")
    assert ids(loaded, "finding", "plan=84-KH/ĐKT") == ids(loaded, "finding", "plan=2022-84-kh-dkt")


def test_plan_on_a_centre_means_the_plans_that_visited_it(loaded: Repository) -> None:
    assert ids(loaded, "centre", "plan=2022-84-kh-dkt") == ["ttct-chi-lang", "ttct-dinh-lap"]


def test_unknown_reference_is_an_error_with_a_suggestion(loaded: Repository) -> None:
    with pytest.raises(UsageError, match="did you mean 'ttct-dinh-lap'"):
        ids(loaded, "finding", "centre=ttct-dinh-lapp")


def test_empty_value_means_missing(loaded: Repository) -> None:
    assert ids(loaded, "finding", "action=") == ["2022-84-kh-dkt-01", "2022-84-kh-dkt-02"]
    assert ids(loaded, "finding", "action.owner=") == ["2022-84-kh-dkt-01", "2022-84-kh-dkt-02"]
    assert ids(loaded, "finding", "action.owner!=") == ["2022-84-kh-dkt-03", "2022-84-kh-dkt-04"]


def test_contains_ignores_accents(loaded: Repository) -> None:
    assert ids(loaded, "finding", "action.owner~huyen uy chi lang") == ["2022-84-kh-dkt-03"]


def test_unknown_field_names_the_fields() -> None:
    with pytest.raises(UsageError) as info:
        queries.parse_where("finding", "typ=weakness")
    message = str(info.value)
    assert "did you mean 'type'" in message
    assert "action.due" in message and "centres" in message


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("type=weaknes", "choose one of strength, weakness"),
        ("action.due<soon", "not a date"),
        ("staff.filled<three", "not a whole number"),
        ("summary<abc", "compares dates and numbers"),
        ("action=open", "group of fields: use one of action.done_on"),
        ("type", "write FIELD=VALUE"),
    ],
)
def test_bad_conditions_say_why(where: str, reason: str) -> None:
    kind = "centre" if where.startswith("staff") else "finding"
    with pytest.raises(UsageError, match=reason):
        queries.parse_where(kind, where)


def test_search_ignores_case_and_accents(loaded: Repository) -> None:
    assert ids(loaded, "finding", search="bien che") == ["2022-84-kh-dkt-02"]
    assert ids(loaded, "centre", search="DINH LAP") == ["ttct-dinh-lap"]
    assert ids(loaded, "centre", search="đình lập") == ["ttct-dinh-lap"]


def test_sort_by_a_field_descending(loaded: Repository) -> None:
    assert ids(loaded, "centre", sort="-staff.filled") == ["ttct-chi-lang", "ttct-dinh-lap"]


def test_sort_puts_missing_values_last(loaded: Repository) -> None:
    assert ids(loaded, "finding", sort="action.due")[-2:] == ["2022-84-kh-dkt-01", "2022-84-kh-dkt-02"]


def test_kind_names() -> None:
    assert queries.kind_of("findings") == "finding"
    with pytest.raises(UsageError, match="did you mean 'findings'"):
        queries.kind_of("findigns")


SPELLINGS = [
    ("Các huyện chưa sắp xếp đủ biên chế", "bien che", True),
    (unicodedata.normalize("NFD", "Biên  chế"), "BIÊN CHẾ", True),
    ("Đình Lập", "dinh lap", True),
    ("Chi Lăng", "dinh lap", False),
    ("hòa bình", "hoà binh", True),
    ("biên\n  chế", "bien che", True),
]


@pytest.mark.parametrize(("text", "search", "expected"), SPELLINGS)
def test_prefilter_never_drops_a_match(text: str, search: str, expected: bool) -> None:
    assert queries.matches_search({"summary": text}, search) is expected
    prefilter = queries.search_prefilter(search)
    assert prefilter is not None
    if expected:
        assert prefilter(f"summary: {text}\n")


def test_fast_load_finds_the_same_records_as_the_full_load(write: WriteFn) -> None:
    make_records(write)
    write("records/findings/2022-84-kh-dkt/2022-84-kh-dkt-05.yaml", F05_QUOTED)
    settings = load_settings()
    for search in ("bien che", "dinh lap", "tham muu", "nothing like it"):
        fast = queries.load_for_query(settings, "finding", search)
        full = queries.load_for_query(settings, "finding", search, full=True)
        assert ids(fast.repo, "finding", search=search) == ids(full.repo, "finding", search=search)


F05_QUOTED = """\
kind: finding
id: 2022-84-kh-dkt-05
plan: 2022-84-kh-dkt
centres: [ttct-dinh-lap]
topic: che-do
type: difficulty
summary: "Thi\\u1ebfu bi\\u00ean ch\\u1ebf gi\\u1ea3ng vi\\u00ean"
"""


def test_records_with_errors_are_skipped_and_listed(write: WriteFn) -> None:
    make_records(write)
    write("records/findings/bad.yaml", "kind: finding\nid: bad\ntype: weakness\n")
    source = queries.load_for_query(load_settings(), "finding")
    assert source.skipped == ["records/findings/bad.yaml"]
    assert "bad" not in ids(source.repo, "finding")


def test_actions_board_with_days_overdue(loaded: Repository) -> None:
    board = queries.actions(loaded, date(2023, 7, 10))
    assert [(i.id, i.status, i.days_overdue) for i in board] == [
        ("2022-84-kh-dkt-03", "open", 10),
        ("2022-84-kh-dkt-04", "done", 0),
    ]


def test_actions_filters(loaded: Repository) -> None:
    today = date(2023, 7, 10)
    assert [i.id for i in queries.actions(loaded, today, overdue=True)] == ["2022-84-kh-dkt-03"]
    assert [i.id for i in queries.actions(loaded, today, owner="TINH UY")] == ["2022-84-kh-dkt-04"]
    assert queries.actions(loaded, today, plan="another-plan") == []
    assert [i.id for i in queries.actions(loaded, today, status=["done"])] == ["2022-84-kh-dkt-04"]


def test_stats_counts(loaded: Repository) -> None:
    result = queries.stats(loaded, date(2023, 7, 10))
    by_centre = {row["centre"]: row for row in result["by_centre"]}
    assert by_centre["ttct-dinh-lap"]["weakness"] == 1
    assert by_centre["ttct-dinh-lap"]["total"] == 3
    assert by_centre["ttct-chi-lang"]["total"] == 2
    assert result["by_type"]["strength"] == 1
    assert {t["topic"]: t["findings"] for t in result["by_topic"]} == {"dao-tao": 2, "che-do": 2}
    assert result["actions"] == {
        "total": 2,
        "by_status": {"open": 1, "in-progress": 0, "done": 1, "dropped": 0},
        "overdue": 1,
    }


def test_links_of_a_centre(loaded: Repository) -> None:
    links = queries.links(loaded, queries.find_record(loaded, "ttct-chi-lang"))
    assert [p["id"] for p in links["plans"]] == ["2022-84-kh-dkt"]
    assert links["plans"][0]["dates"] == [date(2022, 11, 25)]
    assert [f["id"] for f in links["findings"]] == ["2022-84-kh-dkt-01", "2022-84-kh-dkt-03"]


def test_links_of_a_plan(loaded: Repository) -> None:
    links = queries.links(loaded, queries.find_record(loaded, "2022-84-kh-dkt"))
    assert links["delegation"] == {"id": "2022-84-kh-dkt-doan", "head": "Nguyễn Trọng Sơn", "members": 1}
    assert links["visits"] == [  # `end` only for a visit of several days
        {"centre": "ttct-dinh-lap", "name": "Trung tâm Chính trị huyện Đình Lập", "date": date(2022, 11, 24)},
        {"centre": "ttct-chi-lang", "name": "Trung tâm Chính trị huyện Chi Lăng", "date": date(2022, 11, 25)},
    ]
    assert links["findings"] == {
        "total": 4,
        "by_type": {"strength": 1, "weakness": 1, "proposal": 1, "request": 1},
    }


def test_links_of_a_finding_and_of_a_delegation(loaded: Repository) -> None:
    finding = queries.links(loaded, queries.find_record(loaded, "2022-84-kh-dkt-03"))
    assert finding["plan"]["number"] == "84-KH/ĐKT"
    assert finding["topic"] == {"id": "dao-tao", "title": "Công tác đào tạo, bồi dưỡng"}
    assert [c["name"] for c in finding["centres"]] == ["Trung tâm Chính trị huyện Chi Lăng"]
    delegation = queries.links(loaded, queries.find_record(loaded, "2022-84-kh-dkt-doan"))
    assert delegation["plan"]["id"] == "2022-84-kh-dkt"


def test_unknown_id_suggests_the_closest(loaded: Repository) -> None:
    with pytest.raises(NotFound, match="did you mean '2022-84-kh-dkt-03'"):
        queries.find_record(loaded, "2022-84-kh-dkt-3", "finding")


def test_date_fields_come_from_the_models() -> None:
    assert ("action", "due") in queries.date_fields("finding")
    assert ("visits", "date") in queries.date_fields("plan")


def test_smoke_on_the_reference_records(monkeypatch: pytest.MonkeyPatch) -> None:
    root = Path(__file__).resolve().parent.parent
    if not (root / "records" / "plans").is_dir():
        pytest.skip("reference records not present")
    monkeypatch.chdir(root)
    repo = load_repository(load_settings())
    found = ids(repo, "finding", "centre=ttct-dinh-lap", search="bien che")
    assert found and all(f.startswith("2022-84-kh-dkt-") for f in found)


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàằầèềìòồờùừỳáắấéếíóốớúứýảẳẩẻểỉỏổởủửỷãẵẫẽễĩõỗỡũữỹạặậẹệịọộợụựỵĐÂĂ "


@given(
    text=st.text(alphabet=VIETNAMESE + "\n\t'", min_size=1, max_size=40),
    start=st.integers(min_value=0, max_value=40),
    length=st.integers(min_value=1, max_value=12),
    nfd=st.booleans(),
)
def test_prefilter_is_never_wrong_about_a_match(text: str, start: int, length: int, nfd: bool) -> None:
    """Whatever part of a value is searched, in whatever case or accents, the file is parsed."""
    search = fold(text[start : start + length]).upper()
    value = unicodedata.normalize("NFD", text) if nfd else text
    prefilter = queries.search_prefilter(search)
    if prefilter is not None and queries.matches_search({"summary": value}, search):
        assert prefilter("summary: |\n  " + value.replace("\n", "\n  ") + "\n")


STYLES = [None, '"', "'", ">", "|"]  # plain, double-quoted, single-quoted, folded, literal


@given(
    text=st.text(alphabet=VIETNAMESE + "\n\t'\"\\#:-,.\u0111\u0110", min_size=1, max_size=60),
    start=st.integers(min_value=0, max_value=60),
    length=st.integers(min_value=1, max_value=16),
    style=st.sampled_from(STYLES),
    width=st.sampled_from([12, 80]),
    escaped=st.booleans(),
    nfd=st.booleans(),
)
def test_prefilter_never_drops_a_file_whose_value_matches(
    text: str, start: int, length: int, style: str | None, width: int, escaped: bool, nfd: bool
) -> None:
    """The value written as YAML writes it: every quoting style, lines folded (a line break in the
    file is a space in the value), `\\u0111` escapes, NFD; searched for any part of it, in the
    file's own spelling or folded."""
    value = unicodedata.normalize("NFD", text) if nfd else text
    dumped = yaml.dump(
        {"summary": value}, default_style=style, width=width, allow_unicode=not escaped, sort_keys=False
    )
    loaded = yaml.safe_load(dumped)["summary"]
    part = loaded[start : start + length]
    for search in (part, fold(part).upper()):
        prefilter = queries.search_prefilter(search)
        if prefilter is not None and queries.matches_search({"summary": loaded}, search):
            assert prefilter(unicodedata.normalize("NFC", dumped)), (search, dumped)


def test_contains_works_on_choices_and_references(loaded: Repository) -> None:
    assert ids(loaded, "finding", "type~weak") == ["2022-84-kh-dkt-02"]
    assert ids(loaded, "finding", "centre~chi-lang") == ["2022-84-kh-dkt-01", "2022-84-kh-dkt-03"]


def test_the_queries_package_gives_its_functions_not_its_modules() -> None:
    """The package imports its modules lazily; importing every one of them first must not put a
    module where one of its names is looked for."""
    import importlib
    import types

    from inspectkit import queries

    for module in ("board", "conditions", "linking", "search", "selecting", "counting"):
        importlib.import_module(f"inspectkit.queries.{module}")
    for name in queries.__all__:
        value = getattr(queries, name)
        assert not isinstance(value, types.ModuleType), name
