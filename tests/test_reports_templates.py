"""Templates: where they are found, how they fail, what they may do, and their filters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inspectkit.errors import TemplateError
from inspectkit.models import DocRef, Person
from inspectkit.reports.official import authority, issuer_code, number_line, state_recipients
from inspectkit.reports.phrases import (
    days_phrase,
    docref,
    inspection,
    paragraphs,
    person,
    ref_date,
    without_type,
)
from inspectkit.reports.render import md_escape, render_markdown

Write = Callable[[str, str], Path]
Cli = Callable[..., Any]

RECORDS = {
    "records/plans/p1.yaml": """\
        kind: plan
        id: p1
        number: 12-KH/BTG
        issued: 2024-03-01
        issuer: Ban Tuyên giáo
        title: Kiểm tra công tác bồi dưỡng
        topics: [{id: t1, title: Bồi dưỡng}]
        visits: [{centre: c1, date: 2024-03-10}]
        """,
    "records/centres/c1.yaml": "kind: centre\nid: c1\nname: Trung tâm A\n",
}


@pytest.fixture
def tiny(write: Write) -> Write:
    for path, text in RECORDS.items():
        write(path, text)
    return write


# --- overrides -------------------------------------------------------------------------------


def test_a_template_in_the_repository_overrides_the_shipped_one(tiny: Write, cli: Cli) -> None:
    tiny("templates/plan.md.j2", "Kế hoạch {{ plan.number }} của {{ org.name }}\n")
    result = cli("report", "p1", "--kind", "plan")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Kế hoạch 12-KH/BTG của Ban Tuyên giáo Tỉnh ủy\n"


def test_an_override_leaves_the_other_templates_shipped(tiny: Write, cli: Cli) -> None:
    tiny("templates/plan.md.j2", "only the plan\n")
    assert "# QUYẾT ĐỊNH" in cli("report", "p1", "--kind", "decision").stdout


def test_an_override_can_extend_the_shipped_frame(tiny: Write, cli: Cli) -> None:
    tiny(
        "templates/news.md.j2",
        '{% extends "_base.md.j2" %}{% block doctype %}TIN{% endblock %}{% block body %}Nội dung{% endblock %}',
    )
    out = cli("report", "p1", "--kind", "news").stdout
    assert "# TIN" in out and "Nội dung" in out and "ĐẢNG CỘNG SẢN VIỆT NAM" in out


def test_the_templates_folder_is_a_setting(tiny: Write, cli: Cli) -> None:
    tiny("inspectkit.toml", 'templates = "mine"\n')
    tiny("mine/plan.md.j2", "from mine\n")
    tiny("templates/plan.md.j2", "from the default folder\n")
    assert cli("report", "p1", "--kind", "plan").stdout == "from mine\n"


# --- errors ----------------------------------------------------------------------------------


def test_an_undefined_variable_is_a_one_line_error_naming_template_and_line(tiny: Write, cli: Cli) -> None:
    tiny("templates/plan.md.j2", "# Plan\n\n{{ plan.titel }}\n")
    result = cli("report", "p1", "--kind", "plan")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("inspectkit: template templates/plan.md.j2, line 3: ")
    assert "titel" in result.stderr


def test_a_syntax_error_is_a_one_line_error_naming_template_and_line(tiny: Write, cli: Cli) -> None:
    tiny("templates/plan.md.j2", "line one\n{% if plan.number %}\nnever closed\n")
    result = cli("report", "p1", "--kind", "plan")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "template templates/plan.md.j2, line" in result.stderr
    assert "endif" in result.stderr


def test_an_unknown_filter_names_its_line(tiny: Write, cli: Cli) -> None:
    tiny("templates/plan.md.j2", "a\nb\n{{ plan.issued|vn_datee }}\n")
    result = cli("report", "p1", "--kind", "plan")
    assert result.exit_code == 2
    assert "templates/plan.md.j2, line 3" in result.stderr
    assert "vn_datee" in result.stderr


def test_an_error_in_a_shipped_template_says_built_in(tmp_path: Path) -> None:
    with pytest.raises(
        TemplateError, match=r"^template _base\.md\.j2 \(built-in\), line \d+: 'doc' is undefined$"
    ):
        render_markdown("plan.md.j2", {"lang": "vi"}, tmp_path)


def test_the_sandbox_refuses_python_internals(tiny: Write, cli: Cli) -> None:
    tiny("templates/plan.md.j2", "{{ plan.__class__.__mro__ }}\n")
    result = cli("report", "p1", "--kind", "plan")
    assert result.exit_code == 2
    assert "templates/plan.md.j2, line 1" in result.stderr
    assert "Plan" not in result.stdout


# --- escaping --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a | b", r"a \| b"),
        ("<script>", r"\<script\>"),
        ("*bold* _it_", r"\*bold\* \_it\_"),
        ("[x](y)", r"\[x\](y)"),
        ("`code`", r"\`code\`"),
        ("50$ & ~x~", r"50\$ \& \~x\~"),
        ("back\\slash", r"back\\slash"),
        ("# not a heading", r"\# not a heading"),
        ("- not a list", r"\- not a list"),
        ("1. not a list", r"1\. not a list"),
        ("two\nlines", "two lines"),
        ("Đình Lập, 24/11/2022 (họp)", "Đình Lập, 24/11/2022 (họp)"),
        ("{{ 7*7 }}", r"{{ 7\*7 }}"),
    ],
)
def test_md_escape(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


def test_template_text_and_tr_phrases_are_not_escaped(tmp_path: Path) -> None:
    (tmp_path / "x.md.j2").write_text('**{{ tr("A*B", "C") }}** {{ v }}', encoding="utf-8")
    assert render_markdown("x.md.j2", {"lang": "vi", "v": "*"}, tmp_path) == "**A*B** \\*\n"


def test_tr_gives_the_english_phrase_with_lang_en(tmp_path: Path) -> None:
    (tmp_path / "x.md.j2").write_text('{{ tr("Căn cứ", "Pursuant to") }}', encoding="utf-8")
    assert render_markdown("x.md.j2", {"lang": "en"}, tmp_path) == "Pursuant to\n"


# --- filters and helpers ---------------------------------------------------------------------


def test_vn_date_filter_follows_the_leading_zero_rules(tmp_path: Path) -> None:
    (tmp_path / "x.md.j2").write_text(
        "{{ a|vn_date }}; {{ b|vn_date }}; {{ c|short_date }}", encoding="utf-8"
    )
    ctx = {"lang": "vi", "a": date(2022, 11, 3), "b": date(2024, 2, 5), "c": date(2024, 9, 30)}
    assert render_markdown("x.md.j2", ctx, tmp_path) == (
        "ngày 03 tháng 11 năm 2022; ngày 05 tháng 02 năm 2024; 30/9/2024\n"
    )


def test_ref_date_is_the_document_date_of_running_text() -> None:
    assert ref_date(date(2021, 12, 2)) == "02/12/2021"
    assert ref_date(date(2016, 5, 15)) == "15/5/2016"
    assert ref_date(date(2024, 1, 5)) == "05/01/2024"


def test_docref_names_the_document_type_from_its_number() -> None:
    ref = DocRef(
        number="04-ĐA/TU",
        issued=date(2021, 12, 2),
        issuer="Tỉnh ủy Lạng Sơn",
        title="Đề án thành lập lại trung tâm chính trị trên địa bàn tỉnh",
    )
    assert docref(ref) == (
        "Đề án số 04-ĐA/TU, ngày 02/12/2021 của Tỉnh ủy Lạng Sơn về thành lập lại trung tâm chính trị trên địa bàn tỉnh"
    )
    assert docref(DocRef(number="99/QĐ-KTNN")) == "Quyết định số 99/QĐ-KTNN"
    assert docref(DocRef(number="125/SGDĐT-VP")) == "Văn bản số 125/SGDĐT-VP"


def test_person_leaves_out_an_organisation_the_position_already_names() -> None:
    son = Person(
        name="Nguyễn Trọng Sơn",
        position="Phó Trưởng Ban Tuyên giáo Tỉnh ủy",
        organisation="Ban Tuyên giáo Tỉnh ủy Lạng Sơn",
    )
    van = Person(name="Dương Thị Hồng Vân", position="Phó Hiệu trưởng", organisation="Trường Chính trị")
    assert person(son) == "Nguyễn Trọng Sơn, Phó Trưởng Ban Tuyên giáo Tỉnh ủy"
    assert person(van) == "Dương Thị Hồng Vân, Phó Hiệu trưởng, Trường Chính trị"


def test_inspection_and_without_type_run_titles_into_sentences() -> None:
    assert inspection("Kiểm tra công tác X") == "kiểm tra công tác X"
    assert inspection("Công tác X") == "kiểm tra công tác X"
    assert inspection("Kiểm tra X", "en") == "Kiểm tra X"
    assert without_type("Quyết định thành lập Đoàn", "85-QĐ/BTGTU") == "thành lập Đoàn"
    assert without_type("Thành lập Đoàn", "85-QĐ/BTGTU") == "Thành lập Đoàn"


def test_days_phrase_as_the_reference_article_writes_it() -> None:
    assert days_phrase([date(2022, 11, 25), date(2022, 11, 24)], "vi") == "trong hai ngày 24 và 25/11/2022"
    assert days_phrase([date(2022, 11, 24)], "vi") == "ngày 24/11/2022"
    assert days_phrase([date(2022, 11, 30), date(2022, 12, 1)], "vi") == "từ ngày 30/11 đến ngày 01/12/2022"
    assert days_phrase([date(2023, 1, 4), date(2023, 1, 5)], "vi") == "trong hai ngày 04 và 05/01/2023"
    assert days_phrase([date(2022, 11, 24), date(2022, 11, 25)], "en") == "on 24 and 25 November 2022"


def test_authority_follows_the_document_style() -> None:
    assert authority("K/T TRƯỞNG BAN", "state") == "KT. TRƯỞNG BAN"
    assert authority("TM. ĐOÀN KIỂM TRA", "party") == "T/M ĐOÀN KIỂM TRA"
    assert authority("K/T TRƯỞNG BAN", "party") == "K/T TRƯỞNG BAN"
    assert authority("TRƯỞNG BAN", "state") == "TRƯỞNG BAN"


def test_number_line_and_issuer_code() -> None:
    assert issuer_code("84-KH/ĐKT") == "ĐKT"
    assert issuer_code("99/KH-KTNN") == "KTNN"
    assert issuer_code("06/2024/QĐ-UBND") == "UBND"
    assert number_line("84-KH/ĐKT", "party", "KH", "ĐKT") == "Số 84-KH/ĐKT"
    assert number_line("99/QĐ-KTNN", "state", "QĐ", "KTNN") == "Số: 99/QĐ-KTNN"
    blank = "\u00a0" * 6  # no-break spaces survive Markdown rendering
    assert number_line(None, "party", "BC", "ĐKT") == f"Số{blank}-BC/ĐKT"
    assert number_line(None, "state", "BC", "KTNN") == f"Số:{blank}/BC-KTNN"


def test_paragraphs_split_on_blank_lines_and_join_lines() -> None:
    assert paragraphs("a\nb\n\n  c  \n") == ["a b", "c"]
    assert paragraphs(None) == []


def test_an_override_without_a_subject_leaves_no_empty_bold_line(tiny: Write, cli: Cli) -> None:
    tiny(
        "templates/plan.md.j2",
        '{% extends "_base.md.j2" %}{% block doctype %}KẾ HOẠCH{% endblock %}{% block body %}Nội dung{% endblock %}',
    )
    out = cli("report", "p1", "--kind", "plan").stdout
    assert "# KẾ HOẠCH\n\nNội dung\n" in out
    assert "****" not in out  # `****` alone on a line is a horizontal rule in Markdown


def test_a_template_in_another_encoding_is_a_one_line_error_naming_it(
    tiny: Write, cli: Cli, repo: Path
) -> None:
    (repo / "templates").mkdir()
    (repo / "templates/plan.md.j2").write_bytes(b"S\xe1 {{ plan.number }}\n")  # not UTF-8
    result = cli("report", "p1", "--kind", "plan")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "template templates/plan.md.j2 is not UTF-8 text" in result.stderr
    assert "save it as UTF-8" in result.stderr


def test_an_nfd_template_gives_nfc_text_without_a_bom(tiny: Write, cli: Cli, repo: Path) -> None:
    import unicodedata

    (repo / "templates").mkdir()
    nfd = unicodedata.normalize("NFD", "Kế hoạch số {{ plan.number }}\n")
    (repo / "templates/plan.md.j2").write_bytes(b"\xef\xbb\xbf" + nfd.encode("utf-8"))
    assert cli("report", "p1", "--kind", "plan").stdout == "Kế hoạch số 12-KH/BTG\n"


@pytest.mark.parametrize(
    ("recipients", "expected"),
    [
        (["Huyện ủy"], ["Huyện ủy", "Lưu: VT, ĐKT."]),
        (["Huyện ủy", "Lưu Văn phòng Ban"], ["Huyện ủy", "Lưu: VT, Văn phòng Ban"]),
        (["Huyện ủy", "Lưu: hồ sơ Đoàn"], ["Huyện ủy", "Lưu: VT, hồ sơ Đoàn"]),
        (["Huyện ủy", "Lưu: VT, TCCB."], ["Huyện ủy", "Lưu: VT, TCCB."]),
        (["Lưu Văn An"], ["Lưu Văn An", "Lưu: VT, ĐKT."]),  # a person named Lưu is not the filing line
    ],
)
def test_state_recipients_end_with_the_filing_line(recipients: list[str], expected: list[str]) -> None:
    assert state_recipients(recipients, "ĐKT") == expected


def test_running_text_dates_follow_the_leading_zero_rule(tiny: Write, cli: Cli) -> None:
    tiny(
        "records/findings/f1.yaml",
        """\
        kind: finding
        id: f1
        plan: p1
        centres: [c1]
        topic: t1
        type: request
        summary: Bổ sung giảng viên
        action: {owner: Trung tâm A, due: 2025-01-05}
        """,
    )
    out = cli("report", "p1", "--kind", "conclusion", "--today", "2024-12-01").stdout
    assert "| 05/01/2025 |" in out  # as `ngày 05 tháng 01 năm 2025` writes it
    assert "ngày 10/3/2024" in out  # the visit: no zero before month 3


@pytest.mark.parametrize(
    ("number", "title", "expected"),
    [
        # a title naming another document type: what the cited one issued, not `về Quy định về`
        (
            "10/2021/TT-BGDĐT",
            "Quy định về tổ chức trung tâm",
            "Thông tư số 10/2021/TT-BGDĐT ban hành Quy định về tổ chức trung tâm",
        ),
        # a title starting with `về` gets no second one
        ("1250/QĐ-UBND", "về kế hoạch kiểm tra", "Quyết định số 1250/QĐ-UBND về kế hoạch kiểm tra"),
        # a title starting with its own type loses it
        ("04-ĐA/TU", "Đề án thành lập lại trung tâm", "Đề án số 04-ĐA/TU về thành lập lại trung tâm"),
        (
            "883-QĐ/TW",
            "Hướng dẫn chức năng, nhiệm vụ",
            "Quyết định số 883-QĐ/TW ban hành Hướng dẫn chức năng, nhiệm vụ",
        ),
    ],
)
def test_docref_never_doubles_a_word_where_texts_are_joined(number: str, title: str, expected: str) -> None:
    assert docref(DocRef(number=number, title=title)) == expected


def test_the_news_runs_the_plan_title_into_its_sentence_without_a_stray_capital(
    tiny: Write, cli: Cli
) -> None:
    out = cli("report", "p1", "--kind", "news").stdout
    assert "về việc kiểm tra công tác bồi dưỡng" in out
    assert "về việc Kiểm tra" not in out


# --- the plan prints no heading or column with nothing in it (issue 9) -----------------------


def test_a_plan_topic_without_items_is_a_numbered_line_not_an_empty_heading(tiny: Write, cli: Cli) -> None:
    result = cli("report", "p1", "--kind", "plan")
    assert result.exit_code == 0, result.output
    assert "1\\. Bồi dưỡng" in result.stdout
    assert "### 1. Bồi dưỡng" not in result.stdout


def test_a_plan_topic_with_items_keeps_its_heading_and_items(tiny: Write, cli: Cli) -> None:
    tiny(
        "records/plans/p1.yaml",
        RECORDS["records/plans/p1.yaml"].replace(
            "topics: [{id: t1, title: Bồi dưỡng}]",
            "topics: [{id: t1, title: Bồi dưỡng, items: [Giáo trình]}]",
        ),
    )
    result = cli("report", "p1", "--kind", "plan")
    assert result.exit_code == 0, result.output
    assert "### 1. Bồi dưỡng\n\n- Giáo trình\n" in result.stdout


def test_plan_topics_are_all_headings_when_some_topic_has_items(tiny: Write, cli: Cli) -> None:
    # One numbering, one style: a bold "2." heading after a plain "1." line looked like two lists.
    tiny(
        "records/plans/p1.yaml",
        RECORDS["records/plans/p1.yaml"].replace(
            "topics: [{id: t1, title: Bồi dưỡng}]",
            "topics: [{id: t1, title: Bồi dưỡng}, {id: t2, title: Đào tạo, items: [Số lớp]}]",
        ),
    )
    result = cli("report", "p1", "--kind", "plan")
    assert result.exit_code == 0, result.output
    assert "### 1. Bồi dưỡng\n\n### 2. Đào tạo\n\n- Số lớp\n" in result.stdout
    assert "1\\. Bồi dưỡng" not in result.stdout


def test_the_plan_schedule_has_a_notes_column_only_when_a_visit_has_notes(tiny: Write, cli: Cli) -> None:
    without = cli("report", "p1", "--kind", "plan").stdout
    assert "Ghi chú" not in without
    assert "| Ngày | Đơn vị | Thành phần dự |\n|---|---|---|\n" in without
    tiny(
        "records/plans/p1.yaml",
        RECORDS["records/plans/p1.yaml"].replace(
            "visits: [{centre: c1, date: 2024-03-10}]",
            "visits: [{centre: c1, date: 2024-03-10, notes: Buổi sáng}]",
        ),
    )
    with_notes = cli("report", "p1", "--kind", "plan").stdout
    assert "| Ngày | Đơn vị | Thành phần dự | Ghi chú |\n|---|---|---|---|\n" in with_notes
    assert "| Buổi sáng |" in with_notes
