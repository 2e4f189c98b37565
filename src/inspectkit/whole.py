"""The repository with every record whole, for the commands that show every field (`site`,
`export`, `sql`, `calendar`), where the board and the counts make do with the index's summaries."""

from __future__ import annotations

from inspectkit.errors import NotFound, UsageError
from inspectkit.repository import Repository, load_repository
from inspectkit.settings import Settings


def load_whole(settings: Settings, plan: str | None = None) -> Repository:
    """Every record, validated; UsageError when `plan` (an option's value) names no plan."""
    from inspectkit import queries

    repo = load_repository(settings)
    if plan is not None:
        try:
            queries.find_record(repo, plan, "plan")
        except NotFound as exc:  # a wrong option value: a usage problem
            raise UsageError(f"--plan: {exc}") from None
    return repo
