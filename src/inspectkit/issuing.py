"""`inspectkit issue`: register a signed document in the outgoing-documents register.

Writes one `document` record (FORMAT.md 1.1) with the digest of the facts the document states,
so that lint can tell when they change afterwards (IK510). It refuses, writing nothing, while the
records have lint errors or the document would print a placeholder, naming each; it never
overwrites an entry, and the new record must itself pass lint (a number in the right form, not a
number already used, a date not before what the document reports).

A signed document whose facts changed (IK510) is re-issued with `--supersede`: a new entry, with
its own number and date, next to the old one; the latest entry of a document counts (reports
print it, lint checks only it), the old one stays as the register's history.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from inspectkit import docnumbers
from inspectkit.errors import FileExists, Refused, UsageError
from inspectkit.settings import Settings

if TYPE_CHECKING:
    from inspectkit.repository import Repository


@dataclass(frozen=True)
class IssueRequest:
    plan_id: str
    kind: str
    number: str | None
    on: date
    centre: str | None = None
    signer: str | None = None
    signer_position: str | None = None
    signer_authority: str | None = None
    file: str | None = None
    supersede: bool = False


@dataclass(frozen=True)
class Issued:
    path: Path
    record_id: str
    text: str
    warnings: tuple[str, ...] = ()


def document_id(request: IssueRequest) -> str:
    """`2022-84-kh-dkt-conclusion`, `…-minutes-ttct-dinh-lap`, `…-followup-2024-01-01` (the kind
    registry's id rule for documents)."""
    from inspectkit import kinds

    data = {"plan": request.plan_id, "type": request.kind, "centre": request.centre, "issued": request.on}
    return kinds.new_id("document", data) or f"{request.plan_id}-{request.kind}"


def _check_request(request: IssueRequest, settings: Settings) -> None:
    from inspectkit.reports.kinds import REPORT_KINDS

    kind = REPORT_KINDS.get(request.kind)
    if kind is None:
        raise UsageError(f"unknown report kind '{request.kind}': choose one of {', '.join(REPORT_KINDS)}")
    if kind.centre == "required" and not request.centre:
        raise UsageError(f"--kind {kind.name}: add --centre ID (the {kind.name} of one visit are registered)")
    if kind.centre != "required" and request.centre:
        raise UsageError(
            f"--centre: only the {' and '.join(k for k, v in REPORT_KINDS.items() if v.centre == 'required')} "
            f"are registered per centre; the register keeps one {kind.name} per plan"
        )
    if kind.code is not None and not request.number:
        raise UsageError(f"--number: a {kind.name} is registered with its number, e.g. 12-{kind.code}/BTGTU")
    if request.number and not docnumbers.is_valid(request.number):
        hint = docnumbers.suggestion(request.number)
        shown = f"write {hint}" if hint else f"write it as {docnumbers.EXAMPLES}"
        raise UsageError(f"--number: '{request.number}' is not a document number: {shown}")
    if request.file is not None:
        from inspectkit.files import resolve_inside

        path = settings.root / request.file
        if not Path(os.path.abspath(path)).is_relative_to(os.path.abspath(settings.root)):
            # named outside (an absolute path, `..`): no link involved, so say so plainly
            raise UsageError(
                f"--file: {request.file} is outside the repository ({settings.root}): keep the signed "
                "copy in the repository and give its path from there"
            )
        resolve_inside(settings.root, path)
        if not path.is_file():
            raise UsageError(
                f"--file: {request.file} does not exist (relative to {settings.root}): give the signed copy's path"
            )


def record_text(request: IssueRequest, digest: str, record_id: str) -> str:
    """The `document` record as YAML, fields in FORMAT.md's order."""
    import yaml

    data: dict[str, object] = {"kind": "document", "id": record_id, "plan": request.plan_id}
    data["type"] = request.kind
    if request.centre:
        data["centre"] = request.centre
    if request.number:
        data["number"] = request.number
    data["issued"] = request.on
    if request.signer:
        signer = {
            "name": request.signer,
            "position": request.signer_position,
            "authority": request.signer_authority,
        }
        data["signer"] = {k: v for k, v in signer.items() if v}
    if request.file:
        data["file"] = Path(request.file).as_posix()
    data["digest"] = digest
    header = "# Entry of the outgoing-documents register, written by `inspectkit issue`.\n"
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def printed_placeholders(settings: Settings, request: IssueRequest) -> list[str]:
    """Each placeholder the document would print, with where it is written: `path:line: '[…]'`."""
    from inspectkit.reports.make import make_report
    from inspectkit.reports.make import printed_placeholders as printed

    return printed(
        make_report(settings, request.plan_id, request.kind, today=request.on, centre_id=request.centre)
    )


def _lint_errors(settings: Settings, today: date, paths: list[Path] | None = None) -> list[str]:
    from inspectkit.diagnostics import Severity
    from inspectkit.linter import lint, selection_from

    selection = selection_from(settings)
    selection.ignore.append("IK508")  # overdue actions are for the follow-up, not a reason to refuse
    found = lint(settings, paths=paths, selection=selection, today=today, use_cache=False).diagnostics
    return [f"{d.path}:{d.line}: {d.code} {d.message}" for d in found if d.severity is Severity.ERROR]


def issue(settings: Settings, request: IssueRequest) -> Issued:
    """Register the document; raises UsageError (bad request) or Refused (records not ready, or
    the entry exists), writing nothing then."""
    from inspectkit.digest import digest
    from inspectkit.files import resolve_inside, write_atomic
    from inspectkit.repository import load_repository

    _check_request(request, settings)
    errors = _lint_errors(settings, request.on)
    if errors:
        raise Refused(_listed("the records have lint errors; fix them first (`inspectkit lint`)", errors))
    holes = printed_placeholders(settings, request)
    if holes:
        raise Refused(_listed("the document would print placeholders; write the facts in first", holes))
    repo = load_repository(settings)
    found = digest(repo, request.plan_id)
    if found is None:
        raise UsageError(f"no plan has id '{request.plan_id}'")
    _check_own_number(repo, request)
    record_id = _new_id(repo, request)
    text = record_text(request, found, record_id)
    _check_entry(settings, request, record_id, text)
    from inspectkit import kinds

    target = settings.records_dir / kinds.get("document").folder / request.plan_id / f"{record_id}.yaml"
    resolve_inside(settings.root, target)
    try:
        write_atomic(target, text)
    except FileExists:
        raise Refused(f"{target} exists: an entry is never overwritten") from None
    return Issued(target, record_id, text, _other_system(settings, request, target))


def _other_system(settings: Settings, request: IssueRequest, target: Path) -> tuple[str, ...]:
    """IK603 at issue time: a number in the other numbering system than the organisation's style.
    It is registered, and printed, as given (the paper and the register agree); the advice gives
    the style's form and how to re-issue in it."""
    parsed = docnumbers.parse(request.number) if request.number else None
    style = settings.organisation.style
    if parsed is None or parsed.system == style:
        return ()
    centre = f" --centre {request.centre}" if request.centre else ""
    where = target.relative_to(settings.root).as_posix() if target.is_relative_to(settings.root) else target
    return (
        f"{where}: IK603 warning: '{request.number}' is a {parsed.system} number, but this organisation "
        f"numbers its documents in the {style} style (settings: organisation.style); it is registered and "
        f"printed as given. In the {style} form it is '{parsed.in_style(style)}': if the signed paper "
        f"says that, re-issue: inspectkit issue {request.plan_id} --kind {request.kind}{centre} "
        f"--number {parsed.in_style(style)} --on {request.on.isoformat()} --supersede",
    )


def _new_id(repo: Repository, request: IssueRequest) -> str:
    """The id of the new entry. Without `--supersede` the document must not be registered yet;
    with it, it must be, and the new entry takes the next free `-2`, `-3`… id."""
    from inspectkit.register import entry_for

    base = document_id(request)
    today = request.on if request.kind == "followup" else None
    current = entry_for(repo, request.plan_id, request.kind, request.centre, today)
    if not request.supersede:
        if current is not None:
            record = repo.by_id[current.id]
            raise Refused(
                f"{record.display} already registers this document ({current.number or request.kind}, "
                f"{current.issued.isoformat()}): an entry is never overwritten. To re-issue it with the "
                f"records as they are now, give it a new number and date and add --supersede"
            )
        return base
    if current is None:
        raise UsageError(
            f"--supersede: the {request.kind} of plan '{request.plan_id}' is not registered yet; "
            "register it without --supersede"
        )
    n = 2
    while f"{base}-{n}" in repo.by_id:
        n += 1
    return f"{base}-{n}"


def _check_own_number(repo: Repository, request: IssueRequest) -> None:
    """The plan and the decision are registered with the number and date their records carry."""
    from inspectkit.models import Delegation, Plan
    from inspectkit.reports.kinds import REPORT_KINDS

    rule = REPORT_KINDS[request.kind].dated
    plan = repo.model(request.plan_id)
    if rule == "register" or not isinstance(plan, Plan):
        return
    issued: date | None
    if rule == "plan":
        number, issued, where = plan.number, plan.issued, "the plan"
    else:
        delegations = [d for d in repo.models(Delegation) if d.plan == plan.id or d.id == plan.delegation]
        decision = delegations[0].decision if delegations else None
        if decision is None:
            raise UsageError(
                f"plan '{plan.id}' has no delegation with a decision to register: write it first"
            )
        number, issued, where = decision.number, decision.issued, "the delegation's decision"
    if request.number != number or (issued is not None and request.on != issued):
        raise UsageError(
            f"{where} carries number {number}"
            + (f" and date {issued.isoformat()}" if issued else "")
            + f": register the {request.kind} with them (--number {number}"
            + (f" --on {issued.isoformat()})" if issued else ")")
        )


def _check_entry(settings: Settings, request: IssueRequest, record_id: str, text: str) -> None:
    """Lint the new entry before it is written (numbers, dates, references), against the whole
    repository; refuse with lint's words when it has errors."""
    with tempfile.TemporaryDirectory(prefix="inspectkit-issue-") as tmp:
        candidate = Path(tmp) / f"{record_id}.yaml"
        candidate.write_text(text, encoding="utf-8")
        errors = _lint_errors(settings, request.on, [candidate])
    if errors:
        shown = [e.split(": ", 1)[-1] for e in errors]
        raise Refused(_listed("the entry would not pass lint", shown))


def _listed(head: str, items: list[str]) -> str:
    return head + ":\n" + "\n".join(f"  {item}" for item in items)
