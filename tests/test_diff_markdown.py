"""`inspectkit diff --format markdown`: a pull-request comment that renders (checked with
markdown-it-py, the CommonMark renderer GitHub's and GitLab's are compatible with), grouped by
plan in collapsible sections, linking to the files; and its golden file.

Regenerate the golden file with `UPDATE_GOLDEN=1 pytest tests/test_diff_markdown.py` and review it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from git_history import History

Cli = Callable[..., Any]
GOLDEN = Path(__file__).parent / "golden" / "diff.md"
LINKS = "https://git.example.org/so/records/blob/abc123"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


@pytest.fixture
def changed(repo: Path) -> History:
    """A change of every sort: a status move, a moved visit, an action done, a new finding, a
    deleted centre still referenced, a document registered, a file moved, a problem introduced."""
    shutil.rmtree(repo / "records")
    history = History(repo)
    history.edit("records/plans/p1.yaml", "status: reported", "status: closed")
    history.edit("records/plans/p1.yaml", "date: 2022-11-25", "date: 2022-11-28")
    history.edit("records/findings/p1/p1-02.yaml", "due: 2023-06-30", "due: 2023-05-31")
    history.write(
        "records/findings/p1/p1-03.yaml",
        """
        kind: finding
        id: p1-03
        plan: p1
        centres: [c1]
        topic: dao-tao
        type: weakness
        summary: Chưa có <b>kế hoạch</b> *bồi dưỡng* [giảng viên](javascript:alert(1))
        """,
    )
    history.write(
        "records/documents/p1/p1-ket-luan.yaml",
        """
        kind: document
        id: p1-ket-luan
        plan: p1
        type: conclusion
        number: 95-TB/BTGTU
        issued: 2022-12-10
        digest: sha256:0000000000000000000000000000000000000000000000000000000000000000
        """,
    )
    (repo / "records/centres/dinh-lap").mkdir()
    history.git("mv", "records/centres/c1.yaml", "records/centres/dinh-lap/c1.yaml")
    (repo / "records/centres/c2.yaml").unlink()
    return history


def markdown(cli: Cli) -> str:
    result = cli("diff", "HEAD", "--format", "markdown", "--link-base", LINKS, "--today", "2023-01-01")
    assert result.exit_code == 0, result.output
    return str(result.output)


def test_matches_golden_file(changed: History, cli: Cli) -> None:
    text = markdown(cli)
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_renders_collapsible_sections_per_plan(changed: History, cli: Cli) -> None:
    html = MarkdownIt("commonmark").render(markdown(cli))
    assert html.count("<details") == html.count("</details>") == 3  # plan p1, no plan, problems
    assert "<summary><b>Plan 84-KH/ĐKT</b>" in html
    assert "<li><strong>Plan 84-KH/ĐKT</strong>" in html  # the list renders inside the details


def test_links_point_to_the_files_under_the_link_base(changed: History, cli: Cli) -> None:
    html = MarkdownIt("commonmark").render(markdown(cli))
    assert f'<a href="{LINKS}/records/plans/p1.yaml">records/plans/p1.yaml</a>' in html
    assert f'<a href="{LINKS}/records/centres/dinh-lap/c1.yaml">' in html


def test_deleted_file_is_named_not_linked(changed: History, cli: Cli) -> None:
    html = MarkdownIt("commonmark").render(markdown(cli))
    assert "<code>records/centres/c2.yaml</code>" in html
    assert f"{LINKS}/records/centres/c2.yaml" not in html


def test_record_text_cannot_inject_markup(changed: History, cli: Cli) -> None:
    html = MarkdownIt("commonmark").render(markdown(cli))
    assert "<b>kế hoạch</b>" not in html
    assert "&lt;b&gt;kế hoạch&lt;/b&gt;" in html
    assert "<em>" not in html
    assert 'href="javascript' not in html


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80))
def test_any_record_text_renders_as_itself(text: str) -> None:
    # Whatever a record holds, the comment shows it as text: no markup, link or tag taken from it.
    from markdown_it.common.utils import escapeHtml

    from inspectkit.changes import RecordChange
    from inspectkit.diffreport import render_markdown
    from inspectkit.review import DiffResult

    shown = " ".join(text.split())
    assume(shown)
    change = RecordChange("added", "centre", "c9", None, "records/centres/c9.yaml", shown)
    html = MarkdownIt("commonmark").render(render_markdown(DiffResult("a", "b", [change])))
    assert f"<li><strong>{escapeHtml(shown)}</strong>" in html


def test_a_long_comment_stops_before_the_host_limit_saying_what_is_left_out() -> None:
    from inspectkit.changes import RecordChange
    from inspectkit.diffreport import render_markdown
    from inspectkit.review import DiffResult

    changes = [
        RecordChange("added", "finding", f"p{n}-01", f"p{n}", f"records/findings/p{n}-01.yaml", "x" * 500)
        for n in range(200)
    ]
    text = render_markdown(DiffResult("a", "b", changes), limit=20_000)
    assert len(text) <= 20_000
    assert text.rstrip().endswith("left out to fit a comment: run `inspectkit diff` for all of them.")
    html = MarkdownIt("commonmark").render(text)
    assert html.count("<details") == html.count("</details>")
