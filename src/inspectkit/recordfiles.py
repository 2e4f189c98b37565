"""Record files on disk: which files are records (the walk), reading one safely, and how a
path is shown. Light on purpose (no YAML, no models): every command starts here, and a command
whose answers are all in the index reads nothing more."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator, Sequence
from operator import attrgetter
from pathlib import Path

from inspectkit.files import is_inside

MAX_BYTES = 1024 * 1024


def display_path(path: Path | str) -> str:
    """Path relative to the current directory, `/`-separated (absolute paths stay absolute)."""
    text = str(path)
    cwd = os.getcwd()
    prefix = cwd.rstrip(os.sep) + os.sep
    if text.startswith(prefix):  # the common case, without relpath's cost
        text = text[len(prefix) :]
    elif os.path.isabs(text):
        with contextlib.suppress(ValueError):  # another drive on Windows
            text = os.path.relpath(text, cwd)
    return text.replace(os.sep, "/")


class Unreadable(Exception):
    """A record file that is not read at all: `code` and a message saying what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def read_record_bytes(path: Path) -> bytes:
    """The bytes of a record file, read safely: only a regular file, and at most MAX_BYTES + 1.

    The type and size are checked on the open file before reading, so a FIFO named `*.yaml`
    never blocks (opened non-blocking, then refused) and a link to `/dev/zero` never fills
    memory. Raises Unreadable.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise Unreadable("IK100", f"cannot read file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device or other special file"
            raise Unreadable(
                "IK100", f"not a regular file ({what}): a record is a plain YAML file; remove it or rename it"
            )
        if info.st_size > MAX_BYTES:
            raise Unreadable("IK106", too_big(info.st_size))
        chunks: list[bytes] = []
        left = MAX_BYTES + 1
        while left > 0:  # a file that grows while it is read stops at the limit
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
            if len(chunk) == info.st_size and len(chunks) == 1:
                break  # all of it, as fstat said: no read just to hear "end of file"
        raw = b"".join(chunks)
    except OSError as exc:
        raise Unreadable("IK100", f"cannot read file: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        raise Unreadable("IK106", too_big(len(raw)))
    return raw


def too_big(size: int) -> str:
    return f"file is {size:,} bytes, over the 1 MiB limit for a record: split it"


def content_digest(raw: bytes) -> str:
    """A file's content hash, as the index keeps it (BLAKE2b, 16 bytes)."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


_NAME = attrgetter("name")  # a folder's entries sorted by name, without a Python call each


def iter_record_files(
    root: Path, outside: list[Path] | None = None, inside: Path | None = None
) -> Iterator[Path]:
    """Every `*.yaml`/`*.yml` below `root` (see `record_file_names`), as paths."""
    links: list[str] = []
    for name in record_file_names(str(root), links, str(inside) if inside is not None else None):
        yield Path(name)
    if outside is not None:
        outside.extend(Path(link) for link in links)


def record_file_names(root: str, outside: list[str] | None = None, inside: str | None = None) -> list[str]:
    """Every `*.yaml`/`*.yml` below `root`, at any depth, skipping hidden files and folders, in
    sorted order (a folder's files before its subfolders). Plain strings: a walk of 100,000
    files should not pay for 100,000 Path objects.

    Links follow the one rule of files.resolve_inside: a link (to a file or a folder) that stays
    inside the repository (`inside`, by default `root`) is followed, each real folder once; a link
    that leads out is not followed, and is appended to `outside` so that lint can report it.
    """
    boundary = os.path.realpath(inside or root)
    visited: set[str] = set()
    found: list[str] = []

    def leads_out(path: str) -> bool:
        real = os.path.realpath(path)
        return not (real == boundary or real.startswith(boundary.rstrip(os.sep) + os.sep))

    def walk(folder: str, real: str) -> None:
        if real in visited:  # a folder reached again through a link
            return
        visited.add(real)
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=_NAME)
        except OSError:
            return
        folders: list[tuple[str, str]] = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            is_record = name.endswith((".yaml", ".yml"))
            link = entry.is_symlink()
            if link and leads_out(entry.path):
                if outside is not None and (is_record or entry.is_dir()):
                    outside.append(entry.path)
                continue
            if entry.is_dir():
                # the real path of a folder that is no link is its parent's, joined: no system call
                folders.append(
                    (entry.path, os.path.realpath(entry.path) if link else os.path.join(real, name))
                )
            elif is_record:
                found.append(entry.path)
        for sub, sub_real in folders:
            walk(sub, sub_real)

    walk(root, os.path.realpath(root))
    return found


def survey_names(root: Path, records_dir: Path, extra: Sequence[Path]) -> tuple[list[str], int, list[Path]]:
    """What a survey reads: the record files under the records folder of the repository at `root`
    (and how many), then the `extra` ones not among them; and the links that lead out of the
    repository (not read)."""
    real = records_dir.resolve()
    names: list[str] = []
    links: list[str] = []
    if real.is_dir() and not is_inside(root, records_dir):
        links.append(str(records_dir))  # the records folder linked out: reported, not read
    elif real.is_dir():
        names = record_file_names(str(real), links, str(root))
    walked = len(names)
    if extra:
        # a file named is most often one of the walk's, as it names it: only others cost a
        # realpath of every file walked (a link inside the records folder, say)
        walked_names = set(names)
        asked = [n for n in dict.fromkeys(str(e.resolve()) for e in extra) if n not in walked_names]
        if asked:
            known = {os.path.realpath(n) for n in names}
            names.extend(n for n in asked if n not in known)
    return names, walked, [Path(link) for link in links]
