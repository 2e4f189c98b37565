"""Time `inspectkit list findings --search "bien che"` over a generated 10,000-record repository.

    python benchmarks/list_speed.py [--records 10000] [--runs 7] [--keep DIR]

Each run is a whole process (start-up, imports, loading, search, rendering), as a person or a
script sees it. Prints every run, then the best and the median; the target is under 1.5 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

TARGET_SECONDS = 1.5
COMMANDS = {
    "table": ["list", "findings", "--search", "bien che"],
    "json": ["list", "findings", "--search", "bien che", "--format", "json"],
}


def _inspectkit() -> list[str]:
    found = shutil.which("inspectkit", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "inspectkit"]


def time_command(root: Path, args: list[str], runs: int) -> tuple[list[float], int]:
    """Seconds of each run, and the number of output lines of the last one."""
    seconds: list[float] = []
    lines = 0
    for _ in range(runs):
        started = time.perf_counter()
        out = subprocess.run([*_inspectkit(), *args], cwd=root, capture_output=True, text=True, check=True)
        seconds.append(time.perf_counter() - started)
        lines = out.stdout.count("\n")
    return seconds, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="inspectkit-bench-") as tmp:
        root = args.keep or Path(tmp)
        if not (root / "records").is_dir():
            count = generate(root, args.records)
            print(f"generated {count} records under {root / 'records'}")
        failed = False
        for command in COMMANDS.values():
            seconds, lines = time_command(root, command, args.runs)
            best, median = min(seconds), statistics.median(seconds)
            runs = ", ".join(f"{s:.3f}" for s in seconds)
            verdict = "ok" if median < TARGET_SECONDS else "OVER TARGET"
            print(f"inspectkit {' '.join(command)!s}: {lines} output lines")
            print(f"  runs (s): {runs}")
            print(f"  best {best:.3f} s, median {median:.3f} s (target < {TARGET_SECONDS} s): {verdict}")
            failed = failed or median >= TARGET_SECONDS
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
