"""The one error hierarchy: every error inspectkit raises on purpose carries its exit status.

The core raises these; the CLI maps them to a one-line message and `exit_code` in one place
(`inspectkit.cli.main`). Exit statuses: 0 ok, 1 problems found or refused, 2 usage, 3 internal
error. Anything that is not an `InspectkitError` reaching the CLI is a bug: it exits 3.

Which class to raise:
- the user asked for something that cannot be asked (bad option, unknown field, broken settings,
  a template that does not parse): `UsageError` (2);
- the request is understood but inspectkit will not or cannot do it (unknown id, file taken,
  edit that would lose data, a file changed meanwhile, disk full): `Refused` (1);
- the records have problems the command must not run over (lint errors): `ProblemsFound` (1);
- an invariant of inspectkit itself broke: `InternalError` (3).

Two exceptions outside this hierarchy are control flow that never reaches the CLI:
`answers.BadAnswer` (an answer to ask again, or turned into a UsageError for an option) and
`recordfiles.Unreadable` (a file that becomes a diagnostic).
"""

from __future__ import annotations

from typing import ClassVar

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class InspectkitError(Exception):
    """Base of every deliberate error. The message is one line: what is wrong, where, what to do."""

    exit_code: ClassVar[int] = EXIT_PROBLEMS


class UsageError(InspectkitError):
    """A missing or malformed option, an unknown field or value, a broken settings file: exit 2."""

    exit_code: ClassVar[int] = EXIT_USAGE


class SettingsError(UsageError):
    """A broken settings file; the message names the file, the setting and the allowed values."""


class TemplateError(UsageError):
    """A template that does not parse, fails while rendering, or lies outside the repository."""


class Refused(InspectkitError):
    """The request is understood but not carried out (the message says why): exit 1."""

    exit_code: ClassVar[int] = EXIT_PROBLEMS


class NotFound(Refused):
    """An id that names no record (the message carries a "did you mean")."""


class FileExists(Refused):
    """The target exists and the caller asked not to overwrite it."""


class FileChanged(Refused):
    """A file changed between reading and writing it: nothing is written over the other change."""


class OutsideRepository(Refused):
    """A path (or a link it goes through) leads outside the repository: never written, never read."""


class ProblemsFound(InspectkitError):
    """The records have problems (lint errors) the command must not run over: exit 1."""

    exit_code: ClassVar[int] = EXIT_PROBLEMS


class InternalError(InspectkitError):
    """An invariant of inspectkit broke: a bug to report, exit 3."""

    exit_code: ClassVar[int] = EXIT_INTERNAL


__all__ = [
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "FileChanged",
    "FileExists",
    "InspectkitError",
    "InternalError",
    "NotFound",
    "OutsideRepository",
    "ProblemsFound",
    "Refused",
    "SettingsError",
    "TemplateError",
    "UsageError",
]
