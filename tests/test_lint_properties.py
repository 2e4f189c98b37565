"""Bad input never crashes lint: whatever a file holds, the answer is diagnostics, never an exception.

Property tests (hypothesis) feed the loader and the whole linter arbitrary bytes, arbitrary YAML
built from dicts, lists and scalars, mutations of it, and records of the format with their values
replaced at random. Two attacks are checked by hand: a tag that would run a command, and an alias
bomb ("billion laughs").
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspectkit import kinds
from inspectkit.diagnostics import Severity
from inspectkit.linter import LintResult, lint
from inspectkit.loader import Loaded, load_bytes
from inspectkit.rules import CODES
from inspectkit.settings import Settings

BASE = Path(__file__).parent / "fixtures" / "lint" / "base"
FUZZ = "records/findings/p1/p1-01.yaml"  # the file each example replaces
FAST = settings(max_examples=150, deadline=None, database=None)
WHOLE = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# --- strategies ------------------------------------------------------------------------------

YAML_BITS = [
    *"abcz019:-,[]{}&*!|>'\"#%@`?~.= \n\n\t",
    "ạ",
    "Đ",
    "a\u0323",
    "\ufeff",
    "\x00",
    "\r\n",
    "---\n",
    "<<",
]
yaml_like_text = st.lists(st.sampled_from(YAML_BITS), max_size=120).map("".join)
any_bytes = st.one_of(
    st.binary(max_size=600),
    yaml_like_text.map(lambda s: s.encode("utf-8")),
    yaml_like_text.map(lambda s: s.encode("utf-16")),
)

FIELDS = sorted(
    {
        "kind",
        "id",
        "number",
        "issued",
        "issuer",
        "title",
        "topics",
        "visits",
        "centre",
        "centres",
        "date",
        "end",
        "plan",
        "topic",
        "type",
        "summary",
        "action",
        "owner",
        "due",
        "status",
        "done_on",
        "history",
        "members",
        "role",
        "name",
        "decision",
        "staff",
        "quota",
        "period",
        "from",
        "to",
        "delegation",
        "bases",
        "purpose",
    }
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(
        ["p1", "c1", "c2", "p1-doan", "dao-tao", "2022-02-30", "24/11/2022", "84-KH/ĐKT", *kinds.names()]
    ),
)
keys = st.one_of(st.sampled_from(FIELDS), st.text(max_size=8))
values = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)),
    max_leaves=25,
)
records = st.dictionaries(keys, values, max_size=10).flatmap(
    lambda extra: st.fixed_dictionaries({"kind": st.sampled_from([*kinds.names(), "plann", 5])}).map(
        lambda head: {**head, "id": "p1-01", **extra}
    )
)


def dumped(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@st.composite
def mutated(draw: st.DrawFn, text: st.SearchStrategy[str]) -> str:
    """A text with a few characters deleted, inserted or lines swapped."""
    out = draw(text)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        where = draw(st.integers(min_value=0, max_value=len(out)))
        action = draw(st.sampled_from(["delete", "insert", "swap"]))
        if action == "delete":
            out = out[:where] + out[where + 1 :]
        elif action == "insert":
            out = out[:where] + draw(st.sampled_from(YAML_BITS)) + out[where:]
        else:
            lines = out.split("\n")
            i = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            j = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            out = "\n".join(lines)
    return out


def base_record(relative: str) -> dict[str, Any]:
    loaded = yaml.safe_load((BASE / "records" / relative).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


BASE_RECORDS = [
    base_record(r)
    for r in [
        "plans/p1.yaml",
        "delegations/p1-doan.yaml",
        "centres/c1.yaml",
        "findings/p1/p1-01.yaml",
        "findings/p1/p1-02.yaml",
    ]
]


@st.composite
def records_with_values_replaced(draw: st.DrawFn) -> dict[str, Any]:
    """A record of the format with some of its values (at any depth) replaced at random."""

    def vary(value: Any) -> Any:
        if draw(st.integers(min_value=0, max_value=5)) == 0:
            return draw(values)
        if isinstance(value, dict):
            return {k: vary(v) for k, v in value.items()}
        if isinstance(value, list):
            return [vary(v) for v in value]
        return value

    record = dict(draw(st.sampled_from(BASE_RECORDS)))
    kind = record.pop("kind")
    return {"kind": kind, "id": "p1-01", **{key: vary(value) for key, value in record.items()}}


# --- checks ----------------------------------------------------------------------------------


def well_formed(loaded: Loaded) -> None:
    for d in loaded.diagnostics:
        assert d.code in CODES
        assert d.line >= 1
        assert d.column >= 1
        assert d.message
    if loaded.data is None:  # not read as a record: there is always a reason, and it is an error
        assert any(d.severity is Severity.ERROR for d in loaded.diagnostics)
    else:
        assert isinstance(loaded.data, dict)
        assert loaded.node is not None


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the base repository; each example overwrites one finding in it."""
    root = tmp_path_factory.mktemp("world")
    shutil.copytree(BASE / "records", root / "records")
    yield root


def lint_with(root: Path, raw: bytes) -> LintResult:
    (root / FUZZ).write_bytes(raw)
    result = lint(Settings(root=root), today=date(2024, 1, 1))
    for d in result.diagnostics:
        assert d.code in CODES
        assert d.line >= 1
        assert d.column >= 1
    return result


# --- properties ------------------------------------------------------------------------------


@FAST
@given(any_bytes)
def test_arbitrary_bytes_never_crash_the_loader(raw: bytes) -> None:
    well_formed(load_bytes("r.yaml", raw))


@FAST
@given(st.one_of(values.map(dumped), mutated(values.map(dumped)), mutated(records.map(dumped))))
def test_arbitrary_yaml_never_crashes_the_loader(text: str) -> None:
    well_formed(load_bytes("r.yaml", text.encode("utf-8")))


@WHOLE
@given(raw=any_bytes)
def test_arbitrary_bytes_never_crash_lint(world: Path, raw: bytes) -> None:
    result = lint_with(world, raw)
    if load_bytes(FUZZ, raw).data is None:
        assert any(d.path.endswith(FUZZ) for d in result.diagnostics)


@WHOLE
@given(
    text=st.one_of(
        records.map(dumped),
        mutated(records.map(dumped)),
        records_with_values_replaced().map(dumped),
        mutated(records_with_values_replaced().map(dumped)),
    )
)
def test_arbitrary_yaml_never_crashes_lint(world: Path, text: str) -> None:
    lint_with(world, text.encode("utf-8"))


# --- attacks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        '!!python/object/apply:os.system ["touch {target}"]',
        "!!python/object/apply:subprocess.call [[touch, {target}]]",
        '!!python/object/new:os.system ["touch {target}"]',
        "!<tag:yaml.org,2002:python/object/apply:os.system> [touch {target}]",
    ],
    ids=["apply", "apply a list", "new", "verbatim tag"],
)
def test_a_python_tag_runs_nothing(repo: Path, payload: str) -> None:
    target = repo / "pwned"
    record = repo / "records" / "centres" / "c9.yaml"
    record.parent.mkdir(parents=True)
    record.write_text("kind: centre\nid: c9\nname: " + payload.format(target=target) + "\n", encoding="utf-8")
    result = lint(Settings(root=repo))
    assert not target.exists()
    assert [(d.line, d.column, d.code) for d in result.diagnostics] == [(3, 7, "IK104")]


def billion_laughs(levels: int = 9, width: int = 9) -> bytes:
    """Each level an anchored list of `width` aliases to the level below: width**levels leaves."""
    lines = ["kind: centre", "id: c9", "l0: &l0 [lol]"]
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"l{level}: &l{level} [{aliases}]")
    lines.append(f"name: *l{levels}")
    return ("\n".join(lines) + "\n").encode()


def test_an_alias_bomb_is_refused_at_once() -> None:
    started = time.perf_counter()
    loaded = load_bytes("bomb.yaml", billion_laughs())  # 9**9 = 387 million leaves if expanded
    elapsed = time.perf_counter() - started
    assert loaded.data is None
    assert loaded.diagnostics[0].code == "IK104"
    assert (loaded.diagnostics[0].line, loaded.diagnostics[0].column) == (3, 5)
    assert {d.code for d in loaded.diagnostics} == {"IK104"}
    assert elapsed < 1.0  # generous: it takes milliseconds, expanding it would take forever


def test_an_alias_bomb_in_a_repository_is_one_file_of_ik104(repo: Path) -> None:
    (repo / "records" / "c9.yaml").write_bytes(billion_laughs())
    started = time.perf_counter()
    result = lint(Settings(root=repo))
    assert time.perf_counter() - started < 1.0
    assert {d.code for d in result.diagnostics} == {"IK104"}
