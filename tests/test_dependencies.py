"""Every package imported by the code, the tests or the benchmarks is declared in pyproject.toml,
so a fresh install (`pip install -e '.[test]'`) has it rather than getting it by chance through
another package."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["src", "tests", "benchmarks"]


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    names = (re.match(r"[A-Za-z0-9._-]+", r) for r in requirements)
    return {_normalised(m.group()) for m in names if m}


def _imported_top_level_modules() -> set[str]:
    modules: set[str] = set()
    for folder in SOURCES:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.split(".")[0])
    return modules


def _local_modules() -> set[str]:
    local = {"inspectkit"}
    for folder in SOURCES[1:]:
        local |= {path.stem for path in (ROOT / folder).rglob("*.py")}
    return local


def test_every_imported_package_is_declared() -> None:
    distributions = packages_distributions()
    third_party = _imported_top_level_modules() - set(sys.stdlib_module_names) - _local_modules()
    # A module not installed here (tomli on Python 3.11+) is named as its distribution.
    needed = {_normalised(d) for m in third_party for d in distributions.get(m, [m])}
    assert needed - _declared() == set()
