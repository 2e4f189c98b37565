"""The one editing engine: every write that changes an existing file goes through here.

`finding set-status`, `fmt`, and `new-delegation` setting the plan's `delegation:` (and what comes
next, `lint --fix`) edit files with the same guarantees:

- a file is read only when it is a regular file inside the repository (a link inside is followed
  and the file it points to is edited, the link kept; a link out is refused), of at most the
  record size limit, in UTF-8;
- the file keeps its BOM and its line ends (LF, CRLF or CR), unless the edit is `fmt`'s
  canonical form;
- a change is made with ruamel.yaml's round trip and merged back so that every line the change
  does not touch stays as written (comments, quoting, spacing, indentation, long lines);
- the write is atomic (temp + rename) and made under a lock, and only when the file on disk is
  still the one read: two runs at once are serialised, nothing reported as written is lost, and
  a change made meanwhile by someone else is never written over (FileChanged).

The change itself is made by `inspectkit.roundtrip`.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from inspectkit.errors import FileChanged, Refused

# ---------------------------------------------------------------------------------------------
# Reading and writing a file being edited.


@dataclass(frozen=True)
class Source:
    """A file read to be edited: `text` has its BOM dropped and `\\n` line ends."""

    path: Path  # as the command named it (for messages)
    real: Path  # links followed: the file that is read and written
    raw: bytes
    text: str
    bom: bool
    newline: str

    def encode(self, text: str) -> bytes:
        """`text` (with `\\n` line ends) as this file writes it: its BOM and its line ends."""
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")


def read_source(path: Path, root: Path) -> Source:
    """The file at `path`, which must resolve inside `root`, read for an edit (Refused otherwise):
    only a regular file (a FIFO or device is never opened) of at most the record size limit."""
    from inspectkit.files import resolve_inside

    real = resolve_inside(root, path)
    raw = _read_regular(real)
    try:
        decoded = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("not UTF-8 text: run `inspectkit lint` on it") from None
    bom = decoded.startswith("\ufeff")
    body = decoded.removeprefix("\ufeff")
    newline = "\r\n" if "\r\n" in body else "\r" if "\r" in body else "\n"
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    return Source(path, real, raw, text, bom, newline)


def _read_regular(real: Path) -> bytes:
    """The bytes of `real`, only when it is a regular file of at most the record size limit
    (Refused otherwise): a FIFO or device is never opened, so never blocks or is read."""
    from inspectkit.recordfiles import MAX_BYTES

    try:
        info = real.stat()
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not a regular file: only a plain YAML file is edited; it was left as it is")
        if info.st_size > MAX_BYTES:
            raise Refused(f"file is {info.st_size:,} bytes, over the 1 MiB limit for a record: split it")
        return real.read_bytes()
    except OSError as exc:
        raise Refused(f"cannot read the file ({exc.strerror or exc})") from None


def check_writable(path: Path) -> None:
    """Refused for a read-only file. (The atomic write renames a new file over the old one, which
    a read-only mode alone would not stop: the mode is a person's wish to keep the file as it is.)"""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise Refused(f"cannot read the file ({exc.strerror or exc})") from None
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise Refused("the file is read-only, so it was left as it is: make it writable (chmod u+w) first")


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the edit lock of the file at `path` (which must exist): one edit of a file at a time.

    The lock is taken on the file itself (POSIX `flock`); since an edit replaces the file by a new
    one, a lock taken on a file that was replaced meanwhile is dropped and taken again on the new
    one. Where there is no `flock` (Windows) the compare-before-rename of `write_source` still
    refuses to write over a change."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    while True:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError as exc:
            raise Refused(f"cannot read the file ({exc.strerror or exc})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                current = os.stat(path)
            except FileNotFoundError:
                current = None
            if current is not None and current.st_ino == os.fstat(fd).st_ino:
                yield
                return
        finally:
            os.close(fd)  # closing releases the lock


def write_source(source: Source, text: str) -> None:
    """Write `text` over the file `source` was read from: atomically, in the file's own BOM and
    line ends, only if the file is still as read (FileChanged otherwise), never a read-only one.
    Call it under `locked(source.real)` so that two edits cannot interleave."""
    from inspectkit.files import write_atomic_bytes

    check_writable(source.real)
    if _read_regular(source.real) != source.raw:  # replaced by a FIFO meanwhile: refused, not read
        raise FileChanged("the file changed while this command ran, so it was left as it is: run it again")
    try:
        write_atomic_bytes(source.real, source.encode(text), overwrite=True)
    except OSError as exc:
        raise Refused(f"cannot write the file ({exc.strerror or exc}); it was left as it is") from None


def edit_file(path: Path, root: Path, change: Callable[[str], str]) -> str:
    """Read, change and write back one file, holding its lock throughout; returns the new text
    (`\\n` line ends). `change` gets the text and returns the new one, or raises to write nothing."""
    from inspectkit.files import resolve_inside

    real = resolve_inside(root, path)
    with locked(real):
        source = read_source(path, root)
        new = change(source.text)
        if new != source.text:
            write_source(source, new)
    return new


def unified_diff(path: str, before: str, after: str) -> str:
    """A diff of two texts. Line ends are shown (`\\r` as `␍`) when they are what differs, so that
    a line end change never shows as two identical lines."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    if any("\r" in x for x in a + b):
        a, b = [_visible_end(x) for x in a], [_visible_end(x) for x in b]
    return "".join(difflib.unified_diff(a, b, f"a/{path}", f"b/{path}"))


def _visible_end(line: str) -> str:
    body = line.rstrip("\r\n")
    end = line[len(body) :]
    return body + end.replace("\r", "␍") + ("" if end.endswith("\n") else "\n")
