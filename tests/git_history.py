"""A records repository with a git history the tests make, commit by commit, with git itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

BASE_RECORDS = Path(__file__).parent / "fixtures" / "lint" / "base" / "records"
_DATE = "2026-01-02T03:04:05+0000"
_IDENTITY = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]


class History:
    """A git repository at `root` (the current directory of the test) holding tests/fixtures/lint/base."""

    def __init__(self, root: Path, folder: str = "") -> None:
        """`folder`: where the records repository sits inside the git repository (default: its top)."""
        self.root = root
        shutil.copytree(BASE_RECORDS, root / folder / "records")
        if folder:
            (root / folder / "inspectkit.toml").write_text("", encoding="utf-8")
        self.git("init", "-q", "-b", "main")
        self.commit("base records")

    def git(self, *args: str) -> str:
        # Fixed dates: the same history gives the same commit ids, which golden files show.
        env = {**os.environ, "GIT_AUTHOR_DATE": _DATE, "GIT_COMMITTER_DATE": _DATE}
        done = subprocess.run(
            ["git", *_IDENTITY, *args], cwd=self.root, capture_output=True, text=True, check=True, env=env
        )
        return done.stdout.strip()

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def commit(self, message: str) -> str:
        self.git("add", "-A", ".")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD")
