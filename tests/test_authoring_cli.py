"""`new-centre`, `new-plan`, `new-delegation`, `new-finding` through the real command line.

`--no-input` flows take every value from options; interactive flows feed answers to the real
prompts (the hidden `--interactive` flag asks questions although the test's stdin is no terminal).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inspectkit.linter import lint
from inspectkit.loader import load_text
from inspectkit.settings import load_settings

Cli = Callable[..., Any]
WriteFn = Callable[[str, str], Path]

CENTRES = {
    "records/centres/ttct-dinh-lap.yaml": """
        kind: centre
        id: ttct-dinh-lap
        name: Trung tâm Chính trị huyện Đình Lập
        """,
    "records/centres/ttct-chi-lang.yaml": """
        kind: centre
        id: ttct-chi-lang
        name: Trung tâm Chính trị huyện Chi Lăng
        """,
}

PLAN = """
    # written by hand: keep me
    kind: plan
    id: 2022-84-kh-dkt
    number: "84-KH/ĐKT"   # quoted on purpose
    issued: 2022-11-03
    issuer: Ban Tuyên giáo Tỉnh ủy Lạng Sơn
    title: Kiểm tra công tác đào tạo, bồi dưỡng
    topics:
      - id: dao-tao
        title: Công tác đào tạo, bồi dưỡng lý luận chính trị
      - id: che-do
        title: Chế độ, chính sách
    # the working sessions
    visits:
      - centre: ttct-dinh-lap
        date: 2022-11-24
      - centre: ttct-chi-lang
        date: 2022-11-25
    status: draft
    """

PLAN_PATH = "records/plans/2022-84-kh-dkt.yaml"


@pytest.fixture
def centres(write: WriteFn) -> None:
    for path, text in CENTRES.items():
        write(path, text)


@pytest.fixture
def plan(centres: None, write: WriteFn) -> Path:
    return write(PLAN_PATH, PLAN)


def data(path: Path | str) -> dict[str, Any]:
    loaded = load_text(str(path), Path(path).read_text(encoding="utf-8"))
    assert loaded.diagnostics == []
    assert loaded.data is not None
    return loaded.data


def assert_lints_clean() -> None:
    result = lint(load_settings(), today=date(2022, 12, 1))
    assert [str(d) for d in result.diagnostics] == []


def files_below(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


# ----- new-centre ----------------------------------------------------------------------------


def test_new_centre_no_input_writes_the_record_and_names_the_next_command(repo: Path, cli: Cli) -> None:
    result = cli(
        "new-centre",
        "--no-input",
        "--name",
        "Trung tâm Chính trị huyện Đình Lập",
        "--short-name",
        "TTCT Đình Lập",
    )
    assert result.exit_code == 0, result.output
    assert "wrote records/centres/ttct-dinh-lap.yaml" in result.output
    assert "next: inspectkit new-plan" in result.output
    assert data(repo / "records/centres/ttct-dinh-lap.yaml") == {
        "kind": "centre",
        "id": "ttct-dinh-lap",
        "name": "Trung tâm Chính trị huyện Đình Lập",
        "short_name": "TTCT Đình Lập",
    }
    assert_lints_clean()


def test_new_centre_no_input_without_name_exits_2_naming_the_option(repo: Path, cli: Cli) -> None:
    result = cli("new-centre", "--no-input")
    assert result.exit_code == 2
    assert "missing --name" in result.output
    assert files_below(repo / "records") == []


def test_new_centre_stores_text_in_nfc(repo: Path, cli: Cli) -> None:
    decomposed = "Trung tâm Chi Lăng".replace("ă", "a\u0306")
    result = cli("new-centre", "--no-input", "--name", decomposed, "--id", "ttct-chi-lang")
    assert result.exit_code == 0, result.output
    text = (repo / "records/centres/ttct-chi-lang.yaml").read_text(encoding="utf-8")
    assert "Chi Lăng" in text and "a\u0306" not in text


def test_new_centre_interactive_asks_each_field_with_defaults(repo: Path, cli: Cli) -> None:
    answers = "Trung tâm Chính trị huyện Đình Lập\nTTCT Đình Lập\nĐình Lập\nLạng Sơn\nHuyện ủy Đình Lập\n\n"
    result = cli("new-centre", "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    assert "Id (file name) [ttct-dinh-lap]" in result.output
    assert data(repo / "records/centres/ttct-dinh-lap.yaml")["parent"] == "Huyện ủy Đình Lập"


def test_new_centre_interactive_asks_again_for_an_id_already_used(
    centres: None, repo: Path, cli: Cli
) -> None:
    answers = "Trung tâm Chính trị huyện Đình Lập\n\n\n\n\nttct-dinh-lap\nttct-dinh-lap-2\n"
    result = cli("new-centre", "--interactive", input=answers)
    assert result.exit_code == 0, result.output
    assert "id 'ttct-dinh-lap' is already used by records/centres/ttct-dinh-lap.yaml" in result.output
    assert (repo / "records/centres/ttct-dinh-lap-2.yaml").is_file()


def test_new_centre_refuses_an_existing_id_and_leaves_the_old_file(
    centres: None, repo: Path, cli: Cli
) -> None:
    path = repo / "records/centres/ttct-dinh-lap.yaml"
    before = path.read_bytes()
    result = cli("new-centre", "--no-input", "--name", "Khác", "--id", "ttct-dinh-lap")
    assert result.exit_code == 1
    assert "already used by records/centres/ttct-dinh-lap.yaml" in result.output
    assert path.read_bytes() == before


def test_new_centre_refuses_a_file_that_exists_but_is_not_a_record(repo: Path, cli: Cli) -> None:
    path = repo / "records/centres/ttct-x.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("this: [is broken\n", encoding="utf-8")
    result = cli("new-centre", "--no-input", "--name", "X", "--id", "ttct-x")
    assert result.exit_code == 1
    assert "already exists: it was left untouched" in result.output
    assert path.read_text(encoding="utf-8") == "this: [is broken\n"


def test_authoring_outside_a_records_repository_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("new-centre", "--no-input", "--name", "X")
    assert result.exit_code == 2
    assert "run `inspectkit init` first" in result.output
    assert list(tmp_path.iterdir()) == []


# ----- new-plan ------------------------------------------------------------------------------

PLAN_OPTIONS = (
    "--number", "84-KH/ĐKT",
    "--issued", "03/11/2022",
    "--title", "Kiểm tra công tác đào tạo, bồi dưỡng",
    "--issuer", "Ban Tuyên giáo Tỉnh ủy Lạng Sơn",
    "--topic", "Công tác mở lớp",
    "--topic", "Chế độ, chính sách",
    "--visit", "ttct-dinh-lap:24/11/2022",
    "--visit", "ttct-chi-lang:2022-11-25",
)  # fmt: skip


def test_new_plan_no_input_writes_the_plan_with_derived_ids(centres: None, repo: Path, cli: Cli) -> None:
    result = cli("new-plan", "--no-input", *PLAN_OPTIONS)
    assert result.exit_code == 0, result.output
    assert "wrote records/plans/2022-84-kh-dkt.yaml" in result.output
    assert "next: inspectkit new-delegation --plan 2022-84-kh-dkt" in result.output
    written = data(repo / PLAN_PATH)
    assert written["id"] == "2022-84-kh-dkt"
    assert written["issued"] == date(2022, 11, 3)
    assert written["topics"] == [
        {"id": "cong-tac-mo-lop", "title": "Công tác mở lớp"},
        {"id": "che-do-chinh-sach", "title": "Chế độ, chính sách"},
    ]
    assert written["visits"] == [
        {"centre": "ttct-dinh-lap", "date": date(2022, 11, 24)},
        {"centre": "ttct-chi-lang", "date": date(2022, 11, 25)},
    ]
    assert_lints_clean()


def test_new_plan_writes_exactly_this(centres: None, repo: Path, cli: Cli) -> None:
    cli("new-plan", "--no-input", *PLAN_OPTIONS)
    assert (repo / PLAN_PATH).read_text(encoding="utf-8") == (
        "# Kế hoạch kiểm tra 84-KH/ĐKT (inspection plan)\n"
        "# Format: docs/FORMAT.md of inspectkit. Check with `inspectkit lint`.\n"
        "kind: plan\n"
        "id: 2022-84-kh-dkt\n"
        "number: 84-KH/ĐKT\n"
        "issued: 2022-11-03\n"
        "issuer: Ban Tuyên giáo Tỉnh ủy Lạng Sơn\n"
        "title: Kiểm tra công tác đào tạo, bồi dưỡng\n"
        "topics:  # nội dung kiểm tra: findings name a topic by its id\n"
        "  - id: cong-tac-mo-lop\n"
        "    title: Công tác mở lớp\n"
        "  - id: che-do-chinh-sach\n"
        "    title: Chế độ, chính sách\n"
        "visits:  # lịch làm việc: one working session at one centre\n"
        "  - centre: ttct-dinh-lap\n"
        "    date: 2022-11-24\n"
        "  - centre: ttct-chi-lang\n"
        "    date: 2022-11-25\n"
        "status: draft  # draft | approved | in-progress | reported | closed\n"
    )


def test_new_plan_is_laid_out_as_a_person_writes_it(centres: None, repo: Path, cli: Cli) -> None:
    cli("new-plan", "--no-input", *PLAN_OPTIONS)
    text = (repo / PLAN_PATH).read_text(encoding="utf-8")
    assert text.startswith("# Kế hoạch kiểm tra 84-KH/ĐKT")
    assert "topics:  # nội dung kiểm tra" in text
    assert "\n  - id: cong-tac-mo-lop\n    title: Công tác mở lớp\n" in text
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys == ["kind", "id", "number", "issued", "issuer", "title", "topics", "visits", "status"]


def test_new_plan_issuer_and_place_default_to_the_settings(
    centres: None, repo: Path, write: WriteFn, cli: Cli
) -> None:
    write("inspectkit.toml", '[organisation]\nname = "Ban Tuyên giáo Tỉnh ủy Lạng Sơn"\nplace = "Lạng Sơn"\n')
    options = [o for o in PLAN_OPTIONS if o not in ("--issuer", "Ban Tuyên giáo Tỉnh ủy Lạng Sơn")]
    result = cli("new-plan", "--no-input", *options)
    assert result.exit_code == 0, result.output
    written = data(repo / PLAN_PATH)
    assert (written["issuer"], written["place"]) == ("Ban Tuyên giáo Tỉnh ủy Lạng Sơn", "Lạng Sơn")


@pytest.mark.parametrize("option", ["--number", "--title", "--topic", "--visit"])
def test_new_plan_no_input_missing_required_option_exits_2_naming_it(
    centres: None, repo: Path, cli: Cli, option: str
) -> None:
    options = list(PLAN_OPTIONS)
    while option in options:
        at = options.index(option)
        del options[at : at + 2]
    result = cli("new-plan", "--no-input", *options)
    assert result.exit_code == 2
    assert f"missing {option}" in result.output
    assert not (repo / "records/plans").exists()


def test_new_plan_issue_date_defaults_to_today(centres: None, repo: Path, cli: Cli) -> None:
    today = date.today()
    options = ["--no-input", "--number", "84-KH/ĐKT", "--title", "T", "--topic", "A"]
    result = cli("new-plan", *options, "--visit", f"ttct-dinh-lap:{today.isoformat()}")
    assert result.exit_code == 0, result.output
    assert data(repo / f"records/plans/{today.year}-84-kh-dkt.yaml")["issued"] == today


def test_new_plan_bad_date_exits_2_and_writes_nothing(centres: None, repo: Path, cli: Cli) -> None:
    options = list(PLAN_OPTIONS)
    options[options.index("--issued") + 1] = "31/02/2022"
    result = cli("new-plan", "--no-input", *options)
    assert result.exit_code == 2
    assert "--issued: '31/02/2022' is not a date: write YYYY-MM-DD or DD/MM/YYYY" in result.output
    assert not (repo / "records/plans").exists()


def test_new_plan_visit_before_the_issue_date_exits_2(centres: None, repo: Path, cli: Cli) -> None:
    options = list(PLAN_OPTIONS)
    options[options.index("ttct-dinh-lap:24/11/2022")] = "ttct-dinh-lap:2022-11-01"
    result = cli("new-plan", "--no-input", *options)
    assert result.exit_code == 2
    assert "cannot be before the plan's issue date (2022-11-03)" in result.output


def test_new_plan_visit_of_several_days_keeps_its_last_day(centres: None, repo: Path, cli: Cli) -> None:
    options = list(PLAN_OPTIONS)
    options[options.index("ttct-dinh-lap:24/11/2022")] = "ttct-dinh-lap:24/11/2022:2022-11-26"
    result = cli("new-plan", "--no-input", *options)
    assert result.exit_code == 0, result.output
    first = data(repo / PLAN_PATH)["visits"][0]
    assert first == {"centre": "ttct-dinh-lap", "date": date(2022, 11, 24), "end": date(2022, 11, 26)}


def test_new_plan_visit_ending_before_it_starts_exits_2(centres: None, repo: Path, cli: Cli) -> None:
    options = list(PLAN_OPTIONS)
    options[options.index("ttct-dinh-lap:24/11/2022")] = "ttct-dinh-lap:24/11/2022:23/11/2022"
    result = cli("new-plan", "--no-input", *options)
    assert result.exit_code == 2
    assert "the last day (2022-11-23) cannot be before the first (2022-11-24)" in result.output
    assert not (repo / "records/plans").exists()


def test_new_plan_bad_number_exits_2_with_the_forms_to_use(centres: None, repo: Path, cli: Cli) -> None:
    options = list(PLAN_OPTIONS)
    options[options.index("84-KH/ĐKT")] = "84-KH-ĐKT"
    result = cli("new-plan", "--no-input", *options)
    assert result.exit_code == 2
    assert "'84-KH-ĐKT' is not a document number: write it as 84-KH/ĐKT (Party)" in result.output


def test_new_plan_drops_the_so_before_a_number(centres: None, repo: Path, cli: Cli) -> None:
    options = list(PLAN_OPTIONS)
    options[options.index("84-KH/ĐKT")] = "Số: 84-KH/ĐKT"
    assert cli("new-plan", "--no-input", *options).exit_code == 0
    assert data(repo / PLAN_PATH)["number"] == "84-KH/ĐKT"


def test_new_plan_unknown_centre_exits_1_with_did_you_mean_and_writes_nothing(
    centres: None, repo: Path, cli: Cli
) -> None:
    options = list(PLAN_OPTIONS)
    options[options.index("ttct-dinh-lap:24/11/2022")] = "ttct-dinh-lapp:24/11/2022"
    result = cli("new-plan", "--no-input", *options)
    assert result.exit_code == 1
    assert "--visit: no centre has id 'ttct-dinh-lapp' (did you mean 'ttct-dinh-lap'?)" in result.output
    assert not (repo / "records/plans").exists()


def test_new_plan_unknown_centre_suggests_by_name_without_diacritics(
    centres: None, repo: Path, cli: Cli
) -> None:
    options = list(PLAN_OPTIONS)
    options[options.index("ttct-dinh-lap:24/11/2022")] = "dinh lap:24/11/2022"
    result = cli("new-plan", "--no-input", *options)
    assert result.exit_code == 1
    assert "(did you mean 'ttct-dinh-lap'?)" in result.output


def test_new_plan_unknown_centre_says_how_to_add_one(centres: None, repo: Path, cli: Cli) -> None:
    options = list(PLAN_OPTIONS)
    options[options.index("ttct-dinh-lap:24/11/2022")] = "ttct-loc-binh:24/11/2022"
    result = cli("new-plan", "--no-input", *options)
    assert result.exit_code == 1
    assert "no centre has id 'ttct-loc-binh'" in result.output
    assert "a new centre is added with `inspectkit new-centre`" in result.output
    assert not (repo / "records/plans").exists()


def test_new_plan_interactive_none_of_several_matches_asks_the_centre_again(
    centres: None, repo: Path, cli: Cli
) -> None:
    answers = [
        "84-KH/ĐKT", "2022-11-03", "T", "", "", "A", "",
        "trung tam",  # both centres match, neither is the one
        "",  # none of these
        "Lộc Bình", "y", "Trung tâm Chính trị huyện Lộc Bình", "", "", "", "", "",  # created on the spot
        "2022-11-26", "", "", "",
    ]  # fmt: skip
    result = cli("new-plan", "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Which one (number; empty for none of these)" in result.output
    assert data(repo / PLAN_PATH)["visits"] == [
        {"centre": "trung-tam-chinh-tri-huyen-loc-binh", "date": date(2022, 11, 26)}
    ]


def test_new_plan_refuses_an_existing_plan_and_leaves_it_untouched(plan: Path, repo: Path, cli: Cli) -> None:
    before = plan.read_bytes()
    options = list(PLAN_OPTIONS)
    options[options.index("03/11/2022")] = "2023-01-05"
    options[options.index("ttct-dinh-lap:24/11/2022")] = "ttct-dinh-lap:2023-02-01"
    options[options.index("ttct-chi-lang:2022-11-25")] = "ttct-chi-lang:2023-02-02"
    result = cli("new-plan", "--no-input", *options, "--id", "2022-84-kh-dkt")
    assert result.exit_code == 1
    assert "id '2022-84-kh-dkt' is already used by records/plans/2022-84-kh-dkt.yaml" in result.output
    assert plan.read_bytes() == before


def test_new_plan_refuses_a_number_already_used_that_year(plan: Path, repo: Path, cli: Cli) -> None:
    result = cli("new-plan", "--no-input", *PLAN_OPTIONS, "--id", "another")
    assert result.exit_code == 1
    assert "plan number 84-KH/ĐKT of 2022 is already used by plan 2022-84-kh-dkt" in result.output


def test_new_plan_bad_id_exits_2_with_a_slug_suggestion(centres: None, repo: Path, cli: Cli) -> None:
    result = cli("new-plan", "--no-input", *PLAN_OPTIONS, "--id", "Kế hoạch 84")
    assert result.exit_code == 2
    assert "e.g. 'ke-hoach-84'" in result.output


def test_new_plan_interactive_asks_one_question_at_a_time(centres: None, repo: Path, cli: Cli) -> None:
    answers = "\n".join(
        [
            "84/ĐKT",  # a letter's number, not a plan's: asked again
            "84-KH/ĐKT",
            "31/02/2022",  # not a date: asked again
            "03/11/2022",
            'Kiểm tra "đào tạo": năm 2022 # một',
            "",  # issuer: the default from the settings
            "Lạng Sơn",
            "Công tác mở lớp",
            "",  # no more topics
            "dinh lap",  # part of a name, without diacritics
            "y",
            "2022-11-01",  # before the issue date: asked again
            "24/11/2022",
            "",  # one day
            "",  # no more centres
            "",  # the id offered
        ]
    )
    result = cli("new-plan", "--interactive", input=answers + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "'84/ĐKT' is numbered without a document type; this one is numbered with KH" in out
    assert "'31/02/2022' is not a date" in out
    assert "Trung tâm Chính trị huyện Đình Lập (ttct-dinh-lap)? [Y/n]" in out
    assert "cannot be before the plan's issue date" in out
    assert "Id of the plan (file name) [2022-84-kh-dkt]" in out
    written = data(repo / PLAN_PATH)
    assert written["title"] == 'Kiểm tra "đào tạo": năm 2022 # một'
    assert written["issuer"] == "Ban Tuyên giáo Tỉnh ủy"
    assert written["visits"] == [{"centre": "ttct-dinh-lap", "date": date(2022, 11, 24)}]
    assert_lints_clean()


def test_new_plan_interactive_chooses_among_several_matching_centres(
    centres: None, repo: Path, cli: Cli
) -> None:
    answers = ["84-KH/ĐKT", "2022-11-03", "T", "", "", "A", "", "trung tam", "2", "2022-11-25", "", "", ""]
    result = cli("new-plan", "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "1. Trung tâm Chính trị huyện Chi Lăng (ttct-chi-lang)" in result.output
    assert "2. Trung tâm Chính trị huyện Đình Lập (ttct-dinh-lap)" in result.output
    assert data(repo / PLAN_PATH)["visits"][0]["centre"] == "ttct-dinh-lap"


def test_new_plan_interactive_creates_a_missing_centre_on_the_spot(
    centres: None, repo: Path, cli: Cli
) -> None:
    answers = [
        "84-KH/ĐKT", "2022-11-03", "T", "", "", "A", "",
        "Văn Quan",  # no centre matches
        "y",  # create it
        "Trung tâm Chính trị huyện Văn Quan",  # full name
        "", "", "", "",  # short name, district, province, parent
        "ttct-van-quan",  # id
        "2022-11-26", "",  # visit date, one day
        "", "",  # no more centres; the plan id offered
    ]  # fmt: skip
    result = cli("new-plan", "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "No centre matches 'Văn Quan'. Create it now?" in result.output
    assert "wrote records/centres/ttct-van-quan.yaml" in result.output
    assert data(repo / "records/centres/ttct-van-quan.yaml")["name"] == "Trung tâm Chính trị huyện Văn Quan"
    assert data(repo / PLAN_PATH)["visits"] == [{"centre": "ttct-van-quan", "date": date(2022, 11, 26)}]
    assert_lints_clean()


def test_new_plan_centre_on_the_spot_offers_typed_text_with_vietnamese_letters_as_its_name(
    centres: None, repo: Path, cli: Cli
) -> None:
    answers = [
        "84-KH/ĐKT", "2022-11-03", "T", "", "", "A", "",
        "Văn Quan", "y",  # no centre matches: create it
        "",  # full name: the typed text offered
        "", "", "", "", "ttct-van-quan", "2022-11-26", "", "", "",
    ]  # fmt: skip
    result = cli("new-plan", "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Full name of the new centre [Văn Quan]" in result.output
    assert data(repo / "records/centres/ttct-van-quan.yaml")["name"] == "Văn Quan"


def test_new_plan_centre_on_the_spot_offers_no_name_for_search_text_without_accents(
    centres: None, repo: Path, cli: Cli
) -> None:
    answers = [
        "84-KH/ĐKT", "2022-11-03", "T", "", "", "A", "",
        "van quan", "y",  # no centre matches: create it
        "",  # full name: nothing offered, so asked again
        "Trung tâm Chính trị huyện Văn Quan",
        "", "", "", "", "ttct-van-quan", "2022-11-26", "", "", "",
    ]  # fmt: skip
    result = cli("new-plan", "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Full name of the new centre [" not in result.output
    assert "An answer is needed." in result.output
    assert data(repo / "records/centres/ttct-van-quan.yaml")["name"] == "Trung tâm Chính trị huyện Văn Quan"


def test_new_plan_interactive_end_of_input_writes_nothing(centres: None, repo: Path, cli: Cli) -> None:
    result = cli("new-plan", "--interactive", input="84-KH/ĐKT\n2022-11-03\n")
    assert result.exit_code != 0
    assert not (repo / "records/plans").exists()


# ----- new-delegation ------------------------------------------------------------------------

MEMBERS = (
    "--member", "member:Nguyễn Văn A:Chuyên viên",
    "--member", "head:Hoàng Văn Nghiệm:Phó Trưởng Ban:Ban Tuyên giáo Tỉnh ủy",
)  # fmt: skip


def test_new_delegation_no_input_writes_it_and_sets_the_plan_delegation(
    plan: Path, repo: Path, cli: Cli
) -> None:
    decision = ("--decision", "Số 85-QĐ/BTGTU", "--decision-issued", "04/11/2022")
    result = cli("new-delegation", "--no-input", "--plan", "2022-84-kh-dkt", *decision, *MEMBERS)
    assert result.exit_code == 0, result.output
    assert "wrote records/delegations/2022-84-kh-dkt-doan.yaml" in result.output
    assert f"updated {PLAN_PATH}" in result.output
    written = data(repo / "records/delegations/2022-84-kh-dkt-doan.yaml")
    assert written["decision"] == {"number": "85-QĐ/BTGTU", "issued": date(2022, 11, 4)}
    assert [m["role"] for m in written["members"]] == ["head", "member"]  # listed by role
    assert data(plan)["delegation"] == "2022-84-kh-dkt-doan"
    assert_lints_clean()


def test_new_delegation_keeps_the_plan_comments_and_layout(plan: Path, cli: Cli) -> None:
    before = plan.read_text(encoding="utf-8").splitlines()
    cli("new-delegation", "--no-input", "--plan", "2022-84-kh-dkt", *MEMBERS)
    after = plan.read_text(encoding="utf-8").splitlines()
    added = [line for line in after if line not in before]
    assert added == ["delegation: 2022-84-kh-dkt-doan"]
    assert [line for line in after if line != added[0]] == before
    assert after.index(added[0]) < after.index("visits:")


def test_new_delegation_on_a_read_only_plan_names_it_and_writes_nothing(
    plan: Path, repo: Path, cli: Cli
) -> None:
    before = plan.read_bytes()
    plan.chmod(0o444)
    try:
        result = cli("new-delegation", "--no-input", "--plan", "2022-84-kh-dkt", *MEMBERS)
    finally:
        plan.chmod(0o644)
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"inspectkit: {PLAN_PATH}: the file is read-only, so it was left as it is: make it writable (chmod u+w) first\n"
    )
    assert plan.read_bytes() == before
    assert list((repo / "records/delegations").iterdir()) == []


def test_new_delegation_unknown_plan_exits_1_with_did_you_mean(plan: Path, repo: Path, cli: Cli) -> None:
    result = cli("new-delegation", "--no-input", "--plan", "2022-84-kh-dk", *MEMBERS)
    assert result.exit_code == 1
    assert "--plan: no plan has id '2022-84-kh-dk' (did you mean '2022-84-kh-dkt'?)" in result.output
    assert not (repo / "records/delegations").exists()


def test_new_delegation_no_input_without_plan_exits_2_even_with_a_single_plan(
    plan: Path, repo: Path, cli: Cli
) -> None:
    result = cli("new-delegation", "--no-input", *MEMBERS)
    assert result.exit_code == 2
    assert "missing --plan" in result.output
    assert not (repo / "records/delegations").exists()


def test_new_delegation_without_member_exits_2(plan: Path, cli: Cli) -> None:
    result = cli("new-delegation", "--no-input", "--plan", "2022-84-kh-dkt")
    assert result.exit_code == 2
    assert "missing --member" in result.output


@pytest.mark.parametrize(
    ("members", "message"),
    [
        (["member:A:B"], "these members have no head"),
        (["head:A:B", "head:C:D"], "these members have 2 heads (A, C)"),
        (["chief:A:B"], "'chief' is not a role"),
        (["head"], "is not ROLE:NAME:POSITION"),
    ],
)
def test_new_delegation_bad_members_exit_2_and_leave_the_plan(
    plan: Path, cli: Cli, members: list[str], message: str
) -> None:
    before = plan.read_bytes()
    options = [part for member in members for part in ("--member", member)]
    result = cli("new-delegation", "--no-input", "--plan", "2022-84-kh-dkt", *options)
    assert result.exit_code == 2
    assert message in result.output
    assert plan.read_bytes() == before


def test_new_delegation_accepts_vietnamese_role_names(plan: Path, repo: Path, cli: Cli) -> None:
    result = cli(
        "new-delegation",
        "--no-input",
        "--plan",
        "2022-84-kh-dkt",
        "--member",
        "Trưởng đoàn:A:B",
        "--member",
        "thư ký:C:",
    )
    assert result.exit_code == 0, result.output
    members = data(repo / "records/delegations/2022-84-kh-dkt-doan.yaml")["members"]
    assert members == [{"name": "A", "position": "B", "role": "head"}, {"name": "C", "role": "secretary"}]


def test_new_delegation_refuses_a_plan_that_has_one(plan: Path, repo: Path, cli: Cli) -> None:
    assert cli("new-delegation", "--no-input", "--plan", "2022-84-kh-dkt", *MEMBERS).exit_code == 0
    after_first = plan.read_bytes()
    result = cli("new-delegation", "--no-input", "--plan", "2022-84-kh-dkt", "--id", "other", *MEMBERS)
    assert result.exit_code == 1
    assert "already has delegation 2022-84-kh-dkt-doan" in result.output
    assert plan.read_bytes() == after_first
    assert not (repo / "records/delegations/other.yaml").exists()


def test_new_delegation_interactive_asks_members_until_an_empty_name(
    plan: Path, repo: Path, cli: Cli
) -> None:
    answers = [
        "",  # the only plan without a delegation is offered
        "85-QĐ/BTGTU", "", "",  # decision number; its date and issuer: defaults
        "Hoàng Văn Nghiệm", "", "Phó Trưởng Ban", "",  # first member: role defaults to head
        "Nguyễn Văn A", "head",  # a second head is refused
        "member", "Chuyên viên", "",
        "",  # no more members
        "",  # the id offered
    ]  # fmt: skip
    result = cli("new-delegation", "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Plan id (e.g. 2022-84-kh-dkt) [2022-84-kh-dkt]" in result.output
    assert "already has a head" in result.output
    written = data(repo / "records/delegations/2022-84-kh-dkt-doan.yaml")
    assert [(m["name"], m["role"]) for m in written["members"]] == [
        ("Hoàng Văn Nghiệm", "head"),
        ("Nguyễn Văn A", "member"),
    ]
    assert_lints_clean()


# ----- new-finding ---------------------------------------------------------------------------

FINDING = ("--plan", "2022-84-kh-dkt", "--centre", "ttct-dinh-lap", "--topic", "che-do")


def test_new_finding_no_input_numbers_it_and_files_it_under_its_plan(
    plan: Path, repo: Path, cli: Cli
) -> None:
    result = cli("new-finding", "--no-input", *FINDING, "--type", "weakness", "--summary", "Chưa đủ biên chế")
    assert result.exit_code == 0, result.output
    path = "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-01.yaml"
    assert f"wrote {path}" in result.output
    assert data(repo / path) == {
        "kind": "finding",
        "id": "2022-84-kh-dkt-01",
        "plan": "2022-84-kh-dkt",
        "centres": ["ttct-dinh-lap"],
        "topic": "che-do",
        "type": "weakness",
        "summary": "Chưa đủ biên chế",
    }
    second = cli("new-finding", "--no-input", *FINDING, "--type", "strength", "--summary", "Tốt")
    assert "2022-84-kh-dkt-02.yaml" in second.output


def test_new_finding_takes_the_number_after_the_highest_used(
    plan: Path, repo: Path, write: WriteFn, cli: Cli
) -> None:
    write(
        "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-07.yaml",
        """
        kind: finding
        id: 2022-84-kh-dkt-07
        plan: 2022-84-kh-dkt
        centres: [ttct-dinh-lap]
        topic: che-do
        type: strength
        summary: Tốt
        """,
    )
    result = cli("new-finding", "--no-input", *FINDING, "--type", "strength", "--summary", "Tốt nữa")
    assert "2022-84-kh-dkt-08.yaml" in result.output


def test_new_finding_request_with_owner_and_due_lints_clean(plan: Path, repo: Path, cli: Cli) -> None:
    detail = 'Đoạn một: "trích dẫn" # không phải chú thích\n\n- đoạn hai bắt đầu bằng gạch'
    result = cli(
        "new-finding", "--no-input", *FINDING, "--centre", "ttct-chi-lang", "--type", "request",
        "--summary", "Bổ sung biên chế", "--detail", detail, "--owner", "Huyện ủy Đình Lập", "--due", "30/9/2023",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    written = data(repo / "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-01.yaml")
    assert written["centres"] == ["ttct-dinh-lap", "ttct-chi-lang"]
    assert written["detail"] == detail
    assert written["action"] == {"owner": "Huyện ủy Đình Lập", "due": date(2023, 9, 30), "status": "open"}
    assert_lints_clean()


def test_new_finding_no_input_without_plan_exits_2_even_with_a_single_plan(
    plan: Path, repo: Path, cli: Cli
) -> None:
    options = FINDING[2:]  # --centre and --topic, no --plan
    result = cli("new-finding", "--no-input", *options, "--type", "weakness", "--summary", "S")
    assert result.exit_code == 2
    assert "missing --plan" in result.output
    assert not (repo / "records/findings").exists()


@pytest.mark.parametrize("kind", ["proposal", "request"])
def test_new_finding_proposal_or_request_without_owner_exits_2(
    plan: Path, repo: Path, cli: Cli, kind: str
) -> None:
    result = cli("new-finding", "--no-input", *FINDING, "--type", kind, "--summary", "S")
    assert result.exit_code == 2
    assert f"missing --owner (a {kind} is followed up" in result.output
    assert not (repo / "records/findings").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("--plan", "2022-84"), "--plan: no plan has id '2022-84' (did you mean '2022-84-kh-dkt'?)"),
        (("--plan", "zzz"), "--plan: no plan has id 'zzz'; add it first with `inspectkit new-plan`"),
        (("--centre", "ttct-dinh-lapp"), "visits no centre 'ttct-dinh-lapp' (did you mean 'ttct-dinh-lap'?)"),
        (("--topic", "che-dp"), "has no topic 'che-dp' (did you mean 'che-do'?)"),
    ],
)
def test_new_finding_unknown_reference_exits_1_with_did_you_mean(
    plan: Path, repo: Path, cli: Cli, change: tuple[str, str], message: str
) -> None:
    options = list(FINDING)
    options[options.index(change[0]) + 1] = change[1]
    result = cli("new-finding", "--no-input", *options, "--type", "weakness", "--summary", "S")
    assert result.exit_code == 1
    assert message in result.output
    assert not (repo / "records/findings").exists()


def test_new_finding_refuses_a_centre_the_plan_does_not_visit(
    plan: Path, repo: Path, write: WriteFn, cli: Cli
) -> None:
    write("records/centres/ttct-van-quan.yaml", "kind: centre\nid: ttct-van-quan\nname: Văn Quan\n")
    options = list(FINDING)
    options[options.index("ttct-dinh-lap")] = "ttct-van-quan"
    result = cli("new-finding", "--no-input", *options, "--type", "weakness", "--summary", "S")
    assert result.exit_code == 1
    assert "does not visit centre 'ttct-van-quan'" in result.output


def test_new_finding_due_before_the_visit_exits_2(plan: Path, cli: Cli) -> None:
    result = cli(
        "new-finding",
        "--no-input",
        *FINDING,
        "--type",
        "request",
        "--summary",
        "S",
        "--owner",
        "O",
        "--due",
        "2022-11-01",
    )
    assert result.exit_code == 2
    assert "cannot be before the first visit to its centres (2022-11-24)" in result.output


def test_new_finding_summary_must_be_one_line(plan: Path, cli: Cli) -> None:
    result = cli("new-finding", "--no-input", *FINDING, "--type", "weakness", "--summary", "one\ntwo")
    assert result.exit_code == 2
    assert "--summary: must be one line" in result.output


def test_new_finding_interactive_lists_choices_and_asks_owner_for_a_request(
    plan: Path, repo: Path, cli: Cli
) -> None:
    answers = [
        "2022-84-kh-dkt",
        "chi lang",  # a centre by part of its name
        "",  # no more centres
        "3",  # not a topic number: asked again
        "2",
        "đề nghị",  # the Vietnamese name of a request
        "Bổ sung biên chế cho trung tâm",
        'Dòng một: có # và "ngoặc"',
        "",
        "Đoạn hai.",
        ".",
        "Huyện ủy Chi Lăng",
        "30/9/2023",
    ]
    result = cli("new-finding", "--interactive", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "1. Trung tâm Chính trị huyện Đình Lập (ttct-dinh-lap)" in result.output
    assert "2. Chế độ, chính sách (che-do)" in result.output
    assert "plan 2022-84-kh-dkt has no topic '3'" in result.output
    assert "  > Đoạn hai." in result.output  # the lines of the detail: a plain `>` prompt
    written = data(repo / "records/findings/2022-84-kh-dkt/2022-84-kh-dkt-01.yaml")
    assert written["centres"] == ["ttct-chi-lang"]
    assert (written["topic"], written["type"]) == ("che-do", "request")
    assert written["detail"] == 'Dòng một: có # và "ngoặc"\n\nĐoạn hai.'
    assert written["action"] == {"owner": "Huyện ủy Chi Lăng", "due": date(2023, 9, 30), "status": "open"}
    assert_lints_clean()


def test_new_finding_refuses_an_open_action_on_a_closed_plan(
    centres: None, write: WriteFn, repo: Path, cli: Cli
) -> None:
    write(PLAN_PATH, PLAN.replace("status: draft", "status: closed"))
    result = cli("new-finding", "--no-input", *FINDING, "--type", "request", "--summary", "S", "--owner", "O")
    assert result.exit_code == 1
    assert "plan 2022-84-kh-dkt is closed" in result.output


def test_new_finding_on_a_closed_plan_refuses_before_asking_for_the_owner(
    centres: None, write: WriteFn, repo: Path, cli: Cli
) -> None:
    write(PLAN_PATH, PLAN.replace("status: draft", "status: closed"))
    answers = ["request", "S", "", "Huyện ủy Chi Lăng", "30/9/2023"]
    result = cli("new-finding", "--interactive", *FINDING, input="\n".join(answers) + "\n")
    assert result.exit_code == 1
    assert "plan 2022-84-kh-dkt is closed" in result.output
    assert "Owner" not in result.output


# ----- when questions are asked --------------------------------------------------------------


def test_questions_are_asked_when_stdin_is_a_terminal(
    repo: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspectkit.cli import author_cmd

    monkeypatch.setattr(author_cmd, "stdin_is_terminal", lambda: True)
    result = cli("new-centre", input="Trung tâm Văn Quan\n\n\n\n\n\n")
    assert result.exit_code == 0, result.output
    assert "Full name of the centre" in result.output
    assert (repo / "records/centres/trung-tam-van-quan.yaml").is_file()


def test_no_input_wins_over_a_terminal(repo: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from inspectkit.cli import author_cmd

    monkeypatch.setattr(author_cmd, "stdin_is_terminal", lambda: True)
    result = cli("new-centre", "--no-input", input="Trung tâm Văn Quan\n")
    assert result.exit_code == 2
    assert "missing --name" in result.output


def test_without_a_terminal_nothing_is_asked(repo: Path, cli: Cli) -> None:
    result = cli("new-centre", input="Trung tâm Văn Quan\n")
    assert result.exit_code == 2
    assert "missing --name: give it as an option" in result.output


def test_new_delegation_refuses_a_plan_another_delegation_already_names(
    plan: Path, write: WriteFn, cli: Cli
) -> None:
    write(
        "records/delegations/doan-cu.yaml",
        "kind: delegation\nid: doan-cu\nplan: 2022-84-kh-dkt\nmembers: [{name: A, role: head}]\n",
    )
    result = cli("new-delegation", "--no-input", "--plan", "2022-84-kh-dkt", *MEMBERS)
    assert result.exit_code == 1
    assert "already has delegation doan-cu (records/delegations/doan-cu.yaml)" in result.output


def test_new_delegation_names_the_kind_of_a_record_given_as_plan(plan: Path, cli: Cli) -> None:
    result = cli("new-delegation", "--no-input", "--plan", "ttct-dinh-lap", *MEMBERS)
    assert result.exit_code == 1
    assert "'ttct-dinh-lap' is a centre (records/centres/ttct-dinh-lap.yaml), not a plan" in result.output
