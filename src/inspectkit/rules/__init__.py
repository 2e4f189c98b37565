"""Every lint code, in one place: the loader's (IK1xx, declared in loader.py), validation's
(IK2xx, declared in validation.py and handed on by rules/schema.py) and the rules' (declared on
each rule with `@record_rule` / `@facts_rule`, see rules/base.py).

A new rule module is imported here; `RULES` and `CODES` are derived from the declarations.
"""

from __future__ import annotations

from inspectkit.diagnostics import Code
from inspectkit.loader import CODES as LOADER_CODES
from inspectkit.rules import (  # noqa: F401 - they register
    consistency,
    documents,
    facts,
    ids,
    numbers,
    placeholders,
    references,
    schema,
)
from inspectkit.rules.base import RULES, Every, Facts, Placed, Problem, Rule, Scope, extract_facts

CODES: dict[str, Code] = {
    code.code: code
    for code in sorted([*LOADER_CODES, *(rule.code for rule in RULES.values())], key=lambda c: c.code)
}
RECORD_RULES: list[Rule] = [RULES[c] for c in CODES if c in RULES and RULES[c].scope == "record"]
FACTS_RULES: list[Rule] = [RULES[c] for c in CODES if c in RULES and RULES[c].scope == "facts"]

__all__ = [
    "CODES",
    "FACTS_RULES",
    "RECORD_RULES",
    "RULES",
    "Every",
    "Facts",
    "Placed",
    "Problem",
    "Rule",
    "Scope",
    "extract_facts",
]
