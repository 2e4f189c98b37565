"""Lint speed: whole processes of `inspectkit lint` against a bare parse-and-validate script.

    python benchmarks/lint_speed.py [--records 10000] [--runs 3]

Generates a repository shaped like `records/` in a temporary folder, then times, in one run,
(a) `inspectkit lint` and (b) `bare_parse.py` (libyaml C loader + model validation only), and the
start-up of `inspectkit --version`. Target: (a) <= 1.5 x (b); --version well under 0.2 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402


def timed(command: list[str], cwd: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description="Time inspectkit lint against a bare parse.")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        count = generate(root, args.records)
        lint = timed([sys.executable, "-m", "inspectkit", "lint", "--today", "2026-01-01"], root, args.runs)
        bare = timed([sys.executable, str(HERE / "bare_parse.py"), "records"], root, args.runs)
        version = timed([sys.executable, "-m", "inspectkit", "--version"], root, max(args.runs, 5))
    a, b = statistics.median(lint), statistics.median(bare)
    print(f"records: {count}, runs: {args.runs} (median of whole processes)")
    print(f"(a) inspectkit lint:        {a:6.2f} s  (min {min(lint):.2f})")
    print(f"(b) bare parse + validate:  {b:6.2f} s  (min {min(bare):.2f})")
    print(f"ratio a/b:                  {a / b:6.2f}  (target <= 1.5)")
    print(f"inspectkit --version:       {statistics.median(version):6.3f} s  (target < 0.2)")


if __name__ == "__main__":
    main()
