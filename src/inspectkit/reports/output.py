"""Where a report goes and in which format: the output rules of `inspectkit report`.

Markdown without `-o` goes to standard output; Word and PDF always go to a file (default name
`PLAN_ID-KIND[-CENTRE].docx`); the format follows `-o`'s suffix unless given; an existing file is
kept unless `--force`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inspectkit.errors import FileExists, UsageError

FORMATS = ("md", "docx", "pdf")


@dataclass(frozen=True)
class Output:
    path: Path | None  # None: standard output (Markdown only)
    format: str
    note: str | None = None  # for stderr: the format given differs from what the file name says


def choose_output(
    plan_id: str, kind: str, centre: str | None, output: Path | None, fmt: str | None, force: bool
) -> Output:
    """The file and format a report is written to. Raises UsageError for what cannot be done."""
    if output is not None and str(output) == "-":  # the usual spelling of standard output
        if fmt not in (None, "md"):
            raise UsageError(f"-o -: a {fmt} file cannot go to standard output; give -o a file name")
        return Output(None, "md")
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    note = None
    if fmt is None:
        fmt = suffix if suffix in ("docx", "pdf") else "md"
    elif suffix in FORMATS and suffix != fmt:
        # --format wins, as asked; but a .docx holding Markdown will not open in Word
        note = (
            f"writing {fmt} to {output} as --format asks, though its name says {suffix}: rename it to .{fmt}"
        )
    if fmt != "md" and output is None:
        output = Path(f"{plan_id}-{kind}{'-' + centre if centre else ''}.{fmt}")
    if output is not None and output.is_dir():
        example = output / f"{plan_id}-{kind}.{fmt}"
        raise UsageError(f"{output} is a folder: give -o a file name, such as {example}")
    if output is not None and output.exists() and not force:
        raise exists(output)
    return Output(output, fmt, note)


def exists(path: Path) -> UsageError:
    return UsageError(f"{path} exists: pass --force to overwrite it, or choose another -o")


def write_output(out: Output, data: bytes, *, force: bool) -> None:
    """Write the report's bytes atomically; never over a file that appeared meanwhile without --force."""
    from inspectkit.files import write_atomic_bytes

    assert out.path is not None
    try:
        write_atomic_bytes(out.path, data, overwrite=force)
    except FileExists:
        raise exists(out.path) from None
    except OSError as exc:
        raise UsageError(f"{out.path}: cannot write: {exc.strerror or exc}") from None
