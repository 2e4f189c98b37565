"""Writing files safely: atomically (temp file + rename), never over a record unless told."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class FileExists(Exception):
    """The target exists and the caller asked not to overwrite it."""


def write_atomic(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write `text` (UTF-8, `\\n` line ends) to `path` so that a reader never sees a partial file.

    With `overwrite=False` an existing file is left untouched and FileExists is raised; the final
    step is a hard link, which fails if the name appeared in the meantime (exclusive create).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not overwrite and path.exists():
        raise FileExists(str(path))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
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
