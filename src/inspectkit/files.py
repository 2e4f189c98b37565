"""Writing files safely: atomically (temp file + rename), never over a record unless told."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from inspectkit.errors import FileExists, OutsideRepository, Refused


def resolve_inside(root: Path, path: Path) -> Path:
    """The one link rule: `path` with every link followed, which must lie inside `root`.

    Records, templates and every file inspectkit edits must resolve inside the repository. A link
    that stays inside is followed (every command then reads and writes the file it points to);
    a link that leads out is reported with OutsideRepository and never read or written through.
    `path` need not exist yet (a file about to be created): its folders are checked.
    """
    real_root = root.resolve()
    real = path.resolve()
    if real == real_root or real.is_relative_to(real_root):
        return real
    raise OutsideRepository(
        f"{path}: leads outside the repository (to {real}) through a link: inspectkit does not "
        "read or write through links out of the repository; replace the link by the file itself"
    )


def is_inside(root: Path, path: Path) -> bool:
    """True when `path`, links followed, lies inside `root` (see `resolve_inside`)."""
    try:
        resolve_inside(root, path)
    except OutsideRepository:
        return False
    return True


def write_atomic(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write `text` (UTF-8, `\\n` line ends) to `path` so that a reader never sees a partial file.

    With `overwrite=False` an existing file is left untouched and FileExists is raised; the final
    step is a hard link, which fails if the name appeared in the meantime (exclusive create).
    """
    write_atomic_bytes(path, text.encode("utf-8"), overwrite=overwrite)


# Temporary files are named `.NAME.XXXXXXXX.inspectkit-tmp`: hidden, so lint and the loader skip
# them, and matched by the `.gitignore` that `init` writes (`*.inspectkit-tmp`), so that one left by
# a killed write is never committed; the next write next to it removes it once it is stale.
TEMP_SUFFIX = ".inspectkit-tmp"
_STALE_SECONDS = 600


def write_atomic_bytes(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    """`write_atomic` for bytes (a .docx file, for instance); same guarantees.

    A FIFO or a character device (`/dev/stdout`, `/dev/null`) given with `overwrite` is written
    into, never replaced; another special file (a socket, a block device) is refused."""
    if overwrite and _write_into_special(path, data):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if not overwrite and (path.exists() or path.is_symlink()):
        raise FileExists(str(path))
    _remove_stale_temps(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    tmp = Path(tmp_name)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would (or keep
        # the mode of the file it replaces).
        mode = stat.S_IMODE(path.stat().st_mode) if overwrite and path.exists() else 0o666 & ~_umask()
        with contextlib.suppress(OSError):
            os.chmod(tmp, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _link_new(tmp: Path, path: Path) -> None:
    """Give `tmp` the name `path`, which must not exist (a hard link fails if it appeared meanwhile)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise FileExists(str(path)) from None
    except OSError:  # pragma: no cover - file systems without hard links
        if path.exists():
            raise FileExists(str(path)) from None
        os.replace(tmp, path)


def _write_into_special(path: Path, data: bytes) -> bool:
    """Write `data` into `path` when it is a FIFO or a character device; False for a regular file
    or none; Refused for another special file. Never replaces the special file."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    if stat.S_ISREG(mode):
        return False
    if stat.S_ISDIR(mode):
        raise Refused(f"{path} is a folder: give a file name")
    if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        raise Refused(
            f"{path} is a special file (not a regular file, FIFO or terminal): it was left as it is"
        )
    with open(path, "wb", buffering=0) as handle:  # a FIFO waits here for its reader
        handle.write(data)
    return True


def _remove_stale_temps(path: Path) -> None:
    """Remove this file's temporary files left by a killed write (older than ten minutes)."""
    import glob
    import time

    limit = time.time() - _STALE_SECONDS
    with contextlib.suppress(OSError):
        for stale in path.parent.glob(f".{glob.escape(path.name)}.*{TEMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                if stale.lstat().st_mtime < limit:
                    stale.unlink()


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
