"""The questions of `inspectkit init`, and the repository they make (files from `scaffold.py`).

Every value comes from its option, else from a question on a terminal (`inspectkit.answers`),
else from its default. Nothing is printed here: the result says what was written and kept.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from inspectkit.answers import Answers, BadAnswer, from_option, one_line
from inspectkit.errors import Refused, UsageError
from inspectkit.scaffold import (
    PLACEHOLDER_REPOSITORY,
    InitResult,
    OrganisationAnswers,
    repository_address,
    scaffold,
)
from inspectkit.settings import SETTINGS_FILE, Organisation


@dataclass
class InitOptions:
    """`inspectkit init`'s options, as given (None: not given)."""

    name: str | None = None
    header: list[str] | None = None
    place: str | None = None
    style: str | None = None
    inspectkit_repo: str | None = None
    git: bool | None = None
    ci: str | None = None  # the CI host whose review workflow is written (ci_workflows.py)


def parse_style(value: str) -> str:
    text = value.strip().lower()
    if text not in ("party", "state"):
        raise BadAnswer(f"'{value.strip()}' is not a style: choose party or state")
    return text


def _address(value: str) -> str:
    try:
        return repository_address(value)
    except ValueError as exc:
        raise BadAnswer(str(exc)) from None


def parse_header(value: str) -> list[str]:
    return [one_line(part) for part in value.split("/")]


# The superior body of a Party committee's board, by the first words of the board's name: the
# province's (or district's) committee, whose name follows (`Ban Tuyên giáo Tỉnh ủy Cao Bằng`
# -> `TỈNH ỦY CAO BẰNG`).
_SUPERIORS = ("Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Đảng ủy")


def default_header(name: str, fallback: list[str]) -> list[str]:
    """The header lines a name suggests: the superior body with its place, then the board
    (`Ban Tuyên giáo Tỉnh ủy Cao Bằng` -> `TỈNH ỦY CAO BẰNG / BAN TUYÊN GIÁO`); `fallback` when the
    name holds no superior body."""
    for superior in _SUPERIORS:
        before, found, after = name.partition(superior)
        if found and before.strip():
            return [f"{superior} {after.strip()}".strip().upper(), before.strip().upper()]
    return list(fallback)


def _organisation(answers: Answers, options: InitOptions, defaults: Organisation) -> OrganisationAnswers:
    the_name = answers.required(
        "--name", options.name, "Organisation's name, in full", one_line, default=defaults.name
    )
    if options.header:
        lines = [from_option("--header", line, one_line) for line in options.header]
    else:
        lines = answers.required(
            "--header",
            None,
            "Header lines of its documents, separated by '/' (superior body / issuing body)",
            parse_header,
            default=" / ".join(default_header(the_name, defaults.header)),
        )
    the_place = answers.one(
        "--place", options.place, "Place, for the place-date line (optional)", one_line, required=False
    )
    the_style = answers.required(
        "--style", options.style, "Document style (party or state)", parse_style, default=defaults.style
    )
    return OrganisationAnswers(the_name, lines, the_place or "", the_style)


def in_git_repository(root: Path) -> bool:
    return any((folder / ".git").exists() for folder in (root, *root.parents))


def _git_init(root: Path) -> str:
    """`git init` in `root`; a note saying what was done."""
    git = shutil.which("git")
    if git is None:
        return "git is not installed: install it, then run `git init` here (pre-commit needs it)"
    done = subprocess.run([git, "init", "-q", str(root)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise Refused(f"git init failed: {done.stderr.strip() or done.returncode}")
    return "made a git repository here (git init)"


def initialise(root: Path, options: InitOptions, answers: Answers) -> InitResult:
    """`inspectkit init`: ask what the options did not give, write the files (never over one that
    exists), and make a git repository when asked (pre-commit needs one)."""
    repository = (
        from_option("--inspectkit-repo", options.inspectkit_repo, _address)
        if options.inspectkit_repo is not None
        else PLACEHOLDER_REPOSITORY
    )
    defaults = Organisation()
    if (root / SETTINGS_FILE).exists():
        org = OrganisationAnswers(defaults.name, defaults.header)  # the file is kept: no questions
    else:
        org = _organisation(answers, options, defaults)
    try:
        result = scaffold(root, org, repository, options.ci)
    except OSError as exc:  # the folder named is a file, or not writable: a usage problem
        from inspectkit.recordfiles import display_path

        raise UsageError(f"{display_path(root)}: cannot write: {exc.strerror or exc}") from None
    if not in_git_repository(root):
        wanted = options.git
        if wanted is None and answers.prompter is not None:
            wanted = answers.prompter.confirm("Make it a git repository (git init)?", True)
        if wanted:
            result.notes.append(_git_init(root))
        else:
            result.notes.append("not a git repository: run `git init` here for pre-commit and CI")
    return result
