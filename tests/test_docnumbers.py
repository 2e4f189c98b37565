"""Document numbers: one grammar for lint, authoring and reports (FORMAT.md, "Document numbers")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspectkit import docnumbers


@pytest.mark.parametrize(
    ("number", "system", "n", "type_", "issuer", "year"),
    [
        ("84-KH/ĐKT", "party", 84, "KH", "ĐKT", None),
        ("04-ĐA/TU", "party", 4, "ĐA", "TU", None),
        ("99/QĐ-KTNN", "state", 99, "QĐ", "KTNN", None),
        ("06/2024/QĐ-UBND", "state", 6, "QĐ", "UBND", 2024),
        ("12/CTr-UBND", "state", 12, "CTr", "UBND", None),
        ("125/SGDĐT-VP", "state", 125, None, "SGDĐT-VP", None),
    ],
)
def test_a_number_is_parsed_into_its_parts(
    number: str, system: str, n: int, type_: str | None, issuer: str, year: int | None
) -> None:
    parsed = docnumbers.parse(number)
    assert parsed is not None
    assert (parsed.system, parsed.n, parsed.type, parsed.issuer, parsed.year) == (
        system,
        n,
        type_,
        issuer,
        year,
    )


@pytest.mark.parametrize(
    "number", ["4-KH/ĐKT", "Số 84-KH/ĐKT", " 84-KH/ĐKT", "84-kh/đkt", "84/", "KH-84", "", "0-KH/ĐKT"]
)
def test_a_near_miss_is_not_a_number(number: str) -> None:
    assert docnumbers.parse(number) is None
    assert not docnumbers.is_valid(number)


def test_party_numbers_below_ten_are_written_with_a_leading_zero() -> None:
    assert docnumbers.format_number(4, "ĐA", "TU", "party") == "04-ĐA/TU"
    assert docnumbers.format_number(84, "KH", "ĐKT", "party") == "84-KH/ĐKT"
    assert docnumbers.format_number(4, "QĐ", "UBND", "state") == "4/QĐ-UBND"


def test_a_number_is_written_in_the_other_system() -> None:
    party = docnumbers.parse("84-KH/ĐKT")
    state = docnumbers.parse("06/2024/QĐ-UBND")
    assert party is not None and state is not None
    assert party.state() == "84/KH-ĐKT"
    assert party.in_style("party") == "84-KH/ĐKT"
    assert state.party() == "06-QĐ/UBND"
    assert state.state() == "6/2024/QĐ-UBND"


def test_an_official_letter_is_cv_in_the_party_form_and_typeless_in_the_state_form() -> None:
    letter = docnumbers.parse("125/SGDĐT-VP")
    assert letter is not None
    assert letter.party() == "125-CV/SGDĐT-VP"
    party_letter = docnumbers.parse("12-CV/TU")
    assert party_letter is not None
    assert party_letter.state() == "12/TU"


def test_the_type_and_issuer_of_a_number() -> None:
    assert docnumbers.document_type("84-KH/ĐKT") == "KH"
    assert docnumbers.document_type("not a number") is None
    assert docnumbers.issuer_of("06/2024/QĐ-UBND") == "UBND"
    assert docnumbers.issuer_of("nonsense") == ""
    assert docnumbers.type_name("04-ĐA/TU") == "Đề án"
    assert docnumbers.type_name("04-ĐA/TU", "en") == "Scheme"
    assert docnumbers.type_name("125/SGDĐT-VP") == ""
    assert docnumbers.system_of("99/QĐ-KTNN") == "state"
    assert docnumbers.system_of("84-KH/ĐKT") == "party"
    assert docnumbers.system_of("84 KH") is None


def test_the_blank_draft_form_leaves_room_for_the_number() -> None:
    blank = docnumbers.BLANK
    assert docnumbers.number_line(None, "party", "TB", "BTGTU") == f"Số{blank}-TB/BTGTU"
    assert docnumbers.number_line(None, "state", "TB", "BTGTU") == f"Số:{blank}/TB-BTGTU"
    assert docnumbers.number_line("84-KH/ĐKT", "party", "KH", "ĐKT") == "Số 84-KH/ĐKT"


@pytest.mark.parametrize(
    ("written", "meant"),
    [("Số: 84-KH/ĐKT", "84-KH/ĐKT"), ("84-kh/đkt", "84-KH/ĐKT"), ("4-KH/ĐKT", "04-KH/ĐKT"), ("abc", None)],
)
def test_a_near_miss_suggests_the_number_it_was_meant_to_be(written: str, meant: str | None) -> None:
    assert docnumbers.suggestion(written) == meant


types = st.sampled_from(sorted(docnumbers.KNOWN_TYPES - {"CV"}))
issuers = st.from_regex(r"[A-ZĐ]{1,5}(-[A-Z0-9]{1,3})?", fullmatch=True)


@given(st.integers(1, 9999), types, issuers, st.sampled_from(["party", "state"]))
def test_a_formatted_number_parses_back_to_its_parts(n: int, kind: str, issuer: str, style: str) -> None:
    assert style in ("party", "state")
    text = docnumbers.format_number(n, kind, issuer, "party" if style == "party" else "state")
    parsed = docnumbers.parse(text)
    assert parsed is not None
    assert (parsed.system, parsed.n, parsed.type, parsed.issuer) == (style, n, kind, issuer)
    assert docnumbers.parse(parsed.party()) is not None
    assert docnumbers.parse(parsed.state()) is not None


@given(st.text(max_size=40))
def test_any_text_is_a_number_or_not_and_a_suggestion_is_always_valid(text: str) -> None:
    parsed = docnumbers.parse(text)
    assert (parsed is not None) == docnumbers.is_valid(text)
    if parsed is not None:
        assert parsed.text == text
    found = docnumbers.suggestion(text)
    assert found is None or docnumbers.is_valid(found)
