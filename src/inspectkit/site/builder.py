"""Render the site into a folder: templates in a sandboxed, autoescaping Jinja environment, so
record text (which may hold HTML or `{{ … }}`) is always shown as text and never run.

The whole site is written into a new folder beside the target and then renamed into place, so a
reader never sees half a site; a previous build (marked by `MARKER`) is replaced, any other
non-empty folder is refused.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from inspectkit.errors import Refused
from inspectkit.repository import Repository
from inspectkit.site import charts, search_index
from inspectkit.site.model import SiteData, gather
from inspectkit.vocabulary import FINDING_TYPES

MARKER = ".inspectkit-site"

# Vietnamese labels the pages print around record text. Finding types, action statuses and
# roles come from the reports' labels, so the site and the documents say the same.
PLAN_STATUS = {
    "draft": "Dự thảo",
    "approved": "Đã phê duyệt",
    "in-progress": "Đang kiểm tra",
    "reported": "Đã báo cáo",
    "closed": "Đã kết thúc",
}
DOC_TYPE = {
    "plan": "Kế hoạch",
    "decision": "Quyết định thành lập đoàn",
    "minutes": "Biên bản làm việc",
    "summary": "Báo cáo kết quả kiểm tra",
    "conclusion": "Thông báo kết luận",
    "followup": "Báo cáo theo dõi thực hiện",
    "news": "Tin bài",
}
KIND = {
    "plan": "Kế hoạch",
    "delegation": "Đoàn kiểm tra",
    "centre": "Đơn vị",
    "finding": "Kết quả kiểm tra",
    "document": "Văn bản",
}


class SiteError(Refused):
    """The site cannot be written where asked (the message says why and what to do)."""


@dataclass(frozen=True)
class Built:
    folder: Path
    pages: int
    records: int  # valid records (those with errors are left out: `whole.left_out_notes`)


def _dmy(value: date | None) -> str:
    """dd/mm/yyyy, as tables in documents write dates."""
    return value.strftime("%d/%m/%Y") if value else ""


def _paragraphs(text: str | None) -> list[str]:
    """A `detail` text as its paragraphs (FORMAT.md: separated by blank lines)."""
    return [p for p in (text or "").split("\n\n") if p.strip()]


def _vn_date(value: date | None) -> str:
    from inspectkit.text import vn_date

    return vn_date(value) if value else ""


def _link_filters() -> dict[str, Any]:
    """`centre`, `centres` and `plan` filters: an id as an escaped link to its page (relative to
    the page's `root`), named as the site names it. Filters, not macros: a macro call costs more
    than the rest of a row, and the plan pages hold thousands of these links at 10k records."""
    from jinja2 import pass_context
    from markupsafe import Markup

    cache: dict[tuple[str, str, str], Markup] = {}

    def link(ctx: Any, folder: str, names_key: str, rid: str) -> Markup:
        key = (ctx["root"], folder, rid)
        found = cache.get(key)
        if found is None:
            name = ctx[names_key].get(rid)
            if name is None:  # no page (a dangling reference, which lint reports): the id as text
                found = Markup("{}").format(rid)
            else:
                found = Markup('<a href="{}{}/{}.html">{}</a>').format(ctx["root"], folder, rid, name)
            cache[key] = found
        return found

    @pass_context
    def centre(ctx: Any, rid: str) -> Markup:
        return link(ctx, "centre", "centre_names", rid)

    @pass_context
    def centres(ctx: Any, ids: list[str]) -> Markup:
        return Markup(", ").join(link(ctx, "centre", "centre_names", rid) for rid in ids)

    @pass_context
    def plan(ctx: Any, rid: str) -> Markup:
        return link(ctx, "plan", "plan_labels", rid)

    return {"centre": centre, "centres": centres, "plan": plan}


def _sandbox() -> type:
    """Jinja's sandbox, with a fast path for reading the fields of the site's own data.

    The sandbox checks every attribute a template reads; at 10k records that is a quarter of a
    million checks and a quarter of the build. A record's or page's field that is not private
    (`_…`) and not callable is plain data, which the sandbox would allow anyway: it is returned
    at once. Everything else (methods, other objects, anything private) goes through the
    sandbox's own checks."""
    import dataclasses

    from jinja2.sandbox import SandboxedEnvironment
    from pydantic import BaseModel

    from inspectkit.queries import ActionItem
    from inspectkit.site import model

    plain = {ActionItem, *(c for c in vars(model).values() if dataclasses.is_dataclass(c))}

    class SiteSandbox(SandboxedEnvironment):
        def getattr(self, obj: Any, attribute: str) -> Any:
            kind = type(obj)
            if not attribute.startswith("_") and (kind in plain or isinstance(obj, BaseModel)):
                value = getattr(obj, attribute, _MISSING)
                if value is not _MISSING and not callable(value):
                    return value
            return super().getattr(obj, attribute)

    return SiteSandbox


_MISSING = object()


def environment() -> Any:
    """The sandboxed, autoescaping environment the pages render in."""
    from jinja2 import FileSystemLoader, StrictUndefined

    from inspectkit.reports.labels import LABELS

    folder = resources.files("inspectkit.site") / "templates"
    env = _sandbox()(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["dmy"] = _dmy
    env.filters["vn_date"] = _vn_date
    env.filters.update(_link_filters())
    env.filters["paragraphs"] = _paragraphs
    labels = LABELS["vi"]
    env.globals.update(
        TYPE=labels["type"],
        TYPE_SHORT=labels["type_short"],
        ACTION_STATUS=labels["status"],
        ROLE=labels["role"],
        PLAN_STATUS=PLAN_STATUS,
        DOC_TYPE=DOC_TYPE,
        KIND=KIND,
        FINDING_TYPES=FINDING_TYPES,
    )
    return env


def search_entries(repo: Repository, data: SiteData) -> list[dict[str, str]]:
    """One entry per record that has a place on the site: kind, id, label, link, folded text."""
    from inspectkit.models import Centre, Delegation, Document, Finding, Plan

    plans = {p.plan.id for p in data.plans}
    centres = {c.centre.id for c in data.centres}
    out: list[dict[str, str]] = []
    for record in repo.records:
        m = record.model
        if isinstance(m, Plan) and m.id in plans:
            entry = ("plan", m.id, f"{m.number} — {m.title}", f"plan/{m.id}.html")
        elif isinstance(m, Centre) and m.id in centres:
            entry = ("centre", m.id, m.name, f"centre/{m.id}.html")
        elif isinstance(m, Delegation) and m.plan in plans:
            entry = (
                "delegation",
                m.id,
                f"Đoàn kiểm tra {data.plan_labels[m.plan]}",
                f"plan/{m.plan}.html#doan",
            )
        elif isinstance(m, Finding) and m.plan in plans:
            entry = ("finding", m.id, m.summary, f"plan/{m.plan}.html#{m.id}")
        elif isinstance(m, Document) and m.plan in plans:
            label = f"{DOC_TYPE.get(m.type, m.type)} {m.number or ''}".strip()
            entry = ("document", m.id, label, f"plan/{m.plan}.html#{m.id}")
        else:
            continue
        kind, rid, label, url = entry
        out.append({"k": kind, "i": rid, "l": label, "u": url, "t": search_index.folded_text(record.data)})
    return out


def home_figures(data: SiteData) -> list[charts.Figure]:
    from inspectkit.reports.labels import LABELS

    labels = LABELS["vi"]
    stats = data.stats
    by_status = stats["actions"]["by_status"]
    status, overdue = labels["status"], labels["overdue"]
    actions = [
        (status["open"], by_status["open"]),
        (status["in-progress"], by_status["in-progress"]),
        (overdue, stats["actions"]["overdue"]),
        (status["done"], by_status["done"]),
        (status["dropped"], by_status["dropped"]),
    ]
    types = [(labels["type_short"][t], stats["by_type"][t]) for t in FINDING_TYPES]
    topics = [(row["title"] or row["topic"], row["findings"]) for row in stats["by_topic"][:12]]
    centres = sorted(stats["by_centre"], key=lambda r: -r["total"])[:12]
    named = Counter(row["name"] for row in centres)
    # Two centres may share a short name (a district's centre re-founded): then the id tells them apart.
    centre_rows = [
        (
            row["centre"]
            if not row["name"]
            else row["name"]
            if named[row["name"]] == 1
            else f"{row['name']} ({row['centre']})",
            row["total"],
        )
        for row in centres
    ]
    return [
        charts.bar_chart(
            "fig-actions", "Theo dõi thực hiện kiến nghị, yêu cầu", actions, highlight=frozenset({overdue})
        ),
        charts.bar_chart("fig-types", "Kết quả kiểm tra theo loại", types),
        charts.bar_chart("fig-topics", "Kết quả kiểm tra theo nội dung", topics, horizontal=True),
        charts.bar_chart(
            "fig-centres", "Kết quả kiểm tra theo đơn vị (nhiều nhất)", centre_rows, horizontal=True
        ),
        charts.bar_chart(
            "fig-plan-status",
            "Kế hoạch theo trạng thái",
            [(PLAN_STATUS[s], n) for s, n in data.plans_by_status],
        ),
        charts.bar_chart("fig-plan-year", "Kế hoạch theo năm", data.plans_by_year),
    ]


def build(repo: Repository, out: Path, today: date) -> Built:
    """Build the site of `repo` into `out`, replacing a previous build there."""
    _check_target(out)
    data = gather(repo, today)
    env = environment()
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        pages = _render(env, repo, data, work)
        for source, target in data.copies:
            dest = work / target
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
        (work / MARKER).write_text(f"built by inspectkit on {today.isoformat()}\n", encoding="utf-8")
        work.chmod(0o755)
        _check_target(out)  # again: the folder may have been made or linked while the site was built
        _swap(work, out)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return Built(out, pages, sum(r.model is not None for r in repo.records))


def _render(env: Any, repo: Repository, data: SiteData, work: Path) -> int:
    common = {"today": data.today, "centre_names": data.centre_names, "plan_labels": data.plan_labels}
    count = 0

    def page(template: str, target: str, **context: Any) -> None:
        nonlocal count
        depth = target.count("/")
        html = env.get_template(template).render(root="../" * depth, **common, **context)
        path = work / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        count += 1

    stats = data.stats
    page(
        "home.html.j2",
        "index.html",
        figures=home_figures(data),
        stats=stats,
        plans=data.plans[:10],
        plan_count=len(data.plans),
        centre_count=len(data.centres),
    )
    page("plans.html.j2", "plans.html", plans=data.plans)
    page("centres.html.j2", "centres.html", centres=data.centres)
    page("board.html.j2", "board.html", board=data.board)
    page("search.html.j2", "search.html")
    for plan_page in data.plans:
        page("plan.html.j2", f"plan/{plan_page.plan.id}.html", p=plan_page)
    for centre_page in data.centres:
        page("centre.html.j2", f"centre/{centre_page.centre.id}.html", c=centre_page)
    assets = work / "assets"
    assets.mkdir(exist_ok=True)
    static = resources.files("inspectkit.site") / "static"
    for name in ("style.css", "search.js"):
        (assets / name).write_bytes((static / name).read_bytes())
    (assets / "search-index.js").write_text(search_index.script(search_entries(repo, data)), encoding="utf-8")
    return count


def _check_target(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} is a file: give a folder for the site with -o")
    if out.is_symlink():
        raise SiteError(f"{out} is a link: give a real folder for the site with -o")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteError(
            f"{out} is a folder that is not an inspectkit site and not empty: "
            "give an empty or new folder with -o (a previous site there is replaced)"
        )


def _swap(work: Path, out: Path) -> None:
    """Put the new build at `out`; a previous build is moved aside first and removed after."""
    old: Path | None = None
    if out.exists():
        old = out.with_name(f".{out.name}.old-{work.name[-12:]}")
        out.rename(old)
    try:
        work.rename(out)
    except OSError:
        if old is not None:
            old.rename(out)  # put the previous site back
        raise
    if old is not None:
        with contextlib.suppress(OSError):
            shutil.rmtree(old)
