"""Adding records from answers: the core of `new-plan`, `new-delegation`, `new-centre`, `new-finding`.

Each builder asks for what the options did not give (`inspectkit.answers`), checks references
against the repository as loaded, and returns `Draft`s: the record in FORMAT.md's field order,
which `inspectkit.drafts` renders as a person would write it (a header comment, block style,
comments on the sections), checks by reading it back, and writes with an exclusive, atomic
create: an existing record is never touched.

One module per job: `session` (the command's session and looking things up), `centres`,
`plans`, `delegations`, `findings`.
"""

from inspectkit.authoring.centres import centre_draft, centre_on_the_spot
from inspectkit.authoring.delegations import delegation_drafts
from inspectkit.authoring.findings import finding_draft, next_finding_id
from inspectkit.authoring.plans import plan_drafts
from inspectkit.authoring.session import Session, find_plan, search_centres

__all__ = [
    "Session",
    "centre_draft",
    "centre_on_the_spot",
    "delegation_drafts",
    "find_plan",
    "finding_draft",
    "next_finding_id",
    "plan_drafts",
    "search_centres",
]
