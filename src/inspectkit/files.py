"""Writing files safely: atomically (temp file + rename), never over a record unless told."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from inspectkit.errors import FileExists, OutsideRepository


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


def write_atomic_bytes(path: Path, data: bytes, *, overwrite: bool = False) -> None:
    """`write_atomic` for bytes (a .docx file, for instance); same guarantees."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not overwrite and path.exists():
        raise FileExists(str(path))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise FileExists(str(path)) from None
            except OSError:  # pragma: no cover - file systems without hard links
                if path.exists():
                    raise FileExists(str(path)) from None
                os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
