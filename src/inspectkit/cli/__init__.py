"""The command line: parses arguments and calls the core. No logic lives here.

Each group of commands has its own module; they all add to the one `app`, each when a command of
it is used (cli/lazy_group.py). Errors become exit statuses in one place, `ExitMappingGroup`
(cli/common.py), which every command runs through.
"""

from __future__ import annotations

import sys

from inspectkit.cli.common import app


def utf8_streams() -> None:
    """Output is UTF-8 whatever the locale (a Windows console or pipe may default to cp1252), so
    Vietnamese text never fails to print; a character UTF-8 cannot hold (a file name or argument
    that is not UTF-8, held as a surrogate escape) prints as `\\udcff`, never as a traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="backslashreplace")


def main() -> None:
    """Console entry point (`inspectkit`, `python -m inspectkit`)."""
    utf8_streams()
    try:
        app(prog_name="inspectkit")
    except KeyboardInterrupt:
        sys.stderr.write("inspectkit: interrupted\n")
        sys.exit(130)


__all__ = ["app", "main"]
