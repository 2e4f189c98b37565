"""Where each value of a new record comes from, and how one answer is checked.

A value comes from its option or, on a terminal, from a question asked through a `Prompter` (the
CLI supplies one; this module never prints); otherwise from a default, or it is a usage problem.
Every answer is checked as it is given: on a terminal a bad answer is asked again, from an option
it is an error. The parsers below each return the value to store or raise `BadAnswer`.

Errors (inspectkit.errors): `UsageError` (exit 2: a missing or malformed option) and `Refused`
(exit 1: an unknown reference, an id or file already taken, a record that would break a rule).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Protocol, TypeVar

from inspectkit import docnumbers
from inspectkit.errors import Refused, UsageError
from inspectkit.text import fold, hidden_character, is_slug, nfc, parse_user_date, slug_problem

T = TypeVar("T")


class BadAnswer(ValueError):
    """One answer is wrong. On a terminal it is asked again; from an option it is an error."""


class UnknownReference(BadAnswer):
    """An answer names a record that does not exist (the message carries a "did you mean")."""


class Prompter(Protocol):
    """How questions reach a person. `ask` returns the default when the answer is empty."""

    def ask(self, question: str, default: str = "") -> str: ...

    def confirm(self, question: str, default: bool = True) -> bool: ...

    def say(self, message: str) -> None: ...


# --------------------------------------------------------------------------------------------
# Answers: options first, then questions (interactive), else defaults or a usage problem.


class Answers:
    """The source of every value. `prompter` is None under `--no-input`."""

    def __init__(self, prompter: Prompter | None) -> None:
        self.prompter = prompter

    @property
    def interactive(self) -> bool:
        return self.prompter is not None

    def one(
        self,
        option: str,
        given: str | None,
        question: str,
        parse: Callable[[str], T],
        *,
        default: str | None = None,
        required: bool = True,
    ) -> T | None:
        """One value: the option's if given, else the person's answer, else the default."""
        if given is not None:
            return from_option(option, given, parse)
        if self.prompter is None:
            if default is not None and default != "":
                return from_option(option, default, parse)
            if required:
                raise UsageError(f"missing {option}{NOT_ASKED}")
            return None
        return self.ask(question, parse, default=default or "", required=required)

    def ask(
        self, question: str, parse: Callable[[str], T], *, default: str = "", required: bool = True
    ) -> T | None:
        """Ask until the answer parses. When not required, an empty answer (or `-`, when a default
        is offered) means "none"."""
        assert self.prompter is not None
        if default and not required:
            question = f"{question} (- for none)"
        while True:
            answer = self.prompter.ask(question, default)
            if not required and answer.strip() == "-":
                return None
            if not answer.strip():
                if not required:
                    return None
                self.prompter.say("  An answer is needed.")
                continue
            try:
                return parse(answer)
            except BadAnswer as exc:
                self.prompter.say(f"  {exc}")

    def required(
        self,
        option: str,
        given: str | None,
        question: str,
        parse: Callable[[str], T],
        *,
        default: str | None = None,
    ) -> T:
        value = self.one(option, given, question, parse, default=default, required=True)
        assert value is not None
        return value

    def many(
        self,
        option: str,
        given: list[str],
        question: str,
        parse: Callable[[str], T],
        *,
        at_least: int = 1,
    ) -> list[T]:
        """A repeatable option, or answers asked one by one until an empty answer. `question` may
        hold `{n}`, the number of the answer asked for."""
        if given:
            return [from_option(option, value, parse) for value in given]
        if self.prompter is None:
            if at_least:
                raise UsageError(f"missing {option}{NOT_ASKED}; repeat it for several")
            return []
        out: list[T] = []
        while True:
            finish = "" if len(out) < at_least else " (empty to finish)"
            value = self.ask(question.format(n=len(out) + 1) + finish, parse, required=len(out) < at_least)
            if value is None:
                return out
            out.append(value)


NOT_ASKED = ": give it as an option (nothing is asked with --no-input or without a terminal)"


def from_option(option: str, value: str, parse: Callable[[str], T]) -> T:
    try:
        return parse(value)
    except UnknownReference as exc:
        raise Refused(f"{option}: {exc}") from None
    except BadAnswer as exc:
        raise UsageError(f"{option}: {exc}") from None


# --------------------------------------------------------------------------------------------
# Parsing one answer. Each returns the value to store or raises BadAnswer.

_FORBIDDEN_CATEGORIES = {"Cc", "Cs", "Co", "Cn", "Zl", "Zp"}


def clean_text(value: str, *, multiline: bool = False) -> str:
    """Text as stored: NFC, no surrounding blanks, no control characters (one line unless
    `multiline`, where lines keep their `\\n` and `\\r\\n` becomes `\\n`)."""
    text = nfc(value.replace("\r\n", "\n")).strip()
    if not text:
        raise BadAnswer("cannot be empty")
    for char in text:
        if char == "\n":
            if not multiline:
                raise BadAnswer("must be one line")
            continue
        if char == "\t":
            continue
        if unicodedata.category(char) in _FORBIDDEN_CATEGORIES or char == "\ufeff":
            raise BadAnswer(f"contains a control character (U+{ord(char):04X})")
    hidden = hidden_character(text.replace("\n", ""))  # what lint refuses (IK202), refused here too
    if hidden is not None:
        raise BadAnswer(f"contains {hidden}, which cannot be seen: remove it")
    if multiline:
        text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    return text


def one_line(value: str) -> str:
    return clean_text(value)


def multi_line(value: str) -> str:
    return clean_text(value, multiline=True)


def parse_date(value: str) -> date:
    """`2022-11-24` or `24/11/2022`."""
    try:
        return parse_user_date(value)
    except ValueError:
        raise BadAnswer(f"'{value.strip()}' is not a date: write YYYY-MM-DD or DD/MM/YYYY") from None


def parse_slug(value: str) -> str:
    text = value.strip()
    if not is_slug(text):
        raise BadAnswer(f"'{text}' is not a valid id: {slug_problem(text)}")
    return text


def document_number(expected_type: str | None) -> Callable[[str], str]:
    """A parser for a document number (`84-KH/ĐKT`, `99/QĐ-KTNN`); `Số:` before it is dropped."""

    def parse(value: str) -> str:
        number = docnumbers.strip_prefix(clean_text(value))
        if not docnumbers.is_valid(number):
            raise BadAnswer(f"'{number}' is not a document number: write it as {docnumbers.EXAMPLES}")
        found = docnumbers.document_type(number)
        if expected_type is not None and found != expected_type:
            what = f"a {found} document" if found else "numbered without a document type"
            raise BadAnswer(
                f"'{number}' is {what}; this one is numbered with {expected_type} (e.g. 84-{expected_type}/ĐKT)"
            )
        return number

    return parse


_ROLES = {
    "head": "head",
    "truong doan": "head",
    "deputy": "deputy",
    "pho doan": "deputy",
    "pho truong doan": "deputy",
    "member": "member",
    "thanh vien": "member",
    "secretary": "secretary",
    "thu ky": "secretary",
}


def _choice(table: dict[str, str], value: str, what: str) -> str:
    """The value `table` gives to `value`, whatever its case, diacritics or spacing."""
    found = table.get(" ".join(fold(value).split()))
    if found is None:
        raise BadAnswer(f"'{value.strip()}' is not {what}")
    return found


def parse_role(value: str) -> str:
    return _choice(_ROLES, value, "a role: choose head, deputy, member or secretary")


_TYPES = {
    "strength": "strength",
    "uu diem": "strength",
    "weakness": "weakness",
    "han che": "weakness",
    "difficulty": "difficulty",
    "kho khan": "difficulty",
    "proposal": "proposal",
    "kien nghi": "proposal",
    "de xuat": "proposal",
    "request": "request",
    "de nghi": "request",
    "yeu cau": "request",
}


def parse_finding_type(value: str) -> str:
    return _choice(
        _TYPES, value, "a finding type: choose strength, weakness, difficulty, proposal or request"
    )


def parse_member(value: str) -> dict[str, str]:
    """`ROLE:NAME:POSITION[:ORGANISATION]` (position and organisation may be left empty)."""
    parts = value.split(":", 3)
    if len(parts) < 2:
        raise BadAnswer(f"'{value.strip()}' is not ROLE:NAME:POSITION[:ORGANISATION]")
    role = parse_role(parts[0])
    return person_entry(
        parts[1], parts[2] if len(parts) > 2 else "", parts[3] if len(parts) > 3 else "", role
    )


def person_entry(name: str, position: str, organisation: str, role: str | None = None) -> dict[str, str]:
    """A Person as stored (a Member with `role`): text cleaned, empty position or organisation left out."""
    person = {"name": clean_text(name)}
    if position.strip():
        person["position"] = clean_text(position)
    if organisation.strip():
        person["organisation"] = clean_text(organisation)
    if role is not None:
        person["role"] = role
    return person
