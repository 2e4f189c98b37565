"""Start-up stays light (inspectkit runs in pre-commit hooks): building the command line imports
none of the heavy libraries; each command imports what it needs when it runs."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "pydantic",
    "rich",
    "ruamel",
    "yaml",
    "jinja2",
    "docx",
    "openpyxl",
    "sqlite3",
    "urllib.request",  # through xml.sax.saxutils: http, ssl and email with it
    "inspectkit.models",
    "inspectkit.repository",
)


def test_building_the_command_line_imports_no_heavy_library() -> None:
    probe = f"import sys, inspectkit.cli; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == []
