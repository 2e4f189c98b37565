"""IK509 over any text: a placeholder anywhere in a record's text is reported at that text, and
text without one is not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from inspectkit.placeholders import find
from inspectkit.repository import Record
from inspectkit.rules.base import Scope
from inspectkit.rules.placeholders import placeholder
from inspectkit.settings import Settings
from inspectkit.validation import Loc

SCOPE = Scope(Settings())
# Text without any character a placeholder is made of.
PLAIN = st.text(st.characters(blacklist_characters="[]….?TX"), max_size=30)
PLACEHOLDERS = st.one_of(
    st.builds(lambda inner: f"[{inner}]", st.text(st.characters(blacklist_characters="[]\n"), max_size=20)),
    st.integers(2, 6).map(lambda n: "…" * n),
    st.integers(4, 9).map(lambda n: "." * n),
    st.sampled_from(["TODO", "XXX", "???"]),
)


def problems_at(data: dict[str, Any]) -> list[Loc]:
    record = Record(Path("c3.yaml"), "c3.yaml", data, None, None, [])
    return [problem.loc for problem in placeholder(record, SCOPE)]


@given(before=PLAIN, gap=PLACEHOLDERS, after=PLAIN)
def test_a_placeholder_anywhere_in_a_text_is_reported_there(before: str, gap: str, after: str) -> None:
    name = f"{before} {gap} {after}"
    data = {"kind": "centre", "id": "c3", "name": "Trung tâm", "leaders": [{"name": name}]}
    assert problems_at(data) == [("leaders", 0, "name")]


@given(text=PLAIN)
def test_text_without_a_placeholder_is_not_reported(text: str) -> None:
    assert problems_at({"kind": "centre", "id": "c3", "name": text, "parent": f"{text}..."}) == []


def test_what_no_document_prints_is_not_read() -> None:
    assert problems_at({"kind": "document", "id": "d1", "file": "signed/[draft].pdf"}) == []


# Texts made of what placeholders are made of, so that neighbours can almost form one.
PIECES = ["TODO", "XXX", "??", "?", "…", "..", "[", "]", "(", "[x]", "a", "đ", " ", "\n", "."]
NEAR = st.lists(st.sampled_from(PIECES), max_size=5).map("".join)


@given(texts=st.lists(NEAR, max_size=6))
def test_a_record_is_reported_exactly_at_the_texts_that_hold_a_placeholder(texts: list[str]) -> None:
    # the rule searches all the texts at once before looking at each: never more, never fewer
    data = {"kind": "centre", "id": "c3", "notes": texts}
    assert problems_at(data) == [("notes", i) for i, text in enumerate(texts) if find(text)]
