"""The rules, one small function per diagnostic code, registered here and nowhere else.

IK100–IK106 are found by the loader while it reads a file; every other code is a rule below.
"""

from __future__ import annotations

from inspectkit.rules import consistency, ids, numbers, references, schema
from inspectkit.rules.base import Context, Problem, Rule

RULES: dict[str, Rule] = {
    "IK200": schema.unknown_field,
    "IK201": schema.missing_field,
    "IK202": schema.invalid_value,
    "IK203": schema.bad_kind,
    "IK300": ids.bad_slug,
    "IK301": ids.duplicate_id,
    "IK302": ids.file_name,
    "IK303": ids.folder,
    "IK400": references.dangling,
    "IK401": references.wrong_kind,
    "IK402": references.centre_not_visited,
    "IK403": references.unknown_topic,
    "IK404": references.delegation_mismatch,
    "IK500": consistency.heads,
    "IK501": consistency.no_delegation,
    "IK502": consistency.visit_dates,
    "IK503": consistency.period,
    "IK504": consistency.due_before_visit,
    "IK505": consistency.missing_action,
    "IK506": consistency.closed_with_open_actions,
    "IK507": consistency.done_on,
    "IK508": consistency.overdue,
    "IK600": numbers.bad_number,
    "IK601": numbers.wrong_type,
    "IK602": numbers.shared_number,
}

__all__ = ["RULES", "Context", "Problem", "Rule"]
