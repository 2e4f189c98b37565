"""Did-you-mean among many ids (candidates.py): few comparisons per word, the same answers as
`did_you_mean` where it can compare with everything."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from inspectkit.candidates import FULL_SCAN, SHORTLIST, Candidates
from inspectkit.diagnostics import did_you_mean

_ID = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,3}", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(ids=st.lists(_ID, max_size=40), word=_ID)
def test_a_few_ids_are_compared_with_all_as_before(ids: list[str], word: str) -> None:
    assert Candidates(ids).hint(word) == did_you_mean(word, ids)


def _many() -> list[str]:
    return [f"{2015 + n % 8}-{n}-kh-btgtu-{k:02d}" for n in range(1, 2501) for k in range(1, 9)]


def test_many_ids_are_narrowed_to_a_short_list_before_edit_distance() -> None:
    ids = _many()
    assert len(ids) > FULL_SCAN
    shortlist = Candidates(ids).shortlist("2019-1204-kh-btgtu-05x")
    assert 0 < len(shortlist) <= SHORTLIST
    assert "2019-1204-kh-btgtu-05" in shortlist


def test_a_typo_among_many_ids_finds_the_id_meant() -> None:
    assert Candidates(_many()).hint("2019-1204-kh-btgtu-5") == " (did you mean '2019-1204-kh-btgtu-05'?)"
    assert Candidates(_many()).hint("2019-1204-kh-btgut-05") == " (did you mean '2019-1204-kh-btgtu-05'?)"


def test_a_word_like_no_id_gets_no_suggestion() -> None:
    assert Candidates(_many()).hint("zzzz") == ""
