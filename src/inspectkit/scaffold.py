"""`inspectkit init`: the files of a new records repository. It never overwrites a file.

The content is built here (no printing); the CLI asks the questions and reports what was written
and what was kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from inspectkit import __version__, kinds
from inspectkit.errors import FileExists, OutsideRepository
from inspectkit.files import resolve_inside, write_atomic
from inspectkit.settings import SETTINGS_FILE

# Where inspectkit comes from: the CI workflow installs it with `pip install git+<address>@<tag>`
# and pre-commit fetches its hook from `repo: <address>`. inspectkit is not on a package index,
# so `init --inspectkit-repo URL` sets the real address; without it this placeholder is written,
# marked as such, and `init` says which files to edit.
PLACEHOLDER_REPOSITORY = "https://example.org/inspectkit.git"
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
    notes: list[str] = field(default_factory=list)


def _quoted(value: str) -> str:
    # A JSON string is both a valid TOML basic string (same escapes) and a valid YAML
    # double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)


def settings_text(org: OrganisationAnswers) -> str:
    header = ", ".join(_quoted(line) for line in org.header)
    return f"""\
# inspectkit settings: every value has a default; see inspectkit's docs/lint.md, "Settings".
records = "records"          # where the records live
templates = "templates"      # report template overrides
language = "vi"              # report language: vi or en

[organisation]
name = {_quoted(org.name)}
header = [{header}]   # superior body, then the issuing body
place = {_quoted(org.place)}
style = {_quoted(org.style)}   # "party" or "state" document layout

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


GITIGNORE = """\
# inspectkit: a temporary file left by a write that was killed, and the lint cache
*.inspectkit-tmp
.inspectkit-cache/
"""


def release() -> str:
    """The tag of this version of inspectkit in its repository (`v0.1.0`)."""
    return f"v{__version__}"


def repository_address(value: str) -> str:
    """The address of inspectkit's git repository as given to `--inspectkit-repo` (a `git+` prefix,
    as pip writes it, is dropped). Raises ValueError when it cannot be one."""
    address = value.strip().removeprefix("git+")
    if not address or any(char.isspace() or ord(char) < 32 for char in address):
        raise ValueError(
            f"'{value.strip()}' is not a repository address, e.g. https://github.com/ORG/inspectkit.git"
        )
    return address


_SCP_LIKE = re.compile(r"^(?P<user>[^@/:\s]+)@(?P<host>[^:/\s]+):(?P<path>[^/].*)$")


def pip_address(repository: str) -> str:
    """The address as pip reads it after `git+`: git's short SSH form, as GitHub's Clone button
    gives it (`git@github.com:o/r.git`), is not a URL for pip: it becomes `ssh://git@github.com/o/r.git`."""
    scp = _SCP_LIKE.match(repository)
    if scp and "://" not in repository:
        return f"ssh://{scp['user']}@{scp['host']}/{scp['path']}"
    return repository


def _placeholder_note(repository: str) -> str:
    return (
        "   # PLACEHOLDER: the address of inspectkit's repository"
        if repository == PLACEHOLDER_REPOSITORY
        else ""
    )


def workflow_text(repository: str = PLACEHOLDER_REPOSITORY) -> str:
    install = _quoted(f"git+{pip_address(repository)}@{release()}")
    return f"""\
# Checks every record on each push and pull request; problems are annotated on the lines concerned.
name: inspectkit
on:
  push:
  pull_request:
permissions:
  contents: read
env:
  # Where inspectkit is installed from: its git repository at a release tag, the same as `repo:`
  # and `rev:` in .pre-commit-config.yaml (a commit id works too, in place of the tag).
  INSPECTKIT: {install}{_placeholder_note(repository)}
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: python -m pip install "$INSPECTKIT"
      - run: inspectkit lint --format github
"""


def precommit_text(repository: str = PLACEHOLDER_REPOSITORY) -> str:
    return f"""\
# Checks the records before each commit: `pip install pre-commit && pre-commit install`.
repos:
  - repo: {_quoted(repository)}{_placeholder_note(repository)}
    rev: {release()}   # a release tag of inspectkit (or a commit id)
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
    return json.dumps(kinds.json_schema(), ensure_ascii=False, indent=2) + "\n"


EDITOR_EXTENSIONS = {"recommendations": ["redhat.vscode-yaml"]}


def plan_files(
    org: OrganisationAnswers, repository: str = PLACEHOLDER_REPOSITORY, ci: str | None = None
) -> dict[str, str]:
    """Relative path -> content of every file `init` creates. `ci`: the CI host whose review
    workflow (ci_workflows.py) replaces the plain GitHub lint workflow."""
    files = {SETTINGS_FILE: settings_text(org)}
    for folder in (k.folder for k in kinds.all_kinds()):
        # Git keeps no empty folder; the loader skips hidden files, so `.gitkeep` is never a record.
        files[f"records/{folder}/.gitkeep"] = ""
    files[".gitignore"] = GITIGNORE
    files["templates/README.md"] = TEMPLATES_README
    files[".github/workflows/inspectkit.yml"] = workflow_text(repository)
    if ci is not None:
        from inspectkit.ci_workflows import workflow_files

        del files[".github/workflows/inspectkit.yml"]
        files.update(workflow_files(ci, repository))
    files[".pre-commit-config.yaml"] = precommit_text(repository)
    files[SCHEMA_FILE] = schema_text()
    files[".vscode/settings.json"] = vscode_settings_text()
    # `yaml.schemas` is a setting of the YAML extension: VS Code offers to install it.
    files[".vscode/extensions.json"] = json.dumps(EDITOR_EXTENSIONS, indent=2) + "\n"
    return files


def scaffold(
    root: Path, org: OrganisationAnswers, repository: str = PLACEHOLDER_REPOSITORY, ci: str | None = None
) -> InitResult:
    """Create the files below `root`; an existing file is kept as it is and listed in `kept`; one
    whose folder is a link out of the repository is not written, and a note says so."""
    result = InitResult()
    for relative, text in plan_files(org, repository, ci).items():
        path = root / relative
        try:
            resolve_inside(root, path)
            write_atomic(path, text)
        except FileExists:
            result.kept.append(path)
        except OutsideRepository as exc:
            result.notes.append(str(exc))
        else:
            result.written.append(path)
    fetching = [
        p for p in result.written if p.name in (".pre-commit-config.yaml", "inspectkit.yml", ".gitlab-ci.yml")
    ]
    if repository == PLACEHOLDER_REPOSITORY and fetching:
        result.notes.append(
            f"{' and '.join(p.relative_to(root).as_posix() for p in fetching)} fetch inspectkit from "
            f"{PLACEHOLDER_REPOSITORY}, a placeholder: put the address of inspectkit's git repository "
            "there (`init --inspectkit-repo URL` writes it in new files)"
        )
    return result
