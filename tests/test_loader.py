"""The loader: bytes -> text -> YAML nodes with positions -> plain data, or diagnostics.

It never raises for bad input; every problem it finds is IK100-IK106 at a 1-based place.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest
import yaml

from inspectkit import loader
from inspectkit.loader import MAX_DEPTH, load_bytes, locate, original_column
from inspectkit.recordfiles import MAX_BYTES, iter_record_files


def problems(raw: bytes | str) -> list[tuple[int, int, str]]:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    return [(d.line, d.column, d.code) for d in load_bytes("r.yaml", data).diagnostics]


def nested_lists(levels: int) -> str:
    """`a:` holding `levels` nested flow lists: the root mapping is level 1, so this reaches
    level `levels + 1`."""
    return "a: " + "[" * levels + "]" * levels + "\n"


def test_a_record_loads_as_plain_data_with_positions() -> None:
    loaded = load_bytes("r.yaml", b"kind: plan\nvisits:\n  - centre: c1\n    date: 2022-11-24\n")
    assert loaded.diagnostics == []
    assert loaded.data == {"kind": "plan", "visits": [{"centre": "c1", "date": date(2022, 11, 24)}]}
    assert locate(loaded.node, ("visits", 0, "date")) == (4, 11)
    assert locate(loaded.node, ("visits", 0, "date"), at="key") == (4, 5)


def test_locate_gives_the_mapping_that_lacks_a_missing_key() -> None:
    loaded = load_bytes("r.yaml", b"kind: plan\nvisits:\n  - centre: c1\n")
    assert locate(loaded.node, ("visits", 0, "date")) == (3, 5)


def test_the_c_parser_is_used_when_libyaml_is_there() -> None:
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML built without libyaml")
    assert vars(loader)["_Loader"] is yaml.CSafeLoader


def test_a_byte_order_mark_is_tolerated_and_does_not_shift_columns() -> None:
    loaded = load_bytes("r.yaml", b"\xef\xbb\xbfkind: centre\nid: c1\n")
    assert loaded.diagnostics == []
    assert loaded.data == {"kind": "centre", "id": "c1"}
    assert locate(loaded.node, ("kind",), at="key") == (1, 1)


def test_non_utf8_is_reported_at_the_first_bad_byte_counting_characters() -> None:
    # "ă" in Windows-1258 is the byte 0xe3; `ạ` before it is one column, not three bytes
    raw = "kind: centre\nname: Lạng Lăng\n".encode().replace("ă".encode(), b"\xe3")
    assert problems(raw) == [(2, 13, "IK102")]


def test_decomposed_text_is_reported_at_its_base_letter_and_loaded_as_nfc() -> None:
    text = "kind: centre\nname: Đình Lập\n"
    decomposed = unicodedata.normalize("NFD", text)
    loaded = load_bytes("r.yaml", decomposed.encode())
    # `Đ` does not decompose; the first decomposed letter is `ì` in `Đình`, column 8
    assert [(d.line, d.column, d.code) for d in loaded.diagnostics] == [(2, 8, "IK103")]
    assert loaded.data == {"kind": "centre", "name": "Đình Lập"}


def test_in_a_decomposed_file_other_problems_are_at_their_columns_as_written() -> None:
    # NFD `Hoàng` is six characters, not five: the second `name` is at column 20 in the file
    text = unicodedata.normalize("NFD", "kind: centre\nleaders:\n  - {name: Hoàng, name: B}\n")
    assert text.index("name: B") - text.rindex("\n", 0, text.index("name: B")) == 20
    assert problems(text) == [(3, 14, "IK103"), (3, 20, "IK101")]


def test_original_column_maps_every_nfc_column_back_to_the_text_as_written() -> None:
    written = unicodedata.normalize("NFD", "  - {name: Dương Thị Hồng Vân, role: pho}")
    composed = unicodedata.normalize("NFC", written)
    for column in range(1, len(composed) + 1):
        back = original_column({1: written}, 1, column)
        assert unicodedata.normalize("NFC", written[back - 1 :]) == composed[column - 1 :]
    assert original_column({1: written}, 2, 9) == 9  # a line in NFC is left as it is


def test_a_character_nfc_replaces_on_its_own_is_reported_at_itself() -> None:
    # U+212B ANGSTROM SIGN becomes U+00C5: nothing before it is to blame
    assert problems("kind: centre\nname: x\u212b\n") == [(2, 8, "IK103")]


def test_a_control_character_is_a_syntax_error_at_its_place() -> None:
    assert problems(b"kind: centre\nname: a\x00b\n") == [(2, 8, "IK100")]


def test_a_syntax_error_is_reported_where_the_parser_stopped() -> None:
    assert problems("kind: centre\nname: x\n  bad: indent\n") == [(3, 6, "IK100")]


def test_a_tab_that_breaks_the_yaml_is_named() -> None:
    [diagnostic] = load_bytes("r.yaml", b"kind: centre\nstaff:\n\tquota: 1\n").diagnostics
    assert (diagnostic.line, diagnostic.column, diagnostic.code) == (3, 1, "IK100")
    assert "a tab; YAML indents and separates with spaces" in diagnostic.message


def test_a_duplicate_key_is_reported_at_the_second_occurrence_even_when_nested() -> None:
    assert problems("kind: centre\nstaff:\n  quota: 4\n  quota: 5\n") == [(4, 3, "IK101")]


def test_a_key_that_is_a_list_is_a_syntax_error() -> None:
    assert problems("? [a, b]\n: c\n") == [(1, 3, "IK100")]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("a: &x 1\n", (1, 4)),
        ("a: 1\nb: *x\n", (2, 4)),
        ("a: !!binary aGk=\n", (1, 4)),
        ("a: !local 1\n", (1, 4)),
        ("a:\n  <<: {b: 1}\n", (2, 3)),
    ],
    ids=["anchor", "alias", "standard tag", "local tag", "merge key"],
)
def test_plain_yaml_only(text: str, place: tuple[int, int]) -> None:
    loaded = load_bytes("r.yaml", text.encode())
    assert [(d.line, d.column, d.code) for d in loaded.diagnostics] == [(*place, "IK104")]


def test_a_file_with_ik104_is_not_constructed() -> None:
    assert load_bytes("r.yaml", b"kind: centre\nname: &n x\n").data is None


def test_ampersand_and_exclamation_inside_text_are_fine() -> None:
    assert problems("kind: centre\nname: 'A & B!'\nnotes: hello! & bye\n") == []


@pytest.mark.parametrize(
    ("text", "place"),
    [("", (1, 1)), ("# only a comment\n", (1, 1)), ("---\n", (1, 1)), ("---\n...\n", (1, 1))],
    ids=["nothing", "a comment", "an empty document", "an empty ended document"],
)
def test_an_empty_file_is_ik105(text: str, place: tuple[int, int]) -> None:
    assert problems(text) == [(*place, "IK105")]


@pytest.mark.parametrize(
    ("text", "place"),
    [("- a\n- b\n", (1, 1)), ("just text\n", (1, 1)), ("\n\n42\n", (3, 1)), ("~\n", (1, 1))],
    ids=["a list", "text", "a number", "null"],
)
def test_a_top_level_that_is_not_a_mapping_is_ik105(text: str, place: tuple[int, int]) -> None:
    assert problems(text) == [(*place, "IK105")]


def test_several_documents_are_ik105_at_the_second() -> None:
    assert problems("kind: centre\n---\nkind: plan\n") == [(3, 1, "IK105")]


def test_exactly_one_mebibyte_is_allowed_and_one_byte_more_is_not() -> None:
    head = b"kind: centre\n# "
    fits = head + b"x" * (MAX_BYTES - len(head) - 1) + b"\n"
    assert len(fits) == MAX_BYTES
    assert problems(fits) == []
    assert problems(fits + b"\n") == [(1, 1, "IK106")]


def test_nesting_to_the_limit_is_allowed() -> None:
    # levels: root mapping 1, lists 2..32
    assert problems(nested_lists(MAX_DEPTH - 1)) == []


def test_nesting_past_the_limit_is_ik106_at_the_first_node_too_deep() -> None:
    # `a: ` is 3 characters; the k-th `[` is at column 3 + k and opens level k + 1
    assert problems(nested_lists(MAX_DEPTH)) == [(1, 3 + MAX_DEPTH, "IK106")]


def test_nesting_in_block_style_past_the_limit_is_ik106() -> None:
    text = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH)) + "  " * MAX_DEPTH + "leaf\n"
    # k0 is at level 1's mapping ... k31 opens the mapping of level 32; `leaf` is level 33
    assert problems(text) == [(MAX_DEPTH + 1, 2 * MAX_DEPTH + 1, "IK106")]


def test_very_deep_nesting_is_ik106_not_a_crash() -> None:
    assert problems("a: " + "[" * 200_000) == [(1, 3 + MAX_DEPTH, "IK106")]


def test_very_deep_nesting_without_libyaml_is_ik106_not_a_recursion_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    # the pure-Python composer recurses, two frames a level: 600 levels pass the default limit of 1000
    assert problems("a: " + "[" * 600 + "]" * 600) == [(1, 3 + MAX_DEPTH, "IK106")]


def test_an_impossible_date_stays_text_for_the_models_to_report() -> None:
    assert load_bytes("r.yaml", b"issued: 2022-02-30\n").data == {"issued": "2022-02-30"}


def test_an_integer_too_long_to_print_stays_text() -> None:
    big = "0x" + "f" * 3000
    assert load_bytes("r.yaml", f"quota: {big}\nsmall: 0x10\n".encode()).data == {"quota": big, "small": 16}


def test_keys_are_kept_as_written() -> None:
    assert load_bytes("r.yaml", b"1: a\nyes: b\n~: c\n").data == {"1": "a", "yes": "b", "~": "c"}


def test_record_files_are_yaml_and_yml_at_any_depth_without_hidden_ones(tmp_path: Path) -> None:
    for relative in [
        "plans/p.yaml",
        "centres/c.yml",
        "findings/p/p-01.yaml",
        "findings/p/notes.txt",
        ".git/config.yaml",
        "plans/.draft.yaml",
        "plans/.hidden/x.yaml",
        "README.md",
    ]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("kind: plan\n")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_record_files(tmp_path)]
    assert found == ["centres/c.yml", "findings/p/p-01.yaml", "plans/p.yaml"]
