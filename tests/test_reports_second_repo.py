"""A second, independent records repository (tests/fixtures/caobang: a State-style organisation, a
two-day visit, findings about one centre only, causes, statements of both sides), and the issued
forms of both repositories: golden Markdown of drafts and of registered documents, Word files
with page numbers, and PDF through LibreOffice.

Regenerate the golden files after a deliberate change with
`UPDATE_GOLDEN=1 pytest tests/test_reports_second_repo.py` and review the diff.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]
HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
CAOBANG = HERE / "fixtures" / "caobang"
REFERENCE = HERE.parent
PLAN = "2023-45-kh-sgddt"
REF_PLAN = "2022-84-kh-dkt"
TODAY = "2024-04-15"

KINDS: dict[str, list[str]] = {
    "plan": ["--kind", "plan"],
    "decision": ["--kind", "decision"],
    "minutes-gdnn-ha-quang": ["--kind", "minutes", "--centre", "gdnn-ha-quang"],
    "minutes-gdnn-bao-lac": ["--kind", "minutes", "--centre", "gdnn-bao-lac"],
    "summary": ["--kind", "summary"],
    "conclusion": ["--kind", "conclusion"],
    "followup": ["--kind", "followup"],
    "news": ["--kind", "news"],
}
# What the clerk registers in the second repository (its delegation names everyone).
ISSUES = [
    ["--kind", "minutes", "--centre", "gdnn-ha-quang", "--number", "07/BB-SGDĐT", "--on", "2023-10-13"],
    ["--kind", "minutes", "--centre", "gdnn-bao-lac", "--number", "08/BB-SGDĐT", "--on", "2023-10-16"],
    ["--kind", "summary", "--number", "15/BC-SGDĐT", "--on", "2023-10-25"],
    ["--kind", "conclusion", "--number", "120/TB-SGDĐT", "--on", "2023-11-02"],
    ["--kind", "followup", "--number", "30/BC-SGDĐT", "--on", TODAY],
    ["--kind", "news", "--on", "2023-10-20"],
]
# The reference records: the documents that print no placeholder can be registered.
REF_ISSUES = [
    ["--kind", "summary", "--number", "05-BC/ĐKT", "--on", "2022-11-30"],
    ["--kind", "conclusion", "--number", "12-TB/BTGTU", "--on", "2022-12-05"],
    ["--kind", "news", "--on", "2022-11-26"],
]
REF_ISSUED = {
    "summary": ["--kind", "summary"],
    "conclusion": ["--kind", "conclusion"],
    "news": ["--kind", "news"],
}


def copy_of(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copytree(source / "records", target / "records")
    shutil.copy(source / "inspectkit.toml", target / "inspectkit.toml")
    return target


@pytest.fixture
def caobang(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_of(CAOBANG, tmp_path / "caobang")
    monkeypatch.chdir(root)
    monkeypatch.setenv("NO_COLOR", "1")
    return root


@pytest.fixture
def issued_caobang(caobang: Path, cli: Cli) -> Path:
    for args in ISSUES:
        result = cli("issue", PLAN, *args)
        assert result.exit_code == 0, result.output
    return caobang


@pytest.fixture
def issued_reference(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> Path:
    root = copy_of(REFERENCE, tmp_path / "reference")
    monkeypatch.chdir(root)
    monkeypatch.setenv("NO_COLOR", "1")
    for args in REF_ISSUES:
        result = cli("issue", REF_PLAN, *args)
        assert result.exit_code == 0, result.output
    return root


def check_golden(name: str, text: str) -> None:
    golden = GOLDEN / f"{name}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"no golden file {golden.name}: run with UPDATE_GOLDEN=1 and review it"
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(KINDS))
def test_second_repository_drafts_match_golden(name: str, caobang: Path, cli: Cli) -> None:
    result = cli("report", PLAN, *KINDS[name], "--today", TODAY)
    assert result.exit_code == 0, result.output
    check_golden(f"caobang/{name}", result.stdout)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_second_repository_issued_forms_match_golden(name: str, issued_caobang: Path, cli: Cli) -> None:
    result = cli("report", PLAN, *KINDS[name], "--today", TODAY)
    assert result.exit_code == 0, result.output
    check_golden(f"caobang/{name}.issued", result.stdout)


@pytest.mark.parametrize("name", sorted(REF_ISSUED))
def test_reference_issued_forms_match_golden(name: str, issued_reference: Path, cli: Cli) -> None:
    result = cli("report", REF_PLAN, *REF_ISSUED[name], "--today", "2024-01-01")
    assert result.exit_code == 0, result.output
    assert "DỰ THẢO" not in result.stdout
    check_golden(f"{name}.issued", result.stdout)


# --- what the second repository shows about the content -----------------------------------------


def report(cli: Cli, *args: str) -> str:
    result = cli("report", PLAN, *args, "--today", TODAY)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_a_two_day_visit_reads_as_one_span(caobang: Path, cli: Cli) -> None:
    minutes = report(cli, "--kind", "minutes", "--centre", "gdnn-ha-quang")
    assert "từ ngày 12 đến ngày 13 tháng 10 năm 2023, tại Trung tâm" in minutes
    assert (
        "Biên bản kết thúc lúc … giờ … phút ngày 13/10/2023, được lập thành 02 bản, mỗi bên giữ 01 bản."
        in minutes
    )
    assert "cùng ngày" not in minutes


def test_minutes_of_one_centre_hold_only_that_centres_findings(caobang: Path, cli: Cli) -> None:
    ha_quang = report(cli, "--kind", "minutes", "--centre", "gdnn-ha-quang")
    bao_lac = report(cli, "--kind", "minutes", "--centre", "gdnn-bao-lac")
    assert "Thiếu 6 biên chế" in ha_quang and "Thiếu 6 biên chế" not in bao_lac
    assert "phòng học xuống cấp" in bao_lac and "phòng học xuống cấp" not in ha_quang
    assert "ngày 16 tháng 10 năm 2023" in bao_lac and "tháng 10 năm 2023 đến" not in bao_lac


def test_minutes_keep_the_centres_statements_apart_from_the_heads_conclusions(
    caobang: Path, cli: Cli
) -> None:
    proceedings, conclusions = report(cli, "--kind", "minutes", "--centre", "gdnn-ha-quang").split(
        "## III. KẾT LUẬN CỦA TRƯỞNG ĐOÀN"
    )
    assert "Hoàn thành kế hoạch dạy học" in proceedings  # a strength the centre reported (raised_by: centre)
    assert "Hoàn thành kế hoạch dạy học" not in conclusions
    assert "tỷ lệ chuyên cần thấp" in conclusions  # a difficulty the delegation found (raised_by: delegation)


@pytest.mark.parametrize("kind", ["conclusion", "summary"])
def test_a_cause_of_a_finding_about_one_centre_names_that_centre(kind: str, caobang: Path, cli: Cli) -> None:
    text = report(cli, "--kind", kind)
    assert "Chế độ thu hút giáo viên về vùng khó khăn chưa đủ hấp dẫn (TT GDNN-GDTX Hà Quảng)." in text
    assert "Kinh phí sửa chữa, mua sắm thiết bị hằng năm còn hạn chế (TT GDNN-GDTX Bảo Lạc)." in text


def test_the_news_names_a_difficulty_as_a_difficulty_not_a_shortcoming(caobang: Path, cli: Cli) -> None:
    news = report(cli, "--kind", "news")
    shortcomings = news.partition("chỉ ra một số hạn chế:")[2].partition("\n\n")[0]
    assert "tỷ lệ chuyên cần thấp" not in shortcomings
    assert "ghi nhận một số khó khăn, vướng mắc: Học viên phần lớn vừa học vừa làm" in news


def test_the_news_opens_on_the_difficulties_when_the_delegation_pointed_out_no_shortcoming(
    caobang: Path, cli: Cli
) -> None:
    for number in ("03", "04"):  # the two shortcomings, now said by the centres themselves
        path = caobang / f"records/findings/{PLAN}/{PLAN}-{number}.yaml"
        path.write_text(path.read_text(encoding="utf-8") + "raised_by: centre\n", encoding="utf-8")
    news = report(cli, "--kind", "news")
    assert "chỉ ra một số hạn chế" not in news
    assert "\n\nBên cạnh đó, Đoàn kiểm tra ghi nhận một số khó khăn, vướng mắc: Học viên phần lớn" in news


def test_minutes_name_both_sides_with_their_units_and_both_sides_sign(caobang: Path, cli: Cli) -> None:
    minutes = report(cli, "--kind", "minutes", "--centre", "gdnn-ha-quang")
    assert (
        "Đồng chí La Văn Tiến, Giám đốc, Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện Hà Quảng."
        in minutes
    )
    closing = minutes.splitlines()[-2]
    for heading in ("ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA", "THƯ KÝ", "TRƯỞNG ĐOÀN"):
        assert f"**{heading}**" in closing
    assert "**La Văn Tiến**" in closing


def test_a_findings_detail_follows_its_summary(caobang: Path, cli: Cli) -> None:
    minutes = report(cli, "--kind", "minutes", "--centre", "gdnn-ha-quang")
    assert "- Thiếu 6 biên chế so với chỉ tiêu được giao. Biên chế được giao 18, hiện có 12;" in minutes


def test_the_conclusion_names_the_centre_and_has_causes_and_difficulties_sections(
    caobang: Path, cli: Cli
) -> None:
    conclusion = report(cli, "--kind", "conclusion")
    assert "- Thiếu 6 biên chế so với chỉ tiêu được giao (TT GDNN-GDTX Hà Quảng)." in conclusion
    assert (
        "- Hồ sơ chuyên môn đầy đủ, kế hoạch dạy học bám sát hướng dẫn của Sở." in conclusion
    )  # both centres
    assert "**Nguyên nhân:**\n\n- Huyện chưa tuyển dụng bổ sung giáo viên" in conclusion
    assert "## III. KHÓ KHĂN, VƯỚNG MẮC" in conclusion


def test_the_summary_is_prose_signed_by_the_delegation_its_header_names(caobang: Path, cli: Cli) -> None:
    summary = report(cli, "--kind", "summary")
    assert "<br>**ĐOÀN KIỂM TRA**<br>" in summary.splitlines()[2]
    assert "**TM. ĐOÀN KIỂM TRA**<br>**TRƯỞNG ĐOÀN**" in summary
    assert "KHÁI QUÁT" not in summary and "| Ưu điểm" not in summary  # no table counting findings
    assert "## III. NGUYÊN NHÂN" in summary


def test_state_style_prints_numbers_in_the_state_form(caobang: Path, cli: Cli) -> None:
    assert "Số: 45/KH-SGDĐT" in report(cli, "--kind", "plan")
    assert "Số:\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/TB-SGDĐT" in report(cli, "--kind", "conclusion")


def test_no_empty_heading_and_no_zero_line(caobang: Path, cli: Cli) -> None:
    for name, args in KINDS.items():
        lines = report(cli, *args).splitlines()
        headings = [i for i, line in enumerate(lines) if line.startswith("#")]
        for i in headings:
            following = next((line for line in lines[i + 1 :] if line.strip()), "")
            assert following and not following.startswith("## "), (name, lines[i])
        assert not any(" 0 " in f" {line} " and "việc" in line for line in lines), name


# --- Word: page numbers from page 2; PDF through LibreOffice -------------------------------------


def test_word_numbers_pages_from_the_second_centred_at_the_top(caobang: Path, cli: Cli) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    assert cli("report", PLAN, "--kind", "conclusion", "-o", "c.docx").exit_code == 0
    section = Document("c.docx").sections[0]
    assert section.different_first_page_header_footer
    header = section.header.paragraphs[0]
    assert header.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [i.text.strip() for i in header._p.iter(qn("w:instrText"))] == ["PAGE"]
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()


def test_word_table_headers_repeat_and_rows_do_not_split(caobang: Path, cli: Cli) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    assert cli("report", PLAN, "--kind", "followup", "--today", TODAY, "-o", "f.docx").exit_code == 0
    table = Document("f.docx").tables[1]
    row_properties = [row._tr.get_or_add_trPr() for row in table.rows]
    assert row_properties[0].find(qn("w:tblHeader")) is not None
    assert all(p.find(qn("w:cantSplit")) is not None for p in row_properties)
    assert all(p.find(qn("w:tblHeader")) is None for p in row_properties[1:])


def test_word_sizes_follow_the_party_guidance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    from docx import Document
    from docx.shared import Pt

    monkeypatch.chdir(REFERENCE)
    out = tmp_path / "c.docx"
    assert cli("report", REF_PLAN, "--kind", "conclusion", "-o", str(out)).exit_code == 0
    left, right = Document(str(out)).tables[0].rows[0].cells
    sizes = {p.text: p.runs[0].font.size for p in [*left.paragraphs, *right.paragraphs] if p.runs}
    assert sizes["ĐẢNG CỘNG SẢN VIỆT NAM"] == Pt(15)
    assert sizes["Số\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0-TB/BTGTU"] == Pt(14)


def test_pdf_without_libreoffice_exits_2_saying_how_to_install_it(
    caobang: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = cli("report", PLAN, "--kind", "plan", "-o", "plan.pdf")
    assert result.exit_code == 2
    assert (
        "PDF needs LibreOffice" in result.stderr
        and "apt-get install libreoffice-writer-nogui" in result.stderr
    )
    assert not (caobang / "plan.pdf").exists()


def test_pdf_libreoffice_makes_none_exits_1_with_its_message_and_writes_nothing(
    caobang: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "soffice"  # a LibreOffice that runs and fails, as a broken install does
    fake.write_text(
        "#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n", encoding="utf-8"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    result = cli("report", PLAN, "--kind", "plan", "-o", "plan.pdf")
    assert result.exit_code == 1
    assert "LibreOffice made no PDF (exit 1): Error: source file could not be loaded" in result.stderr
    assert "Traceback" not in result.output
    assert not (caobang / "plan.pdf").exists()


NEEDS_SOFFICE = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)
NEEDS_POPPLER = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftotext) is not installed: apt-get install poppler-utils",
)


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True).stdout
    return text.decode("utf-8").split("\f")[:-1]


@NEEDS_SOFFICE
@NEEDS_POPPLER
def test_report_format_pdf_numbers_pages_from_the_second(caobang: Path, cli: Cli) -> None:
    result = cli("report", PLAN, "--kind", "followup", "--today", TODAY, "--format", "pdf")
    assert result.exit_code == 0, result.output
    pdf = caobang / f"{PLAN}-followup.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = pages(pdf)
    assert len(text) >= 2
    assert text[0].split()[0] == "DỰ"  # the draft mark, no page number on page 1
    for number, page in enumerate(text[1:], start=2):
        assert page.split()[0] == str(number)


@NEEDS_SOFFICE
@NEEDS_POPPLER
def test_every_kind_of_both_repositories_converts_to_pdf(
    issued_caobang: Path, cli: Cli, tmp_path: Path
) -> None:
    """Every kind as Word, converted by LibreOffice in one run (its start-up is the slow part)."""
    out = tmp_path / "docx"
    made = []
    for name, args in KINDS.items():
        target = out / f"{name}.docx"
        assert cli("report", PLAN, *args, "--today", TODAY, "-o", str(target)).exit_code == 0
        made.append(target)
    os.chdir(REFERENCE)
    for name, args in {
        "ref-plan": ["--kind", "plan"],
        "ref-minutes": ["--kind", "minutes", "--centre", "ttct-chi-lang"],
    }.items():
        target = out / f"{name}.docx"
        assert cli("report", REF_PLAN, *args, "--today", "2024-01-01", "-o", str(target)).exit_code == 0
        made.append(target)
    command = shutil.which("soffice") or shutil.which("libreoffice")
    assert command is not None
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            command,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, made),
        ],
        capture_output=True,
        check=True,
        timeout=300,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    for docx in made:
        text = " ".join(" ".join(pages(docx.with_suffix(".pdf"))).split())
        number = "84-KH/ĐKT" if docx.stem.startswith("ref-") else "45/KH-SGDĐT"
        assert number in text, docx.name  # every kind names its plan


def test_a_party_form_number_prints_as_its_record_carries_it_and_lint_warns(caobang: Path, cli: Cli) -> None:
    """The paper and the register (here the plan's record) agree: the number is never rewritten
    into the style's form; IK603 says which form the style wants."""
    plan = caobang / "records/plans/2023-45-kh-sgddt.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("45/KH-SGDĐT", "45-KH/SGDĐT"), encoding="utf-8")
    header = report(cli, "--kind", "plan").splitlines()[0]
    assert "Số: 45-KH/SGDĐT |" in header
    lint = cli("lint").stdout
    assert "IK603" in lint and "'45/KH-SGDĐT'" in lint


def test_issue_with_a_number_in_the_other_system_warns_and_prints_it_as_registered(
    caobang: Path, cli: Cli
) -> None:
    issued = cli("issue", PLAN, "--kind", "conclusion", "--number", "120-TB/SGDĐT", "--on", "2023-11-02")
    assert issued.exit_code == 0, issued.output
    assert "IK603 warning" in issued.stderr
    assert "--number 120/TB-SGDĐT" in issued.stderr  # the advice in the State form
    assert "Số: 120-TB/SGDĐT" in report(cli, "--kind", "conclusion")
