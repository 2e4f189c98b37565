"""Shared fixtures for the site, export, sql and calendar tests: the reference records copied into
a temporary repository, and small generated repositories of a chosen size."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def copy_reference(target: Path) -> Path:
    """The reference records (records/ and inspectkit.toml of this repository) under `target`."""
    shutil.copytree(ROOT / "records", target / "records", dirs_exist_ok=True)
    shutil.copy(ROOT / "inspectkit.toml", target / "inspectkit.toml")
    return target


def generate(target: Path, records: int, seed: int = 1) -> Path:
    """A valid repository of about `records` records, made by benchmarks/generate.py."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate as make
    finally:
        sys.path.pop(0)
    make(target, records, seed)
    return target
