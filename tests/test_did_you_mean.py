"""The "did you mean" hint that unknown ids, fields and choices get."""

from __future__ import annotations

from inspectkit.diagnostics import did_you_mean


def test_a_close_spelling_is_suggested() -> None:
    assert (
        did_you_mean("ttct-dinh-lapp", ["ttct-dinh-lap", "ttct-chi-lang"])
        == " (did you mean 'ttct-dinh-lap'?)"
    )


def test_a_number_without_its_leading_zero_finds_the_padded_id() -> None:
    ids = ["2022-84-kh-dkt-07", "2022-84-kh-dkt-17", "2022-84-kh-dkt-27"]
    assert did_you_mean("2022-84-kh-dkt-7", ids) == " (did you mean '2022-84-kh-dkt-07'?)"


def test_nothing_close_gives_no_hint() -> None:
    assert did_you_mean("xyz", ["ttct-dinh-lap"]) == ""
