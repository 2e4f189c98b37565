"""Running a command whose standard output is a (pseudo-)terminal, as a person's shell would."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest


def run_on_a_terminal(
    command: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None
) -> tuple[int, bytes, str]:
    """Exit status, what reached the terminal, and stderr of `command`."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            list(command),
            stdout=follower,
            stderr=subprocess.PIPE,
            cwd=cwd,
            env=None if env is None else dict(env),
            text=True,
            timeout=120,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once everything is read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    return done.returncode, b"".join(chunks), done.stderr
