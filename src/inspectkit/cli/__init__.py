"""The command line: parses arguments and calls the core. No logic lives here.

Each group of commands has its own module; they all add to the one `app`.
"""

from __future__ import annotations

import os
import sys

from inspectkit.cli.common import app

# Importing a command module registers its commands on `app`.
from inspectkit.cli import lint_cmd  # noqa: F401  isort: skip
from inspectkit.cli import query_cmd  # noqa: F401  isort: skip
from inspectkit.cli import author_cmd  # noqa: F401  isort: skip
from inspectkit.cli import report_cmd  # noqa: F401  isort: skip
from inspectkit.cli import views_cmd  # noqa: F401  isort: skip


def main() -> None:
    """Console entry point: usage errors exit 2; an unexpected failure is one line, exit 2."""
    try:
        app(prog_name="inspectkit")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("inspectkit: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # the last guard: never a traceback for the user
        if os.environ.get("INSPECTKIT_DEBUG"):
            raise
        sys.stderr.write(
            f"inspectkit: internal error: {type(exc).__name__}: {exc} (set INSPECTKIT_DEBUG=1 for details)\n"
        )
        sys.exit(2)


__all__ = ["app", "main"]
