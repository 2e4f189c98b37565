"""`inspectkit report`: what it refuses, where it writes, and what the Markdown says.

Each test builds a small records repository inline; the reference records are covered by the
golden files (test_reports_golden.py) and the Word layout by test_reports_docx.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Write = Callable[[str, str], Path]
Cli = Callable[..., Any]

PLAN = """\
kind: plan
id: p1
number: 05-KH/BTG
issued: 2024-03-01
issuer: Ban Tuyên giáo Huyện ủy An Bình
place: An Bình
title: Kiểm tra công tác bồi dưỡng năm 2024
topics:
  - id: dao-tao
    title: Công tác đào tạo, bồi dưỡng
    items: [Số lớp đã mở]
delegation: d1
visits:
  - centre: c1
    date: 2024-03-10
    attendees:
      - name: Lê Văn Ba
        position: Bí thư Huyện ủy
  - centre: c2
    date: 2024-03-12
signer:
  name: Trần Thị Hai
  position: Phó Trưởng Ban
  authority: K/T TRƯỞNG BAN
recipients: [Thường trực Huyện ủy]
"""
DELEGATION = """\
kind: delegation
id: d1
plan: p1
decision: {number: 06-QĐ/BTG, issued: 2024-03-05, title: Quyết định thành lập Đoàn kiểm tra}
members:
  - {name: Phạm Văn Bốn, role: secretary, position: Chuyên viên}
  - {name: Nguyễn Văn Một, role: head, position: Trưởng Ban Tuyên giáo Huyện ủy}
  - {name: Đỗ Thị Năm, role: member, position: Chuyên viên}
  - {name: Hoàng Văn Sáu, role: deputy, position: Phó Trưởng Ban}
"""
CENTRE = """\
kind: centre
id: {id}
name: {name}
"""
STRENGTH = """\
kind: finding
id: f1
plan: p1
centres: [c1]
topic: dao-tao
type: strength
summary: {summary}
"""
REQUEST = """\
kind: finding
id: f2
plan: p1
centres: [c1, c2]
topic: dao-tao
type: request
summary: Bổ sung giảng viên kiêm chức
action:
  owner: Huyện ủy An Bình
  due: 2024-06-30
  status: {status}
"""


@pytest.fixture
def small(write: Write) -> Write:
    """A valid repository: one plan visiting two centres, a delegation, two findings."""
    write("records/plans/p1.yaml", PLAN)
    write("records/delegations/d1.yaml", DELEGATION)
    write("records/centres/c1.yaml", CENTRE.format(id="c1", name="Trung tâm Chính trị huyện An Bình"))
    write("records/centres/c2.yaml", CENTRE.format(id="c2", name="Trung tâm Chính trị huyện Bình An"))
    write("records/findings/f1.yaml", STRENGTH.format(summary="Mở đủ các lớp theo kế hoạch"))
    write("records/findings/f2.yaml", REQUEST.format(status="open"))
    return write


def test_markdown_goes_to_stdout(small: Write, cli: Cli) -> None:
    result = cli("report", "p1", "--kind", "plan")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("| ")
    assert "# KẾ HOẠCH" in result.stdout
    assert "Số 05-KH/BTG" in result.stdout


def test_output_dash_means_stdout(small: Write, cli: Cli, repo: Path) -> None:
    result = cli("report", "p1", "--kind", "plan", "-o", "-")
    assert result.exit_code == 0, result.output
    assert "# KẾ HOẠCH" in result.stdout
    assert not (repo / "-").exists()


def test_word_cannot_go_to_stdout(small: Write, cli: Cli, repo: Path) -> None:
    result = cli("report", "p1", "--kind", "plan", "-f", "docx", "-o", "-")
    assert result.exit_code == 2
    assert "cannot go to standard output" in result.stderr
    assert not (repo / "-").exists()


def test_a_file_name_of_no_report_format_takes_the_format_given(small: Write, cli: Cli, repo: Path) -> None:
    result = cli("report", "p1", "--kind", "plan", "-f", "md", "-o", "plan.txt")
    assert result.exit_code == 0, result.output
    assert "# KẾ HOẠCH" in (repo / "plan.txt").read_text(encoding="utf-8")


def test_every_kind_renders_on_a_small_repository(small: Write, cli: Cli) -> None:
    for kind in ("plan", "decision", "summary", "conclusion", "followup", "news"):
        result = cli("report", "p1", "--kind", kind, "--today", "2024-04-01")
        assert result.exit_code == 0, (kind, result.output)
    result = cli("report", "p1", "--kind", "minutes", "--centre", "c2")
    assert result.exit_code == 0, result.output


def test_the_cli_offers_exactly_the_report_kinds_the_core_makes(cli: Cli) -> None:
    from inspectkit.reports import REPORT_KINDS

    shown = " ".join(cli("report", "--help").stdout.replace("│", " ").split())
    for kind in REPORT_KINDS.values():
        assert f"{kind.name} ({kind.office_name})" in shown


def test_records_with_lint_errors_are_refused(small: Write, cli: Cli) -> None:
    bad = STRENGTH.format(summary="x").replace("id: f1", "id: f3").replace("topic: dao-tao", "topic: nope")
    small("records/findings/f3.yaml", bad)
    result = cli("report", "p1", "--kind", "plan")
    assert result.exit_code == 1
    assert "inspectkit lint" in result.stderr
    assert "IK403" in result.stderr
    assert result.stdout == ""


def test_overdue_actions_do_not_block_a_report_even_when_settings_make_them_errors(
    small: Write, cli: Cli
) -> None:
    small("inspectkit.toml", '[lint]\nerror = ["IK508"]\n')
    result = cli("report", "p1", "--kind", "followup", "--today", "2025-01-01")
    assert result.exit_code == 0, result.output


def test_unknown_plan_is_a_one_line_usage_error(small: Write, cli: Cli) -> None:
    result = cli("report", "p2", "--kind", "plan")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "no plan has id 'p2' (plans: p1)" in result.stderr


def test_minutes_need_a_centre(small: Write, cli: Cli) -> None:
    result = cli("report", "p1", "--kind", "minutes")
    assert result.exit_code == 2
    assert "--centre" in result.stderr and "c1, c2" in result.stderr


def test_a_centre_the_plan_does_not_visit_is_refused(small: Write, cli: Cli) -> None:
    small("records/centres/c3.yaml", CENTRE.format(id="c3", name="Trung tâm khác"))
    result = cli("report", "p1", "--kind", "minutes", "--centre", "c3")
    assert result.exit_code == 2
    assert "does not visit centre 'c3'" in result.stderr


def test_centre_only_applies_to_minutes(small: Write, cli: Cli) -> None:
    result = cli("report", "p1", "--kind", "plan", "--centre", "c1")
    assert result.exit_code == 2
    assert "--centre applies to" in result.stderr


def test_the_conclusion_is_one_document_per_plan_not_offered_per_centre(small: Write, cli: Cli) -> None:
    """The register keeps one conclusion per plan (FORMAT.md: only minutes name a centre), so a
    conclusion of one centre could never be issued: it is refused, saying why and what to make."""
    result = cli("report", "p1", "--kind", "conclusion", "--centre", "c2")
    assert result.exit_code == 2
    assert "one document per plan" in result.stderr and "minutes" in result.stderr
    whole = cli("report", "p1", "--kind", "conclusion").stdout
    assert "Mở đủ các lớp theo kế hoạch (Trung tâm Chính trị huyện An Bình)." in whole  # f1 is on c1 only


def test_output_file_is_written(small: Write, cli: Cli, repo: Path) -> None:
    result = cli("report", "p1", "--kind", "plan", "-o", "out/plan.md")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "wrote out/plan.md" in result.stderr
    assert (repo / "out/plan.md").read_text(encoding="utf-8").startswith("| ")


def test_an_existing_output_file_is_kept_without_force(small: Write, cli: Cli, repo: Path) -> None:
    target = repo / "plan.md"
    target.write_text("mine", encoding="utf-8")
    result = cli("report", "p1", "--kind", "plan", "-o", "plan.md")
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine"


def test_force_overwrites_the_output_file(small: Write, cli: Cli, repo: Path) -> None:
    target = repo / "plan.md"
    target.write_text("mine", encoding="utf-8")
    result = cli("report", "p1", "--kind", "plan", "-o", "plan.md", "--force")
    assert result.exit_code == 0, result.output
    assert "# KẾ HOẠCH" in target.read_text(encoding="utf-8")


def test_docx_without_output_gets_a_default_name(small: Write, cli: Cli, repo: Path) -> None:
    result = cli("report", "p1", "--kind", "minutes", "--centre", "c1", "--format", "docx")
    assert result.exit_code == 0, result.output
    assert (repo / "p1-minutes-c1.docx").is_file()
    assert "wrote p1-minutes-c1.docx" in result.stderr


def test_english_headings_keep_record_text_as_written(small: Write, cli: Cli) -> None:
    out = cli("report", "p1", "--kind", "plan", "--lang", "en").stdout
    assert "# PLAN" in out
    assert "## I. PURPOSE AND REQUIREMENTS" in out
    assert "Kiểm tra công tác bồi dưỡng năm 2024" in out
    assert "MỤC ĐÍCH" not in out


def test_settings_choose_the_default_language(small: Write, cli: Cli) -> None:
    small("inspectkit.toml", 'language = "en"\n')
    assert "# PLAN" in cli("report", "p1", "--kind", "plan").stdout
    assert "# KẾ HOẠCH" in cli("report", "p1", "--kind", "plan", "--lang", "vi").stdout


def test_members_are_listed_by_role_not_as_written(small: Write, cli: Cli) -> None:
    out = cli("report", "p1", "--kind", "decision").stdout
    order = [out.index(name) for name in ("Nguyễn Văn Một", "Hoàng Văn Sáu", "Đỗ Thị Năm", "Phạm Văn Bốn")]
    assert order == sorted(order)


def test_followup_marks_actions_overdue_as_of_today(small: Write, cli: Cli) -> None:
    before = cli("report", "p1", "--kind", "followup", "--today", "2024-06-30").stdout
    after = cli("report", "p1", "--kind", "followup", "--today", "2024-07-02").stdout
    assert "Quá hạn" not in before
    assert "**Quá hạn 2 ngày**, chưa thực hiện" in after
    assert "ngày 02 tháng 7 năm 2024" in after


def test_a_done_action_is_never_overdue(small: Write, cli: Cli) -> None:
    small(
        "records/findings/f2.yaml",
        REQUEST.format(status="done") + "  done_on: 2024-07-10\n",
    )
    out = cli("report", "p1", "--kind", "followup", "--today", "2025-01-01").stdout
    assert "Quá hạn" not in out
    assert "Đã hoàn thành (10/7/2024)" in out


def test_bad_today_is_a_usage_error(small: Write, cli: Cli) -> None:
    result = cli("report", "p1", "--kind", "followup", "--today", "tomorrow")
    assert result.exit_code == 2
    assert "--today" in result.stderr


# --- record text is inserted literally ------------------------------------------------------

TRICKY = "{{ 7*7 }} | <b>x</b> *y* _z_ [l](u) `c`"


def test_template_syntax_in_a_record_is_not_evaluated(small: Write, cli: Cli) -> None:
    small("records/findings/f1.yaml", STRENGTH.format(summary=f"'{TRICKY}'"))
    out = cli("report", "p1", "--kind", "conclusion").stdout
    assert "49" not in out
    assert r"{{ 7\*7 }}" in out


def test_markup_in_a_record_is_escaped(small: Write, cli: Cli) -> None:
    small("records/findings/f1.yaml", STRENGTH.format(summary=f"'{TRICKY}'"))
    out = cli("report", "p1", "--kind", "conclusion").stdout
    assert r"\<b\>x\</b\> \*y\* \_z\_ \[l\](u) \`c\`" in out
    assert "<b>" not in out


def test_a_pipe_in_a_record_cannot_break_a_table(small: Write, cli: Cli) -> None:
    request = REQUEST.format(status="open").replace("Bổ sung giảng viên kiêm chức", "'A | B | C'")
    small("records/findings/f2.yaml", request)
    out = cli("report", "p1", "--kind", "conclusion").stdout
    row = next(line for line in out.splitlines() if "A \\| B \\| C" in line)
    unescaped = row.replace("\\|", "")
    assert unescaped.count("|") == 5  # four cells, as in the header row


def test_literal_text_survives_into_the_word_document(small: Write, cli: Cli, repo: Path) -> None:
    from docx import Document

    small("records/findings/f1.yaml", STRENGTH.format(summary=f"'{TRICKY}'"))
    result = cli("report", "p1", "--kind", "conclusion", "-f", "docx", "-o", "c.docx")
    assert result.exit_code == 0, result.output
    texts = [p.text for p in Document(str(repo / "c.docx")).paragraphs]
    assert f"- {TRICKY} (Trung tâm Chính trị huyện An Bình)." in texts  # f1 is on one of two centres


def test_output_file_gets_the_mode_of_an_ordinary_file(small: Write, cli: Cli, repo: Path) -> None:
    import os
    import stat

    umask = os.umask(0o022)
    try:
        cli("report", "p1", "--kind", "plan", "-o", "plan.md")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((repo / "plan.md").stat().st_mode) == 0o644


def test_an_output_named_docx_gets_word_without_format(small: Write, cli: Cli, repo: Path) -> None:
    result = cli("report", "p1", "--kind", "plan", "-o", "plan.docx")
    assert result.exit_code == 0, result.output
    assert (repo / "plan.docx").read_bytes()[:2] == b"PK"  # a zip package, not Markdown


def test_format_md_wins_over_the_output_suffix(small: Write, cli: Cli, repo: Path) -> None:
    result = cli("report", "p1", "--kind", "plan", "-f", "md", "-o", "plan.docx")
    assert result.exit_code == 0, result.output
    assert (repo / "plan.docx").read_text(encoding="utf-8").startswith("| ")
    # ... and says so: Word will not open Markdown named .docx
    assert "its name says docx: rename it to .md" in result.stderr


def _html(markdown: str) -> str:
    """Markdown as GitHub renders it, near enough: CommonMark with GFM tables and strikethrough."""
    from markdown_it import MarkdownIt

    html: str = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    return html


def test_tricky_record_text_renders_exactly_as_written(small: Write, cli: Cli) -> None:
    small("records/findings/f1.yaml", STRENGTH.format(summary=f"'{TRICKY}'"))
    small(
        "records/findings/f2.yaml",
        REQUEST.format(status="open").replace("Bổ sung giảng viên kiêm chức", f"'{TRICKY}'"),
    )
    html = _html(cli("report", "p1", "--kind", "conclusion").stdout)
    shown = "{{ 7*7 }} | &lt;b&gt;x&lt;/b&gt; *y* _z_ [l](u) `c`"
    assert f"<li>{shown} (Trung tâm Chính trị huyện An Bình).</li>" in html  # the strength, in a list
    assert f"<td>{shown}</td>" in html  # the request, in one table cell
    for markup in ("<b>x", "<em>y</em>", "<em>z</em>", '<a href="u"', "<code>c</code>"):
        assert markup not in html


DIFFICULTY = """\
kind: finding
id: f3
plan: p1
centres: [c1]
topic: dao-tao
type: difficulty
summary: Thiếu phòng học
"""


def test_minutes_put_what_the_unit_raised_in_the_proceedings_not_in_the_heads_conclusions(
    small: Write, cli: Cli
) -> None:
    small("records/findings/f3.yaml", DIFFICULTY)
    out = cli("report", "p1", "--kind", "minutes", "--centre", "c1").stdout
    proceedings, conclusions = out.split("## III. KẾT LUẬN CỦA TRƯỞNG ĐOÀN")
    assert "- Thiếu phòng học." in proceedings
    assert "Thiếu phòng học" not in conclusions
    assert "Mở đủ các lớp theo kế hoạch" in conclusions  # a strength is the head's conclusion


def test_the_decision_prints_no_blank_as_if_it_were_a_fact(small: Write, cli: Cli) -> None:
    """The records do not say at whose proposal the delegation is formed: no `Xét đề nghị của ……`."""
    out = cli("report", "p1", "--kind", "decision").stdout
    bases = out.split("**QUYẾT ĐỊNH:**")[0]
    assert "……" not in out and "Xét đề nghị" not in out
    assert bases.rstrip().endswith("năm 2024;")  # the last `Căn cứ` ends with a semicolon


def test_state_style_puts_the_filing_line_in_the_state_form(small: Write, cli: Cli) -> None:
    small("inspectkit.toml", '[organisation]\nstyle = "state"\n')
    small(
        "records/plans/p1.yaml",
        PLAN.replace("[Thường trực Huyện ủy]", "[Thường trực Huyện ủy, Lưu Văn phòng Ban]"),
    )
    out = cli("report", "p1", "--kind", "plan").stdout
    assert "<br>- Lưu: VT, Văn phòng Ban |" in out
    assert "Lưu Văn phòng Ban" not in out


def test_the_results_report_goes_to_the_issuing_body_not_to_the_units(small: Write, cli: Cli) -> None:
    out = cli("report", "p1", "--kind", "summary").stdout
    closing = out.splitlines()[-2]
    assert "- Lãnh đạo Ban Tuyên giáo Huyện ủy An Bình (để báo cáo)" in closing
    assert "Thường trực Huyện ủy" not in closing  # the plan's recipients are for the plan


def test_a_folder_as_output_is_a_usage_error_that_asks_for_a_file_name(
    small: Write, cli: Cli, repo: Path
) -> None:
    (repo / "out").mkdir()
    result = cli("report", "p1", "--kind", "plan", "-o", "out", "--force")
    assert result.exit_code == 2
    assert "out is a folder: give -o a file name" in result.stderr
    assert "--force" not in result.stderr


def test_minutes_print_a_point_once_when_its_detail_only_restates_the_summary(small: Write, cli: Cli) -> None:
    """The results report's rule (detail_adds / detail_covers) holds in the minutes too: a detail
    that says what the summary says is not printed after it."""
    small(
        "records/findings/f1.yaml",
        STRENGTH.format(summary="Mở đủ các lớp theo kế hoạch") + "detail: Đã mở đủ các lớp theo kế hoạch.\n",
    )
    out = cli("report", "p1", "--kind", "minutes", "--centre", "c1").stdout
    assert out.count("các lớp theo kế hoạch") == 1


def test_minutes_of_one_reference_centre_speak_of_that_district_alone(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Đình Lập's minutes (24/11) cannot describe `các huyện` (Chi Lăng was visited on 25/11), and
    the delegation's reply to a proposal is not printed as what the district said."""
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    out = cli(
        "report", "2022-84-kh-dkt", "-k", "minutes", "--centre", "ttct-dinh-lap", "--today", "2022-12-01"
    ).stdout
    proceedings = out.split("## III.")[0]
    assert "các huyện" not in out.lower()
    assert "Chi Lăng" not in out
    assert "Đoàn Kiểm tra tiếp thu" not in proceedings


def test_a_visit_crossing_a_month_reads_as_one_span_in_the_decision_conclusion_and_news(
    small: Write, cli: Cli
) -> None:
    small(
        "records/plans/p1.yaml",
        PLAN.replace("date: 2024-03-10", "date: 2024-03-28\n    end: 2024-03-30").replace(
            "date: 2024-03-12", "date: 2024-03-31\n    end: 2024-04-01"
        ),
    )
    for kind in ("decision", "conclusion", "news"):
        out = cli("report", "p1", "--kind", kind, "--today", "2024-05-01").stdout
        assert "từ ngày 28/3 đến ngày 01/4/2024" in out, kind
        assert "các ngày" not in out, kind


def test_a_days_list_of_one_month_is_kept_and_stretches_in_two_months_are_spans() -> None:
    from datetime import date

    from inspectkit.reports.phrases import days_phrase

    assert days_phrase([date(2022, 11, 24), date(2022, 11, 25)], "vi") == "trong hai ngày 24 và 25/11/2022"
    three = [date(2024, 3, 10), date(2024, 3, 31), date(2024, 4, 1)]
    assert days_phrase(three, "vi") == "ngày 10/3/2024 và từ ngày 31/3 đến ngày 01/4/2024"


def test_a_persons_position_and_organisation_are_joined_without_doubled_words() -> None:
    from inspectkit.models import Person
    from inspectkit.reports.phrases import person

    inspector = Person(name="A", position="Chánh Thanh tra Sở", organisation="Sở Giáo dục và Đào tạo")
    assert person(inspector) == "A, Chánh Thanh tra Sở Giáo dục và Đào tạo"
    deputy = Person(name="B", position="Phó Bí thư Huyện ủy", organisation="Huyện ủy Mèo Vạc")
    assert person(deputy) == "B, Phó Bí thư Huyện ủy Mèo Vạc"
    teacher = Person(name="C", position="Phó Hiệu trưởng", organisation="Trường Chính trị Hoàng Văn Thụ")
    assert person(teacher) == "C, Phó Hiệu trưởng, Trường Chính trị Hoàng Văn Thụ"  # trưởng is not Trường


def test_an_attendee_with_a_bare_title_is_printed_with_the_centre_in_every_report(
    small: Write, cli: Cli
) -> None:
    small("records/plans/p1.yaml", PLAN.replace("position: Bí thư Huyện ủy", "position: Giám đốc"))
    for kind in ("plan", "summary", "news"):
        out = cli("report", "p1", "--kind", kind, "--today", "2024-04-01").stdout
        assert "Lê Văn Ba, Giám đốc, Trung tâm Chính trị huyện An Bình" in out, kind


def test_report_says_on_stderr_how_many_placeholders_it_printed_and_where(small: Write, cli: Cli) -> None:
    small("records/delegations/d1.yaml", DELEGATION.replace("name: Đỗ Thị Năm", 'name: "[Chưa rõ tên 1]"'))
    for kind in ("plan", "decision"):
        result = cli("report", "p1", "--kind", kind)
        assert result.exit_code == 0, result.output
        assert "printed 1 placeholder(s), marked «…»" in result.stderr, kind
        assert "records/delegations/d1.yaml:8: '[Chưa rõ tên 1]'" in result.stderr, kind
