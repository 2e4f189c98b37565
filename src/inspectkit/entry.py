"""The console script's entry point: answers `--version` before the command line is built.

Building the command line imports typer (which imports pydantic) and every command module, about
a quarter of a second; `inspectkit --version` needs none of it. Everything else goes to
`inspectkit.cli.main`.
"""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from inspectkit import __version__

        sys.stdout.write(f"inspectkit {__version__}\n")
        return
    from inspectkit.cli import main as cli_main

    cli_main()
