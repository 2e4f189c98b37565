"""`inspectkit site`: the static website's pages, its escaping, its search index and its folder
handling. The browser-side behaviour is in test_site_browser.py."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import WriteFn
from inspectkit.queries import matches_search, norm
from inspectkit.site import search_index
from views_fixtures import copy_reference

Cli = Callable[..., Any]


@pytest.fixture
def site(repo: Path, cli: Cli) -> Path:
    copy_reference(repo)
    result = cli("site", "-o", "out", "--today", "2024-06-01")
    assert result.exit_code == 0, result.output
    return repo / "out"


def _index(site: Path) -> dict[str, Any]:
    text = (site / "assets" / "search-index.js").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text.removeprefix("window.IK_SEARCH = ").rstrip().removesuffix(";"))
    return data


def test_site_has_home_lists_board_search_and_a_page_per_plan_and_centre(site: Path) -> None:
    for page in ("index.html", "plans.html", "centres.html", "board.html", "search.html"):
        assert (site / page).is_file(), page
    assert (site / "plan" / "2022-84-kh-dkt.html").is_file()
    assert sorted(p.name for p in (site / "centre").iterdir()) == ["ttct-chi-lang.html", "ttct-dinh-lap.html"]
    assert (site / "assets" / "style.css").is_file() and (site / "assets" / "search.js").is_file()


def test_pages_are_vietnamese_accessible_and_load_nothing_from_the_network(site: Path) -> None:
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert '<html lang="vi">' in html, path
        assert '<meta name="viewport"' in html
        assert len(re.findall(r"<h1[ >]", html)) == 1, path
        assert re.search(r"<th(?=[ >])(?![^>]*scope=)[^>]*>", html) is None, f"{path}: a <th> without scope"
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), f"{path} loads from the network"


def test_home_page_draws_the_figures_as_inline_svg_with_their_numbers(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert html.count('<svg role="img"') == 6
    assert "<script" not in html  # pygal's tooltip script is dropped: nothing to run offline
    assert "Kết quả kiểm tra theo loại" in html
    # the numbers under the chart: 11 strengths in the reference records
    assert re.search(r'<th scope="row">Ưu điểm</th><td class="num">11</td>', html)


def test_plan_page_groups_findings_like_the_conclusion_with_document_dates(site: Path) -> None:
    html = (site / "plan" / "2022-84-kh-dkt.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h3>(.*?)</h3>", html)
    assert headings == [
        "I. Ưu điểm",
        "II. Hạn chế, tồn tại",
        "Khó khăn, vướng mắc",
        "III. Kiến nghị, đề xuất của đơn vị",
        "IV. Yêu cầu",
    ]
    assert "Lạng Sơn, ngày 03 tháng 11 năm 2022" in html
    assert "24/11/2022" in html  # visit dates in tables: dd/mm/yyyy
    assert 'id="2022-84-kh-dkt-05"' in html  # each finding is a link target for the search


def test_board_marks_overdue_rows_with_words_not_only_colour(site: Path) -> None:
    html = (site / "board.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr( class=\"overdue\")?>\s*<th scope=\"row\"[^>]*><a href=\"[^\"]+#([^\"]+)\"", html)
    overdue = [rid for cls, rid in rows if cls]
    assert overdue == ["2022-84-kh-dkt-07"]  # the one action still open at 2024-06-01
    assert "Quá hạn 337 ngày" in html


def test_today_pins_overdue(repo: Path, cli: Cli) -> None:
    copy_reference(repo)
    cli("site", "-o", "early", "--today", "2023-01-01")
    assert 'class="overdue"' not in (repo / "early" / "board.html").read_text(encoding="utf-8")


def test_record_text_is_shown_as_text_never_run(repo: Path, write: WriteFn, cli: Cli) -> None:
    copy_reference(repo)
    write(
        "records/centres/ttct-x.yaml",
        """
        kind: centre
        id: ttct-x
        name: "<script>alert(1)</script> {{ 7*7 }} {% raw %}x{% endraw %}"
        short_name: "<img src=x onerror=alert(2)>"
        """,
    )
    assert cli("site", "-o", "out", "--today", "2024-06-01").exit_code == 0
    for page in ("centres.html", "centre/ttct-x.html"):
        html = (repo / "out" / page).read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% raw %}x{% endraw %}" in html


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029"),
        min_size=1,
        max_size=40,
    ).filter(lambda s: s.strip() and "\n" not in s)
)
def test_any_summary_is_escaped_on_the_plan_page(text: str) -> None:
    """The sandboxed, autoescaping environment prints any text as text."""
    from markupsafe import escape

    from inspectkit.site.builder import environment

    env = environment()
    html = env.from_string("{{ s }}<p>{{ s }}</p>").render(s=text)
    assert html == f"{escape(text)}<p>{escape(text)}</p>"


def test_search_index_holds_every_record_folded_as_list_search_folds(site: Path, repo: Path) -> None:
    from inspectkit.repository import load_repository
    from inspectkit.settings import load_settings

    records = load_repository(load_settings(repo)).records
    entries = _index(site)["entries"]
    assert sorted(e["i"] for e in entries) == sorted(r.model.id for r in records if r.model is not None)
    by_id = {r.id: r for r in records}
    for query in ("bien che", "DINH LAP", "Đình Lập", "chi lang", "giảng viên kiêm chức", "hoà"):
        found = {e["i"] for e in entries if norm(query) in e["t"]}
        expected = {rid for rid, r in by_id.items() if r.model is not None and matches_search(r.data, query)}
        assert found == expected, query
    assert {e["i"] for e in entries if "bien che" in e["t"]} >= {"2022-84-kh-dkt-05"}


def test_fold_tables_describe_pythons_folding() -> None:
    tables = search_index.fold_tables()
    assert tables["casefold"]["Ấ"] == "ấ" and tables["casefold"]["ß"] == "ss"
    assert tables["combining"].startswith("\\u{300}-")  # grave, acute, hook, tilde, dot below…
    assert "\\u{20}" in tables["spaces"]


def test_site_replaces_its_previous_build_and_refuses_another_folder(repo: Path, cli: Cli) -> None:
    copy_reference(repo)
    assert cli("site", "-o", "out").exit_code == 0
    (repo / "out" / "stale.html").write_text("old", encoding="utf-8")
    assert cli("site", "-o", "out").exit_code == 0
    assert not (repo / "out" / "stale.html").exists()
    (repo / "notes").mkdir()
    (repo / "notes" / "mine.txt").write_text("keep", encoding="utf-8")
    result = cli("site", "-o", "notes")
    assert result.exit_code == 1
    assert "not an inspectkit site" in result.output
    assert (repo / "notes" / "mine.txt").read_text(encoding="utf-8") == "keep"


def test_site_refuses_a_link_as_its_folder_and_leaves_where_it_leads(
    repo: Path, cli: Cli, tmp_path_factory: pytest.TempPathFactory
) -> None:
    copy_reference(repo)
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    assert cli("site", "-o", str(elsewhere / "built")).exit_code == 0  # a site, which a link must not expose
    (repo / "out").symlink_to(elsewhere / "built")
    result = cli("site", "-o", "out")
    assert result.exit_code == 1
    assert "out is a link" in result.output
    assert (repo / "out").is_symlink()
    assert (elsewhere / "built" / "index.html").is_file()


def test_a_folder_made_while_the_site_is_built_is_not_replaced(
    repo: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inspectkit.site.model import gather

    copy_reference(repo)

    def someone_makes_the_folder(*args: Any) -> Any:
        (repo / "out").mkdir()
        (repo / "out" / "mine.txt").write_text("keep", encoding="utf-8")
        return gather(*args)

    monkeypatch.setattr("inspectkit.site.builder.gather", someone_makes_the_folder)
    result = cli("site", "-o", "out")
    assert result.exit_code == 1
    assert "not an inspectkit site" in result.output
    assert (repo / "out" / "mine.txt").read_text(encoding="utf-8") == "keep"
    assert [p.name for p in repo.iterdir() if p.name.startswith(".out.")] == []  # the build removed


DOCUMENT = """
kind: document
id: 2022-84-kh-dkt-tb
plan: 2022-84-kh-dkt
type: conclusion
number: 120-TB/BTGTU
issued: 2022-12-05
digest: sha256:{digest}
file: {file}
"""


def test_plan_page_lists_its_documents_with_links_to_copied_files(
    repo: Path, write: WriteFn, cli: Cli
) -> None:
    copy_reference(repo)
    write("signed/tb-120.pdf", "%PDF-1.4 signed copy")
    write(
        "records/documents/2022-84-kh-dkt-tb.yaml", DOCUMENT.format(digest="0" * 64, file="signed/tb-120.pdf")
    )
    assert cli("site", "-o", "out").exit_code == 0
    html = (repo / "out" / "plan" / "2022-84-kh-dkt.html").read_text(encoding="utf-8")
    assert '<a href="../files/signed/tb-120.pdf">tb-120.pdf</a>' in html
    assert "120-TB/BTGTU" in html and "05/12/2022" in html
    assert (repo / "out" / "files" / "signed" / "tb-120.pdf").read_text(
        encoding="utf-8"
    ) == "%PDF-1.4 signed copy"


def test_a_document_file_outside_the_repository_is_not_published(
    repo: Path, write: WriteFn, cli: Cli, tmp_path_factory: pytest.TempPathFactory
) -> None:
    copy_reference(repo)
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.pdf"
    secret.write_text("not for the site", encoding="utf-8")
    (repo / "link.pdf").symlink_to(secret)
    write("records/documents/2022-84-kh-dkt-tb.yaml", DOCUMENT.format(digest="0" * 64, file="link.pdf"))
    assert cli("site", "-o", "out").exit_code == 0
    assert not (repo / "out" / "files").exists()
    html = (repo / "out" / "plan" / "2022-84-kh-dkt.html").read_text(encoding="utf-8")
    assert "không tìm thấy tệp link.pdf" in html


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_index_folding_is_list_search_folding(text: str) -> None:
    """The index folds with a per-character table (fast); it must equal `queries.norm` on any text."""
    assert search_index.folded_text({"summary": text}) == norm(text)


def test_no_character_beyond_the_scanned_planes_folds() -> None:
    """Why the fold tables may stop at plane 3: nothing above folds, in this Python's Unicode."""
    from inspectkit.text import fold

    beyond = range(search_index._SCANNED, 0x110000)
    assert [hex(c) for c in beyond if fold(chr(c)) != chr(c) or chr(c).isspace()] == []


def test_records_with_errors_are_left_out_and_counted(repo: Path, write: WriteFn, cli: Cli) -> None:
    copy_reference(repo)
    write("records/centres/broken.yaml", "kind: centre\nid: broken\n")  # no name: IK201
    result = cli("site", "-o", "out")
    assert result.exit_code == 0
    assert (
        "inspectkit: skipped 1 record(s) with errors (records/centres/broken.yaml); `inspectkit lint` shows why"
        in result.stderr
    )
    valid = len(list((repo / "records").rglob("*.yaml"))) - 1
    assert f"for {valid} records" in result.stdout
    assert not (repo / "out" / "centre" / "broken.html").exists()


def test_templates_cannot_reach_python_through_record_objects() -> None:
    """The fast path for record fields keeps the sandbox: methods and private names stay refused."""
    from jinja2.exceptions import SecurityError

    from inspectkit.models import Centre
    from inspectkit.site.builder import environment

    env = environment()
    centre = Centre(kind="centre", id="c1", name="Đình Lập")
    assert env.from_string("{{ c.name }}").render(c=centre) == "Đình Lập"
    for attack in (
        "{{ c.__class__.__mro__ }}",
        "{{ c.model_copy.__globals__ }}",
        "{{ c.__init__.__globals__ }}",
    ):
        with pytest.raises(SecurityError):
            env.from_string(attack).render(c=centre)


def test_a_horizontal_bars_number_starts_past_its_end_clear_of_the_grid_line_there() -> None:
    # Centred a few pixels past the bar, "10" began on the bar and on the dashed line at 10.
    from inspectkit.site.charts import bar_chart

    svg = bar_chart(
        "fig", "Theo nội dung", [("Đào tạo", 10), ("Bồi dưỡng", 3), ("Tổ chức", 120)], horizontal=True
    ).svg
    ends = sorted(
        float(x) + float(w)
        for x, w in re.findall(
            r'<rect x="([\d.]+)" y="[\d.]+" rx="0" ry="0" width="([\d.]+)"[^>]*class="rect', svg
        )
    )
    numbers = re.findall(r'<text text-anchor="(\w+)" x="([\d.]+)" y="[\d.]+" class="value">(\d+)<', svg)
    assert sorted(n for _, _, n in numbers) == ["10", "120", "3"]
    for anchor, x, _ in numbers:
        assert anchor == "start"
        # Each number starts past some bar's end, closer to it than to any other bar's end.
        nearest = min(ends, key=lambda end: abs(float(x) - end))
        assert 0 < float(x) - nearest < 20
