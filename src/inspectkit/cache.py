"""Where the index lives, whether a command uses it, the version that makes it valid, and what
is done when it turns out to be damaged: removed and made again."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from inspectkit.indexcells import DamagedIndex
from inspectkit.settings import Settings

CACHE_DIR = ".inspectkit-cache"
INDEX_FILE = "index.sqlite3"
GITIGNORE = "# inspectkit's cache (inspectkit cache clear removes it); never commit it\n*\n"


def cache_enabled(settings: Settings) -> bool:
    """The index is used unless `--no-cache` (INSPECTKIT_NO_CACHE) or `[cache] enabled = false`."""
    if os.environ.get("INSPECTKIT_NO_CACHE", "") not in ("", "0"):
        return False
    cache = getattr(settings, "cache", None)
    return bool(getattr(cache, "enabled", True))


def cache_folder(settings: Settings) -> Path:
    return settings.root / CACHE_DIR


# Code that never runs while a file is scanned (commands, queries, documents): a change there
# leaves the index valid.
_NOT_SCANNING = ("authoring", "cli", "reports", "templates")


def ruleset_version(settings: Settings) -> str:
    """Changes whenever inspectkit's version, the code a scan may run, or a setting the record
    rules read changes."""
    from inspectkit import __version__

    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    package = Path(__file__).parent
    for source in sorted(package.rglob("*.py")):
        if source.relative_to(package).parts[0] in _NOT_SCANNING:
            continue
        digest.update(source.relative_to(package).as_posix().encode())
        digest.update(source.read_bytes())
    digest.update(f"records={settings.records}".encode())
    return digest.hexdigest()


P = ParamSpec("P")
T = TypeVar("T")


def rebuilt_when_damaged(
    command: Callable[Concatenate[Settings, P], T],
) -> Callable[Concatenate[Settings, P], T]:
    """A command over the index run again, the index removed first, when what the index keeps
    turned out to be damaged (DamagedIndex): it answers as with an index made anew."""

    def run(settings: Settings, /, *args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return command(settings, *args, **kwargs)
        except DamagedIndex:
            clear(settings)
            return command(settings, *args, **kwargs)

    functools.update_wrapper(run, command)
    return run


def clear(settings: Settings) -> bool:
    """Remove the index. True when there was one."""
    folder = cache_folder(settings)
    found = False
    for name in (INDEX_FILE, INDEX_FILE + "-wal", INDEX_FILE + "-shm"):
        with contextlib.suppress(FileNotFoundError):
            (folder / name).unlink()
            found = True
    with contextlib.suppress(OSError):
        (folder / ".gitignore").unlink()
        folder.rmdir()
    return found
