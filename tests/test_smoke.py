from __future__ import annotations

import subprocess
import sys

from inspectkit import __version__


def test_version_as_a_real_process() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "inspectkit", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"inspectkit {__version__}"
