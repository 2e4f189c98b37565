"""Issue 11's targets as a benchmark: whole processes on a generated repository, time and peak memory.

    python benchmarks/speed.py [--records 10000] [--runs 3] [--keep DIR] [--only NAME ...]

Generates a repository shaped like `records/` (benchmarks/generate.py), then runs each case as a
separate process, `--runs` rounds with the cases alternating (the machine is shared: compare
figures of one run, as ratios). Each case reports the median seconds and the peak memory: the
largest sum of the memory of the command and its worker processes, sampled every 50 ms
(`/proc`, proportional set size), and the largest single process's maxrss from the kernel (wait4).

Cases: bare parse + validate (the floor), cold lint (no index; it builds it), warm lint; show,
list --where, list --search, actions, stats while nothing changed (warm: they run before a file is
changed, as the targets say); lint after one file changed (a comment added or removed: no fact
changes), after one finding reworded (its facts change), lint of one file, lint --no-cache, report; lint with 1% dangling references (a renamed plan's findings),
warm and --no-cache; start-up (`--version`, `lint --help`) against `yamllint --version`; and the
floors no code of ours can go below on the machine (Python, typer, the imports that validate a
file, `find` taking every file's stamps).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

PY = sys.executable
TODAY = ["--today", "2026-01-01"]


@dataclass
class Case:
    name: str
    command: list[str]
    before: Callable[[Path], None] | None = None  # run (untimed) before each timing
    seconds: list[float] = field(default_factory=list)
    tree_mib: list[float] = field(default_factory=list)
    maxrss_mib: list[float] = field(default_factory=list)


def _inspectkit(*args: str) -> list[str]:
    # `python -m inspectkit` (the same entry point as the console script), so that PYTHONPATH
    # can point the benchmark at a snapshot of the code while others edit the tree
    return [PY, "-m", "inspectkit", *args]


def _tree_rss_kib(pid: int) -> int:
    """Memory of a process and its descendants, from /proc (0 when gone): the proportional set
    size, so that pages a forked worker shares with its parent are counted once."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    ppid = int(handle.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/smaps_rollup", encoding="ascii", errors="replace") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def run(command: list[str], cwd: Path) -> tuple[float, float, float, int]:
    """(seconds, peak MiB of the process tree, the kernel's maxrss MiB, exit status)."""
    # As installed: with .pyc files (a machine that sets PYTHONDONTWRITEBYTECODE would otherwise
    # time the compiling of every module, every run)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kib(process.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return seconds, peak / 1024, usage.ru_maxrss / 1024, process.returncode


def _touch_one(root: Path) -> None:
    path = next((root / "records" / "findings").rglob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    marker = "# benchmark edit\n"
    path.write_text(text[len(marker) :] if text.startswith(marker) else marker + text, encoding="utf-8")


def _reword_one(root: Path) -> None:
    """Change the wording of a finding (its summary): a change of its facts (the digest part a
    registered document compares), so the facts rules run again."""
    path = sorted((root / "records" / "findings").rglob("*.yaml"))[-1]
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if line.startswith("summary: "):
            edited = line.removesuffix(" (sửa)") if line.endswith(" (sửa)") else line + " (sửa)"
            lines[n] = edited
            break
    else:
        raise SystemExit(f"{path}: no summary line to reword")
    path.write_text("\n".join(lines), encoding="utf-8")


def _clear(root: Path) -> None:
    shutil.rmtree(root / ".inspectkit-cache", ignore_errors=True)


def _dangle(root: Path, share: float) -> Path:
    """A copy of the repository where plans are renamed (their findings now dangle) until
    `share` of the records hold a dangling reference."""
    copy = root.parent / f"{root.name}-dangling"
    if copy.exists():
        return copy
    shutil.copytree(root / "records", copy / "records")
    wanted = int(sum(1 for _ in (copy / "records").rglob("*.yaml")) * share)
    dangling = 0
    for plan in sorted((copy / "records" / "plans").glob("*.yaml")):
        if dangling >= wanted:
            break
        text = plan.read_text(encoding="utf-8")
        old = plan.stem
        plan.write_text(text.replace(f"id: {old}\n", f"id: {old}-moi\n"), encoding="utf-8")
        plan.rename(plan.with_name(f"{old}-moi.yaml"))
        dangling += 1 + sum(
            1 for _ in (copy / "records" / "findings" / old).glob("*.yaml")
        )  # its delegation too
    return copy


def cases(root: Path, dangling_root: Path) -> list[Case]:
    finding = next((root / "records" / "findings").rglob("*.yaml"))
    plan = sorted((root / "records" / "plans").glob("*.yaml"))[7].stem
    centre = sorted((root / "records" / "centres").glob("*.yaml"))[7].stem
    one = str(finding.relative_to(root))
    return [
        Case("bare parse + validate (1 process)", [PY, str(HERE / "bare_parse.py"), "records"]),
        Case("lint, cold (builds the index)", _inspectkit("lint", *TODAY), before=_clear),
        Case("lint, warm", _inspectkit("lint", *TODAY)),
        # the queries while nothing changed (warm), before a file is changed below
        Case("show ID", _inspectkit("show", plan)),
        Case("list --where centre=ID", _inspectkit("list", "findings", "--where", f"centre={centre}")),
        Case("list --where type=weakness", _inspectkit("list", "findings", "--where", "type=weakness")),
        Case("list --search", _inspectkit("list", "findings", "--search", "bien che")),
        Case("actions", _inspectkit("actions", *TODAY)),
        Case("stats", _inspectkit("stats", *TODAY)),
        Case("lint, one file changed", _inspectkit("lint", *TODAY), before=_touch_one),
        Case("lint, one finding reworded", _inspectkit("lint", *TODAY), before=_reword_one),
        Case("lint ONE-FILE, warm", _inspectkit("lint", *TODAY, one)),
        Case("lint --no-cache", _inspectkit("--no-cache", "lint", *TODAY)),
        Case("report PLAN --kind summary", _inspectkit("report", plan, "--kind", "summary", "-o", "-")),
        Case("1% dangling: lint, warm", _inspectkit("lint", *TODAY)),
        Case("1% dangling: lint --no-cache", _inspectkit("--no-cache", "lint", *TODAY)),
        Case("start-up: --version", _inspectkit("--version")),
        Case("start-up: lint --help", _inspectkit("lint", "--help")),
        Case(
            "start-up: yamllint --version",
            [shutil.which("yamllint", path=str(Path(PY).parent)) or "yamllint", "--version"],
        ),
        # what no inspectkit code can go below on this machine: a warm command starts Python and
        # typer and takes one stamp per file; a lint after an edit also imports what validates it
        Case("floor: python, nothing imported", [PY, "-c", "pass"]),
        Case("floor: python, import typer", [PY, "-c", "import typer"]),
        Case(
            "floor: imports to lint an edited file",
            [PY, "-c", "import inspectkit.cli.common, inspectkit.scan, inspectkit.linter"],
        ),
        Case(
            "floor: stamp every file (find, in C)", ["find", "records", "-name", "*.y*ml", "-printf", _STAMP]
        ),
    ]


# what `find` prints per file: the stamps a survey takes (size, mtime, ctime, inode)
_STAMP = "%s %T@ %C@ %i\\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--only", nargs="*", help="run only the cases whose name starts with one of these")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="inspectkit-speed-") as tmp:
        root = (args.keep or Path(tmp) / "repo").resolve()
        if not (root / "records").is_dir():
            count = generate(root, args.records)
            print(f"generated {count} records under {root / 'records'}", flush=True)
        dangling_root = _dangle(root, 0.01)
        chosen = [
            c
            for c in cases(root, dangling_root)
            if not args.only or any(c.name.startswith(o) for o in args.only)
        ]
        # the index is built once for the warm cases (and for the dangling copy)
        run(_inspectkit("lint", *TODAY), root)
        run(_inspectkit("lint", *TODAY), dangling_root)
        for _ in range(args.runs):
            for case in chosen:
                where = dangling_root if case.name.startswith("1% dangling") else root
                if case.before is not None:
                    case.before(where)
                seconds, tree, maxrss, _status = run(case.command, where)
                case.seconds.append(seconds)
                case.tree_mib.append(tree)
                case.maxrss_mib.append(maxrss)
        print(f"\n{args.records:,} records, {args.runs} run(s), medians; {os.cpu_count()} cores")
        print(f"{'case':40} {'seconds':>8} {'tree MiB':>9} {'maxrss MiB':>10}  command")
        for case in chosen:
            shown = " ".join(Path(a).name if i < 2 and "/" in a else a for i, a in enumerate(case.command))
            print(
                f"{case.name:40} {statistics.median(case.seconds):8.2f} {max(case.tree_mib):9.0f} "
                f"{max(case.maxrss_mib):10.0f}  {shown}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
