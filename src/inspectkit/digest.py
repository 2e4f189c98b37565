"""The digest of the facts a document states (FORMAT.md 1.1, "document").

When a document is registered (`inspectkit issue`), its record keeps `digest: sha256:…`, a
fingerprint of the records it was made from; lint (IK510) recomputes it and warns when the facts
changed after the document was issued.

What it covers, as FORMAT.md says: the plan; its delegation; the visited centres' names; and, of
each of the plan's findings, every field except `action.status`, `action.done_on` and
`action.history` (follow-up moves on after a conclusion; what was concluded must not). Settings
and templates are not covered. Of the plan, its `status` is left out for the same reason: the
plan moves from approved to closed while the documents issued on the way stand (FORMAT.md says
"the plan"; this reading is noted for the format's next revision).

How it is computed: each covered record gives its facts as a canonical JSON text (keys sorted,
no spaces, text in NFC, dates ISO, values equal to the model's defaults left out, so that writing
`status: open` or leaving it out is the same fact) and that text's SHA-256 (`part`). The digest is
the SHA-256 of the canonical JSON of those parts by role and id. Parts let lint compare facts
without keeping whole records, and name the records that changed when it has their old parts.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inspectkit.models import Centre, Delegation, Finding, Plan, RecordModel
    from inspectkit.repository import Repository

PREFIX = "sha256:"
# What follow-up changes without changing what was concluded.
_FOLLOW_UP = ("status", "done_on", "history")


def canonical(value: Any) -> bytes:
    """The canonical serialisation: JSON, keys sorted, no spaces, UTF-8, every text in NFC.

    The JSON text is normalised as a whole: its quotes, commas and brackets are ASCII, which NFC
    neither changes nor composes with, so that is each text normalised, at one check's cost."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text.encode()


def facts(model: RecordModel) -> dict[str, Any]:
    """The facts of one record that a digest covers (see the module notes)."""
    from inspectkit.models import Centre, Finding, Plan

    if isinstance(model, Centre):
        return {"id": model.id, "name": model.name}
    data: dict[str, Any] = model.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    if isinstance(model, Finding) and isinstance(data.get("action"), dict):
        data["action"] = {k: v for k, v in data["action"].items() if k not in _FOLLOW_UP}
    if isinstance(model, Plan):
        # Where the plan is in its workflow (approved, in progress, reported, closed) is no fact
        # any document states; counting it would flag every document at the plan's next step.
        data.pop("status", None)
    return data


def part(model: RecordModel) -> str:
    """The SHA-256 (hex) of one record's canonical facts."""
    return hashlib.sha256(canonical(facts(model))).hexdigest()


@dataclass(frozen=True)
class Parts:
    """The parts of the records a document of one plan states, by id (None: a visited centre that
    is missing or invalid)."""

    plan: str
    delegations: dict[str, str]
    centres: dict[str, str | None]
    findings: dict[str, str]

    def digest(self) -> str:
        whole = {
            "plan": self.plan,
            "delegations": self.delegations,
            "centres": self.centres,
            "findings": self.findings,
        }
        return PREFIX + hashlib.sha256(canonical(whole)).hexdigest()

    def changed(self, before: Parts) -> list[str]:
        """Ids of the records whose facts differ from `before` (added or removed included)."""
        out: list[str] = []
        if self.plan != before.plan:
            out.append("plan")
        for now, then in (
            (self.delegations, before.delegations),
            (self.centres, before.centres),
            (self.findings, before.findings),
        ):
            now_map: Mapping[str, str | None] = now
            then_map: Mapping[str, str | None] = then
            out += sorted(k for k in now_map.keys() | then_map.keys() if now_map.get(k) != then_map.get(k))
        return out


def covered(repo: Repository, plan: Plan) -> tuple[list[Delegation], list[Centre | None], list[Finding]]:
    """The records a document of `plan` states: its delegation(s), the visited centres (None for
    one that is missing or invalid, by its place in `visited_ids`), its findings."""
    delegations = [d for d in repo.delegations if d.plan == plan.id or d.id == plan.delegation]
    by_id = {c.id: c for c in repo.centres}
    centres = [by_id.get(c) for c in visited_ids(plan)]
    findings = [f for f in repo.findings if f.plan == plan.id]
    return delegations, centres, findings


def visited_ids(plan: Plan) -> list[str]:
    return list(dict.fromkeys(v.centre for v in plan.visits))


def parts(repo: Repository, plan: Plan) -> Parts:
    delegations, centres, findings = covered(repo, plan)
    return Parts(
        part(plan),
        {d.id: part(d) for d in delegations},
        {
            cid: (part(c) if c is not None else None)
            for cid, c in zip(visited_ids(plan), centres, strict=True)
        },
        {f.id: part(f) for f in findings},
    )


def digest(repo: Repository, plan_id: str) -> str | None:
    """`sha256:…` of the facts a document of this plan states now; None when the plan is missing
    or has errors (lint says why)."""
    from inspectkit.models import Plan

    plan = repo.model(plan_id)
    if not isinstance(plan, Plan):
        return None
    return parts(repo, plan).digest()


def is_digest(text: object) -> bool:
    return (
        isinstance(text, str)
        and text.startswith(PREFIX)
        and len(text) == len(PREFIX) + 64
        and all(c in "0123456789abcdef" for c in text[len(PREFIX) :])
    )
