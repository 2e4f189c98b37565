"""Problem keys (baseline, GitLab fingerprints, diff's introduced/fixed): the field path of any
place in any record is found back from its line and column, and does not depend on the lines
around it."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from inspectkit.baseline import field_path
from inspectkit.loader import Locator, load_text

KEYS = st.text(alphabet="abcdefgh_", min_size=1, max_size=6)
SCALARS = st.one_of(
    st.integers(-5, 5), st.text(alphabet="xyz ", min_size=1, max_size=5).map(str.strip).filter(bool)
)
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3), st.dictionaries(KEYS, inner, min_size=1, max_size=3)
    ),
    max_leaves=12,
)
RECORDS = st.dictionaries(KEYS, DATA, min_size=1, max_size=4)


def leaves(value: Any, loc: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    """(loc, dotted path) of every scalar, lists' items by position."""
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in leaves(item, (*loc, key))]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in leaves(item, (*loc, index))]
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")
    return [(loc, path)]


@settings(max_examples=150, deadline=None)
@given(RECORDS, st.integers(0, 3))
def test_every_value_is_found_back_from_its_position(data: dict[str, Any], blank_lines: int) -> None:
    text = "\n" * blank_lines + "# a comment\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    loaded = load_text("x.yaml", text)
    locator = Locator(loaded.node)
    for loc, path in leaves(data):
        line, column = locator.locate(loc, "value")
        assert field_path(loaded.node, line, column) == path


@settings(max_examples=100, deadline=None)
@given(RECORDS, st.integers(1, 5))
def test_the_path_does_not_depend_on_lines_above(data: dict[str, Any], shift: int) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    first, moved = load_text("a.yaml", text), load_text("b.yaml", "# note\n" * shift + text)
    for loc, _path in leaves(data):
        line, column = Locator(first.node).locate(loc, "key")
        assert field_path(first.node, line, column) == field_path(moved.node, line + shift, column)


def test_list_items_are_named_by_their_identity() -> None:
    text = "visits:\n  - centre: c1\n    date: 2022-11-24\n  - centre: c2\n    date: 25/11/2022\n"
    loaded = load_text("p.yaml", text)
    assert field_path(loaded.node, 5, 11) == "visits[centre=c2].date"
