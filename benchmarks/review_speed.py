"""Review speed: `inspectkit diff` and `lint --changed` on a large repository with one changed file.

    python benchmarks/review_speed.py [--records 10000] [--runs 3]

Generates a repository shaped like `records/` in a temporary folder, commits it with git, changes
one plan (closed, a visit moved) and commits that too, then times whole processes of:
(a) `inspectkit lint` (every file, for reference), (b) `lint --changed HEAD~1` (working tree),
(c) `diff HEAD~1` (working tree against the parent), (d) `diff HEAD~1 HEAD` (two commits: every
record read from git). The first run of (a) builds lint's index (.inspectkit-cache/); the others use it,
as a second run in CI or on a desk would: each line shows the first run, then the median of the
others.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false"]


def timed(command: list[str], cwd: Path, runs: int) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each run of a whole process. CPU time (user + system) is reported too:
    on a shared machine the wall clock measures the neighbours as much as inspectkit."""
    out = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
        out.append((wall, cpu))
    return out


def _commit(root: Path, message: str) -> None:
    subprocess.run([*GIT, "add", "-A", "records"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", message], cwd=root, check=True)


def _change_one_plan(root: Path) -> Path:
    """The first plan closed, and its first visit moved a day later."""
    plan = sorted((root / "records" / "plans").rglob("*.yaml"))[0]
    text = plan.read_text(encoding="utf-8").replace("status: reported", "status: closed")
    start = text.index("    date: ") + len("    date: ")
    day = text[start : start + 10]
    moved = f"{day[:8]}{int(day[8:]) % 28 + 1:02d}"
    plan.write_text(text[:start] + moved + text[start + 10 :], encoding="utf-8")
    return plan


def main() -> None:
    parser = argparse.ArgumentParser(description="Time inspectkit diff and lint --changed.")
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    inspectkit = [sys.executable, "-m", "inspectkit"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        count = generate(root, args.records)
        subprocess.run([*GIT, "init", "-q", "-b", "main"], cwd=root, check=True)
        _commit(root, "records")
        changed = _change_one_plan(root)
        _commit(root, "one plan closed")
        today = ["--today", "2026-01-01"]
        results = {
            "(a) lint (every file)": timed([*inspectkit, "lint", *today], root, args.runs),
            "(b) lint --changed HEAD~1": timed(
                [*inspectkit, "lint", "--changed", "HEAD~1", *today], root, args.runs
            ),
            "(c) diff HEAD~1": timed([*inspectkit, "diff", "HEAD~1", *today], root, args.runs),
            "(d) diff HEAD~1 HEAD": timed([*inspectkit, "diff", "HEAD~1", "HEAD", *today], root, args.runs),
        }
        shown = subprocess.run(
            [*inspectkit, "diff", "HEAD~1", *today], cwd=root, capture_output=True, text=True, check=True
        ).stdout
    print(f"records: {count}, one changed: {changed.name}, runs: {args.runs} (whole processes)")
    for name, times in results.items():
        warm = times[1:] or times
        wall = statistics.median(t[0] for t in warm)
        cpu = statistics.median(t[1] for t in warm)
        print(
            f"{name:28} first {times[0][0]:6.2f} s wall {times[0][1]:6.2f} s CPU;"
            f"  then {wall:6.2f} s wall {cpu:6.2f} s CPU"
        )
    print("diff says:", shown.splitlines()[0])


if __name__ == "__main__":
    main()
