"""`inspectkit init`, `new-plan`, `new-delegation`, `new-centre`, `new-finding`.

On a terminal the commands ask for what the options did not give; with `--no-input` every value
comes from the options. The work is done in `inspectkit.authoring` and `inspectkit.scaffold`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from inspectkit.cli.common import app, load_settings_or_fail
from inspectkit.text import fold

if TYPE_CHECKING:
    from inspectkit.authoring import Session
    from inspectkit.drafts import Draft


class CiHost(str, Enum):
    github = "github"
    gitlab = "gitlab"
    gitea = "gitea"


_YES = {"y", "yes", "c", "co"}
_NO = {"n", "no", "k", "khong"}

NO_INPUT_HELP = "Ask nothing: every value comes from the options (a missing required one exits 2)."


class TerminalPrompter:
    """Questions on the terminal, one at a time; an empty answer takes the default shown."""

    def ask(self, question: str, default: str = "") -> str:
        # A continuation line (`  >`, for the lines of a detail) reads better without a colon.
        suffix = " " if question.endswith(">") else ": "
        answer: str = typer.prompt(
            question, default=default, show_default=bool(default), prompt_suffix=suffix
        )
        return answer

    def confirm(self, question: str, default: bool = True) -> bool:
        """Yes or no (English or Vietnamese); asked again, saying how, after another answer. At the
        end of the input (Ctrl-D, a script's last line) it is no: nothing is done unasked."""
        choices = "[Y/n]" if default else "[y/N]"
        while True:
            typer.echo(f"{question} {choices}: ", nl=False)
            line = sys.stdin.readline()
            if not line:
                typer.echo("")
                return False
            answer = fold(line.strip())
            if not answer:
                return default
            if answer in _YES:
                return True
            if answer in _NO:
                return False
            typer.echo("  Answer y (yes, có) or n (no, không).")

    def say(self, message: str) -> None:
        typer.echo(message)


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def _interactive(no_input: bool, forced: bool) -> bool:
    """Ask questions unless --no-input, and only when a person is at the terminal."""
    if no_input:
        return False
    return forced or stdin_is_terminal()


def _no_input_option() -> Any:
    return typer.Option(False, "--no-input", help=NO_INPUT_HELP)


def _interactive_option() -> Any:
    # Hidden: ask the questions even when stdin is not a terminal (tests, `expect` scripts).
    return typer.Option(False, "--interactive", hidden=True)


def _author(
    no_input: bool,
    forced: bool,
    build: Callable[[Session], tuple[list[Draft], list[Draft]]],
    next_step: Callable[[list[Draft]], str],
) -> None:
    from datetime import date

    from inspectkit.answers import Answers
    from inspectkit.authoring import Session
    from inspectkit.drafts import write_drafts
    from inspectkit.errors import UsageError
    from inspectkit.recordfiles import display_path
    from inspectkit.repository import load_repository

    settings = load_settings_or_fail()
    if not settings.records_dir.is_dir():
        raise UsageError(
            f"no records folder at {display_path(settings.records_dir)}: run `inspectkit init` first"
        )
    repo = load_repository(settings)
    prompter = TerminalPrompter() if _interactive(no_input, forced) else None
    session = Session(settings, repo, Answers(prompter), date.today())
    new, edited = build(session)
    write_drafts(new, edited, root=settings.root)
    for draft in new:
        typer.echo(f"wrote {display_path(draft.path)}")
    for draft in edited:
        typer.echo(f"updated {display_path(draft.path)}")
    typer.echo(f"next: {next_step(new)}")


@app.command("new-centre")
def new_centre(
    name: str | None = typer.Option(
        None, "--name", help="Full name, e.g. Trung tâm Chính trị huyện Đình Lập."
    ),
    short_name: str | None = typer.Option(None, "--short-name", help="Short name."),
    district: str | None = typer.Option(None, "--district", help="District (huyện), e.g. Đình Lập."),
    province: str | None = typer.Option(None, "--province", help="Default: the organisation's place."),
    parent: str | None = typer.Option(None, "--parent", help="Governing body, e.g. Huyện ủy Đình Lập."),
    record_id: str | None = typer.Option(
        None, "--id", help="Default: made from the short name, else the name (TTCT Đình Lập → ttct-dinh-lap)."
    ),
    no_input: bool = _no_input_option(),
    interactive: bool = _interactive_option(),
) -> None:
    """Add an inspected centre: records/centres/<id>.yaml."""
    from inspectkit.authoring import centre_draft

    def build(session: Session) -> tuple[list[Draft], list[Draft]]:
        draft = centre_draft(
            session,
            name=name,
            short_name=short_name,
            district=district,
            province=province,
            parent=parent,
            record_id=record_id,
        )
        return [draft], []

    _author(
        no_input, interactive, build, lambda new: "inspectkit new-plan (visits name this centre by its id)"
    )


@app.command("new-plan")
def new_plan(
    number: str | None = typer.Option(None, "--number", help="Số ký hiệu, e.g. 84-KH/ĐKT."),
    issued: str | None = typer.Option(
        None, "--issued", metavar="DATE", help="YYYY-MM-DD or DD/MM/YYYY; default today."
    ),
    title: str | None = typer.Option(None, "--title", help="What the plan inspects, as in its heading."),
    issuer: str | None = typer.Option(
        None, "--issuer", help="Default: the organisation's name in the settings."
    ),
    place: str | None = typer.Option(None, "--place", help="Default: the organisation's place."),
    topics: list[str] = typer.Option(
        [],
        "--topic",
        metavar="TITLE",
        help="A topic (nội dung kiểm tra); repeatable. Its id is made from the title "
        "(Công tác mở lớp → cong-tac-mo-lop).",
    ),
    visits: list[str] = typer.Option(
        [],
        "--visit",
        metavar="CENTRE_ID:DATE[:END]",
        help="A visit, e.g. ttct-dinh-lap:24/11/2022 (END: last day of a longer visit); repeatable. "
        "The centre must exist (new-centre).",
    ),
    record_id: str | None = typer.Option(
        None, "--id", help="Default: <year>-<slug of number>, e.g. 2022-84-kh-dkt."
    ),
    no_input: bool = _no_input_option(),
    interactive: bool = _interactive_option(),
) -> None:
    """Add an inspection plan: records/plans/<id>.yaml (and any centre created on the way)."""
    from inspectkit.authoring import centre_on_the_spot, plan_drafts

    def build(session: Session) -> tuple[list[Draft], list[Draft]]:
        drafts = plan_drafts(
            session,
            number=number,
            issued=issued,
            title=title,
            issuer=issuer,
            place=place,
            topics=topics,
            visits=visits,
            record_id=record_id,
            create_centre=centre_on_the_spot,
        )
        return drafts, []

    _author(no_input, interactive, build, lambda new: f"inspectkit new-delegation --plan {new[-1].id}")


@app.command("new-delegation")
def new_delegation(
    plan: str | None = typer.Option(
        None, "--plan", help="Id of the plan, e.g. 2022-84-kh-dkt (`inspectkit list plans` shows them)."
    ),
    decision: str | None = typer.Option(
        None, "--decision", help="Number of the decision forming it, e.g. 85-QĐ/BTGTU."
    ),
    decision_issued: str | None = typer.Option(
        None, "--decision-issued", metavar="DATE", help="Default: the plan's date."
    ),
    decision_issuer: str | None = typer.Option(None, "--decision-issuer", help="Default: the plan's issuer."),
    members: list[str] = typer.Option(
        [],
        "--member",
        metavar="ROLE:NAME:POSITION[:ORGANISATION]",
        help="Repeatable; ROLE is head, deputy, member or secretary (trưởng đoàn, phó đoàn, thành viên, "
        "thư ký); exactly one head. POSITION may be left empty.",
    ),
    record_id: str | None = typer.Option(None, "--id", help="Default: <plan-id>-doan."),
    no_input: bool = _no_input_option(),
    interactive: bool = _interactive_option(),
) -> None:
    """Add the plan's delegation: records/delegations/<id>.yaml, and set `delegation:` in the plan."""
    from inspectkit.authoring import delegation_drafts

    def build(session: Session) -> tuple[list[Draft], list[Draft]]:
        draft, plan_edit = delegation_drafts(
            session,
            plan=plan,
            decision=decision,
            decision_issued=decision_issued,
            decision_issuer=decision_issuer,
            members=members,
            record_id=record_id,
        )
        return [draft], [plan_edit] if plan_edit else []

    _author(
        no_input,
        interactive,
        build,
        lambda new: f"inspectkit new-finding --plan {new[0].data['plan']} (after the visits)",
    )


@app.command("new-finding")
def new_finding(
    plan: str | None = typer.Option(
        None, "--plan", help="Id of the plan, e.g. 2022-84-kh-dkt (`inspectkit list plans` shows them)."
    ),
    centres: list[str] = typer.Option(
        [], "--centre", metavar="ID", help="Id of a centre the plan visits, e.g. ttct-dinh-lap; repeatable."
    ),
    topic: str | None = typer.Option(
        None,
        "--topic",
        metavar="ID",
        help="Id of a topic of the plan (`inspectkit show PLAN_ID` lists them).",
    ),
    finding_type: str | None = typer.Option(
        None,
        "--type",
        help="strength (ưu điểm), weakness (hạn chế), difficulty (khó khăn), proposal (kiến nghị: what the "
        "unit asks of higher levels) or request (đề nghị: what the delegation asks of the unit).",
    ),
    summary: str | None = typer.Option(None, "--summary", help="One line."),
    detail: str | None = typer.Option(
        None, "--detail", help="Longer text; paragraphs separated by blank lines."
    ),
    owner: str | None = typer.Option(
        None, "--owner", help="Who acts on it: required for proposal and request."
    ),
    due: str | None = typer.Option(None, "--due", metavar="DATE", help="Due date of the action."),
    no_input: bool = _no_input_option(),
    interactive: bool = _interactive_option(),
) -> None:
    """Add a finding: records/findings/<plan-id>/<plan-id>-NN.yaml, the next free number."""
    from inspectkit.authoring import finding_draft

    def build(session: Session) -> tuple[list[Draft], list[Draft]]:
        draft = finding_draft(
            session,
            plan=plan,
            centres=centres,
            topic=topic,
            finding_type=finding_type,
            summary=summary,
            detail=detail,
            owner=owner,
            due=due,
        )
        return [draft], []

    _author(
        no_input,
        interactive,
        build,
        lambda new: f"inspectkit new-finding --plan {new[0].data['plan']} (the next one), or inspectkit lint",
    )


@app.command("init")
def init(
    directory: Path = typer.Argument(
        Path("."), show_default=False, help="Where to create the repository (default: here)."
    ),
    name: str | None = typer.Option(None, "--name", help="The organisation's name, in full."),
    header: list[str] = typer.Option([], "--header", help="A header line of its documents; repeatable."),
    place: str | None = typer.Option(None, "--place", help="For the place-date line, e.g. Lạng Sơn."),
    style: str | None = typer.Option(
        None, "--style", help="Document layout: party (Đảng, the default) or state (Nhà nước)."
    ),
    inspectkit_repo: str | None = typer.Option(
        None,
        "--inspectkit-repo",
        metavar="URL",
        help="Git address of inspectkit, where CI and pre-commit get it from (default: a placeholder to edit).",
    ),
    git: bool | None = typer.Option(
        None,
        "--git/--no-git",
        help="Make the folder a git repository (git init) when it is not in one; asked on a terminal.",
    ),
    no_input: bool = typer.Option(
        False, "--no-input", help="Ask nothing: take the options, else the defaults."
    ),
    interactive: bool = _interactive_option(),
    ci: CiHost | None = typer.Option(
        None,
        "--ci",
        help="The CI workflow to write: github (SARIF upload, diff comment), gitlab (Code Quality, "
        "merge request note) or gitea (diff comment); default: a GitHub lint workflow.",
    ),
) -> None:
    """Start a records repository: settings, records/ folders, CI workflow, pre-commit, editor schema,
    and a git repository when asked (`--git`).

    It never overwrites a file: existing files are kept and listed.
    """
    from inspectkit.answers import Answers
    from inspectkit.initialise import InitOptions, initialise
    from inspectkit.recordfiles import display_path

    root = directory.resolve()
    answers = Answers(TerminalPrompter() if _interactive(no_input, interactive) else None)
    options = InitOptions(name, header, place, style, inspectkit_repo, git, ci.value if ci else None)
    result = initialise(root, options, answers)
    for path in result.written:
        typer.echo(f"wrote {display_path(path)}")
    for path in result.kept:
        typer.echo(f"kept  {display_path(path)} (already there)")
    for note in result.notes:
        typer.echo(f"note: {note}")
    where = "" if root == Path.cwd().resolve() else f"cd {display_path(root)} && "
    typer.echo(f"next: {where}inspectkit new-centre")
