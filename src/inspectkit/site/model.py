"""What the site's pages show, gathered from a loaded repository in one pass per kind.

Plain data for the templates: no markup here (the templates escape everything they print).
Overdue is `vocabulary.days_overdue` through `queries.actions`, as on the `actions` board.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from inspectkit import queries
from inspectkit.export.schema import documents
from inspectkit.models import Centre, Delegation, Document, Finding, Plan
from inspectkit.queries import ActionItem, natural_key
from inspectkit.repository import Repository
from inspectkit.text import is_slug, vn_sort_key
from inspectkit.vocabulary import FINDING_TYPES, PLAN_STATUSES, ROLE_ORDER


@dataclass
class DocumentEntry:
    id: str
    type: str
    number: str | None
    issued: date | None
    centre: str | None
    file: str | None  # the copy's path inside the site, when the file was found
    file_missing: str | None  # the path the record names, when it could not be copied


@dataclass
class PlanPage:
    plan: Plan
    delegation: Delegation | None
    findings: dict[str, list[Finding]]  # by type, in the conclusion's order
    topics: dict[str, str]
    documents: list[DocumentEntry] = field(default_factory=list)
    late: dict[str, int] = field(default_factory=dict)  # finding id -> days overdue

    @property
    def finding_count(self) -> int:
        return sum(len(v) for v in self.findings.values())

    @property
    def members(self) -> list[Any]:
        if self.delegation is None:
            return []
        return sorted(self.delegation.members, key=lambda m: ROLE_ORDER.get(m.role, 9))


@dataclass
class CentrePage:
    centre: Centre
    visits: list[tuple[Plan, Any]]  # (plan, visit), newest first
    open_actions: list[ActionItem]
    by_type: dict[str, int]


@dataclass
class SiteData:
    today: date
    plans: list[PlanPage]
    centres: list[CentrePage]
    board: list[ActionItem]
    stats: dict[str, Any]
    plans_by_status: list[tuple[str, int]]
    plans_by_year: list[tuple[str, int]]
    centre_names: dict[str, str]
    plan_labels: dict[str, str]
    copies: list[tuple[Path, str]]  # document files to copy: (source, path inside the site)


def gather(repo: Repository, today: date) -> SiteData:
    """Every page's data. Records with a non-slug id get no page (lint reports IK300)."""
    plans = sorted((p for p in repo.plans if is_slug(p.id)), key=lambda p: (p.issued, p.id), reverse=True)
    centres = sorted((c for c in repo.centres if is_slug(c.id)), key=lambda c: vn_sort_key(c.name))
    delegations = {d.id: d for d in repo.delegations}
    findings_of: dict[str, list[Finding]] = defaultdict(list)
    for f in repo.findings:
        findings_of[f.plan].append(f)
    board = queries.actions(repo, today)
    late = {item.id: item.days_overdue for item in board}

    copies: list[tuple[Path, str]] = []
    docs_of: dict[str, list[DocumentEntry]] = defaultdict(list)
    root = repo.settings.root.resolve()
    for _record, doc in documents(repo):
        docs_of[doc.plan].append(_document_entry(doc, root, copies))

    plan_pages: list[PlanPage] = []
    for p in plans:
        grouped: dict[str, list[Finding]] = {t: [] for t in FINDING_TYPES}
        for f in sorted(findings_of.get(p.id, []), key=lambda f: natural_key(f.id)):
            grouped[f.type].append(f)
        delegation = delegations.get(p.delegation) if p.delegation else None
        docs = sorted(docs_of.get(p.id, []), key=lambda d: (d.issued or date.min, d.id))
        plan_pages.append(PlanPage(p, delegation, grouped, {t.id: t.title for t in p.topics}, docs, late))

    visits_of: dict[str, list[tuple[Plan, Any]]] = defaultdict(list)
    for p in plans:
        for v in p.visits:
            visits_of[v.centre].append((p, v))
    open_of: dict[str, list[ActionItem]] = defaultdict(list)
    for item in board:
        if item.status in ("open", "in-progress"):
            for c in dict.fromkeys(item.centres):
                open_of[c].append(item)
    types_of: dict[str, Counter[str]] = defaultdict(Counter)
    for f in repo.findings:
        for c in dict.fromkeys(f.centres):
            types_of[c][f.type] += 1
    centre_pages = [
        CentrePage(
            c,
            sorted(visits_of.get(c.id, []), key=lambda pv: pv[1].date, reverse=True),
            open_of.get(c.id, []),
            {t: types_of[c.id][t] for t in FINDING_TYPES},
        )
        for c in centres
    ]

    status_count: Counter[str] = Counter(p.status for p in plans)
    year_count = Counter(p.issued.year for p in plans)
    return SiteData(
        today=today,
        plans=plan_pages,
        centres=centre_pages,
        board=board,
        stats=queries.stats(repo, today),
        plans_by_status=[(s, status_count[s]) for s in PLAN_STATUSES],
        plans_by_year=[(str(y), year_count[y]) for y in sorted(year_count)],
        centre_names={c.id: c.short_name or c.name for c in centres},
        plan_labels={p.id: p.number for p in plans},
        copies=copies,
    )


def _document_entry(doc: Document, root: Path, copies: list[tuple[Path, str]]) -> DocumentEntry:
    """A document, and its file queued for copying when it lies inside the repository."""
    copied: str | None = None
    missing: str | None = None
    if doc.file:
        source = (root / doc.file).resolve()
        # Never follow a path (or a link) out of the repository: such a file is not published.
        if source.is_relative_to(root) and source.is_file():
            copied = "files/" + source.relative_to(root).as_posix()
            copies.append((source, copied))
        else:
            missing = doc.file
    return DocumentEntry(doc.id, doc.type, doc.number, doc.issued, doc.centre, copied, missing)
