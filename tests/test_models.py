"""The models of format 1.1: who states a finding, and the document kind in the schema."""

from __future__ import annotations

from typing import Any

import pytest

from inspectkit.kinds import json_schema
from inspectkit.models import FORMAT_VERSION, Finding
from inspectkit.vocabulary import FINDING_TYPES

FINDING: dict[str, Any] = {
    "kind": "finding",
    "id": "p1-01",
    "plan": "p1",
    "centres": ["c1"],
    "topic": "dao-tao",
    "summary": "Biên chế chưa đủ",
}


@pytest.mark.parametrize(
    ("type_", "speaker"),
    [
        ("strength", "delegation"),
        ("weakness", "delegation"),
        ("difficulty", "centre"),
        ("proposal", "centre"),
        ("request", "delegation"),
    ],
)
def test_who_states_a_finding_by_default_follows_its_type(type_: str, speaker: str) -> None:
    assert Finding.model_validate({**FINDING, "type": type_}).raised_by == speaker


@pytest.mark.parametrize("type_", FINDING_TYPES)
def test_raised_by_when_written_is_who_states_it(type_: str) -> None:
    for written in ("delegation", "centre"):
        assert Finding.model_validate({**FINDING, "type": type_, "raised_by": written}).raised_by == written


def test_the_schema_of_any_record_includes_documents() -> None:
    schema = json_schema()
    assert FORMAT_VERSION == "1.1"
    assert schema["title"] == "inspectkit record (format v1.1)"
    assert "Document" in schema["$defs"]
    assert schema["discriminator"]["mapping"]["document"] == "#/$defs/Document"


def test_the_schema_of_a_document_requires_its_digest() -> None:
    schema = json_schema("document")
    assert {"kind", "id", "plan", "type", "issued", "digest"} <= set(schema["required"])
    assert schema["properties"]["digest"]["pattern"] == "^sha256:[0-9a-f]{64}$"
