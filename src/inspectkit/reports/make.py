"""Making a report: `make_report` is the one entry point.

It refuses records with lint errors, builds the context (`context.py`), renders the kind's
template to Markdown (`render.py`); `report_docx` lays the same template's blocks out in the
official layout (`docx.py`), `report_pdf` converts that with LibreOffice (`pdf.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from inspectkit.errors import Refused, TemplateError
from inspectkit.reports.context import build_context
from inspectkit.reports.kinds import REPORT_KINDS
from inspectkit.reports.render import render_markdown
from inspectkit.reports.scope import ReportError, unknown_kind
from inspectkit.repository import Repository
from inspectkit.settings import Settings


class LintErrors(Refused):
    """The records have lint errors; the message says how many and which command shows them."""


@dataclass
class Report:
    kind: str
    template: str
    context: dict[str, Any]
    markdown: str
    repo: Repository

    @property
    def notes(self) -> list[str]:
        """What the user should know about the document made (a draft, and how to register it)."""
        notes: list[str] = list(getattr(self.context.get("doc"), "notes", []))
        holes = printed_placeholders(self)
        if holes:
            notes.append(
                f"printed {len(holes)} placeholder(s), marked «…» (highlighted in Word), not facts: write "
                "the facts in before it is signed: " + "; ".join(holes)
            )
        return notes


def printed_placeholders(report: Report) -> list[str]:
    """Each placeholder the report prints, with where its records hold it: `path:line: '[…]'`."""
    from inspectkit import placeholders

    holes = [
        text.split(": ", 1)[-1].rstrip(placeholders.MARK_CLOSE).replace("\\", "")
        for text, marked in placeholders.marked_pieces(report.markdown)
        if marked
    ]
    if not holes:
        return []
    texts = _record_lines(report.repo)  # each record read once, whatever the number of holes
    found: list[str] = []
    for hole in dict.fromkeys(holes):
        places = [
            f"{shown}:{n}: '{hole}'"
            for shown, lines in texts
            for n, line in enumerate(lines, 1)
            if hole in line
        ]
        found.extend(places or [f"'{hole}'"])
    return list(dict.fromkeys(found))


def _record_lines(repo: Repository) -> list[tuple[str, list[str]]]:
    """Each readable record's display name and lines."""
    texts: list[tuple[str, list[str]]] = []
    for record in repo.records:
        try:
            texts.append((record.display, record.path.read_text(encoding="utf-8").splitlines()))
        except (OSError, UnicodeDecodeError):
            continue
    return texts


def check_plan_records(settings: Settings, plan_id: str, today: date) -> Repository:
    """The records a document of the plan uses, read alone (partial.py); LintErrors when they
    have errors, or when an id or a plan number is used twice anywhere. Settings' code selection
    applies; overdue actions (IK508) never block a report (the follow-up report shows them)."""
    from inspectkit.linter import selection_from
    from inspectkit.partial import check_plan

    selection = selection_from(settings)
    selection.ignore.append("IK508")
    checked = check_plan(settings, plan_id, selection, today)
    if checked.errors:
        first = checked.errors[0]
        raise LintErrors(
            f"the records have {len(checked.errors)} lint error(s), the first at {first.path}:{first.line}"
            f" ({first.code}); `inspectkit lint` shows them all — fix them, then make the report"
        )
    return checked.repo


def make_report(
    settings: Settings,
    plan_id: str,
    kind: str,
    *,
    lang: str | None = None,
    today: date | None = None,
    centre_id: str | None = None,
) -> Report:
    """Markdown of report `kind` on `plan_id`. Raises LintErrors, ReportError or TemplateError."""
    today = today or date.today()
    spec = REPORT_KINDS.get(kind)
    if spec is None:
        raise unknown_kind(kind)
    repo = check_plan_records(settings, plan_id, today)
    context = build_context(repo, plan_id, kind, lang=lang, today=today, centre_id=centre_id)
    name = spec.template_name
    markdown = render_markdown(name, context, settings.templates_dir, root=settings.root)
    return Report(kind, name, context, markdown, repo)


def report_docx(report: Report) -> bytes:
    """The report as a Word document (bytes), in the official layout of the settings' style."""
    from inspectkit.reports.docx import render_docx

    return render_docx(report.template, report.context, report.repo.settings)


def report_pdf(report: Report) -> bytes:
    """The report as PDF (bytes): its Word document converted by LibreOffice."""
    from inspectkit.reports.pdf import docx_to_pdf

    return docx_to_pdf(report_docx(report))


def report_bytes(report: Report, fmt: str) -> bytes:
    """The report in format `md`, `docx` or `pdf`."""
    if fmt == "docx":
        return report_docx(report)
    if fmt == "pdf":
        return report_pdf(report)
    return report.markdown.encode("utf-8")


__all__ = [
    "REPORT_KINDS",
    "LintErrors",
    "Report",
    "ReportError",
    "TemplateError",
    "make_report",
    "report_bytes",
    "report_docx",
    "report_pdf",
]
