"""The documents users read agree with the code: every diagnostic code, with its severity."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspectkit.diagnostics import CODES

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| (IK\d{3}) \| (error|warning) \|", re.MULTILINE)


@pytest.mark.parametrize("document", ["README.md", "docs/FORMAT.md"])
def test_the_codes_table_lists_every_code_with_its_severity(document: str) -> None:
    text = (ROOT / document).read_text(encoding="utf-8")
    table = dict(ROW.findall(text))
    assert table == {code: c.severity.value for code, c in CODES.items()}
