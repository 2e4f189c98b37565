"""The repository with every record whole, for the commands that show every field (`site`,
`export`, `sql`, `calendar`), where the board and the counts make do with the index's summaries;
and the notes about what they leave out, as the query commands word them."""

from __future__ import annotations

from inspectkit.errors import NotFound, UsageError
from inspectkit.repository import Repository, load_repository
from inspectkit.settings import Settings


def load_whole(settings: Settings, plan: str | None = None) -> Repository:
    """Every record, validated; UsageError when `plan` (an option's value) names no plan."""
    repo = load_repository(settings, positions=False)  # nothing is placed in a file
    check_plan_option(repo, plan)
    return repo


def check_plan_option(repo: Repository, plan: str | None) -> None:
    """UsageError when `plan`, a `--plan` option's value, names no plan of `repo`."""
    from inspectkit import queries

    if plan is not None:
        try:
            queries.find_record(repo, plan, "plan")
        except NotFound as exc:  # a wrong option value: a usage problem
            raise UsageError(f"--plan: {exc}") from None


def left_out_notes(repo: Repository) -> list[str]:
    """For stderr: the records left out for their errors and the links out of the repository
    skipped, named (`inspectkit lint` shows why), as `list` and `stats` say it."""
    from inspectkit.listings import links_out_note, skipped_note

    notes = skipped_note([r.display for r in repo.records if r.model is None])
    return notes + ([links_out_note(repo.links_out)] if repo.links_out else [])
