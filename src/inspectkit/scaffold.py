"""`inspectkit init`: the files of a new records repository. It never overwrites a file.

The content is built here (no printing); the CLI asks the questions and reports what was written
and what was kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from inspectkit import __version__
from inspectkit.files import FileExists, write_atomic
from inspectkit.models import FOLDERS, json_schema
from inspectkit.settings import SETTINGS_FILE

# Where pre-commit fetches inspectkit's hook from (the same address as the README's example);
# a repository that mirrors inspectkit elsewhere changes it in its .pre-commit-config.yaml.
HOOK_REPOSITORY = "https://example.org/inspectkit.git"
SCHEMA_FILE = ".inspectkit/schema.json"


@dataclass
class OrganisationAnswers:
    name: str
    header: list[str]
    place: str = ""
    style: str = "party"


@dataclass
class InitResult:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)


def _toml_string(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes).
    return json.dumps(value, ensure_ascii=False)


def settings_text(org: OrganisationAnswers) -> str:
    header = ", ".join(_toml_string(line) for line in org.header)
    return f"""\
# inspectkit settings: every value has a default; see the README, "Settings".
records = "records"          # where the records live
templates = "templates"      # report template overrides
language = "vi"              # report language: vi or en

[organisation]
name = {_toml_string(org.name)}
header = [{header}]   # superior body, then the issuing body
place = {_toml_string(org.place)}
style = {_toml_string(org.style)}   # "party" or "state" document layout

[documents]
font_size = 14
margins = {{ top = 20, bottom = 20, left = 30, right = 15 }}   # millimetres

[lint]
ignore = []                  # codes or prefixes not to check, e.g. ["IK303"]
"""


TEMPLATES_README = """\
# Report templates

To change how inspectkit writes a document, put a file here with the same name as one of
inspectkit's report templates: the file here is used instead of the built-in one.
"""

WORKFLOW = """\
# Checks every record on each push and pull request; problems are annotated on the lines concerned.
name: inspectkit
on:
  push:
  pull_request:
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install inspectkit
      - run: inspectkit lint --format github
"""


def precommit_text() -> str:
    return f"""\
# Checks the records before each commit: `pip install pre-commit && pre-commit install`.
repos:
  - repo: {HOOK_REPOSITORY}   # inspectkit's repository
    rev: v{__version__}
    hooks:
      - id: inspectkit-lint
"""


def vscode_settings_text() -> str:
    settings = {
        "yaml.schemas": {SCHEMA_FILE: ["records/**/*.yaml", "records/**/*.yml"]},
        "files.encoding": "utf8",
    }
    return json.dumps(settings, indent=2) + "\n"


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def plan_files(org: OrganisationAnswers) -> dict[str, str]:
    """Relative path -> content of every file `init` creates."""
    files = {SETTINGS_FILE: settings_text(org)}
    for folder in FOLDERS.values():
        # Git keeps no empty folder; the loader skips hidden files, so `.gitkeep` is never a record.
        files[f"records/{folder}/.gitkeep"] = ""
    files["templates/README.md"] = TEMPLATES_README
    files[".github/workflows/inspectkit.yml"] = WORKFLOW
    files[".pre-commit-config.yaml"] = precommit_text()
    files[SCHEMA_FILE] = schema_text()
    files[".vscode/settings.json"] = vscode_settings_text()
    return files


def scaffold(root: Path, org: OrganisationAnswers) -> InitResult:
    """Create the files below `root`; an existing file is kept as it is and listed in `kept`."""
    result = InitResult()
    for relative, text in plan_files(org).items():
        path = root / relative
        try:
            write_atomic(path, text)
        except FileExists:
            result.kept.append(path)
        else:
            result.written.append(path)
    return result
