"""Questions about the records: filters, search, sort, the follow-up board, stats, and links.

Pure functions over a loaded repository that return data; the CLI renders it. Queries work on
records whose model validated: a record with schema errors is skipped and counted, and
`inspectkit lint` says why. One module per job:

- `conditions`: the queryable fields of a kind and `--where` conditions;
- `search`: diacritic-insensitive search, and loading only the files a search can match;
- `selecting`: `list` (select and sort) and `show`'s lookup by id;
- `linking`: what links to a record and what it links to;
- `board`: the follow-up board of actions;
- `counting`: the counts (`stats`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from inspectkit.text import natural_key, norm

# Each name and the module that defines it. The package imports none of them until one is asked
# for: `stats` and `actions` answered from the index must not pay for `conditions`, which reads
# the record models (pydantic). (No module is named as one of its functions: importing it would
# put the module where the function is looked for.)
_WHERE = {
    "ActionItem": "board",
    "actionless": "board",
    "actions": "board",
    "Condition": "conditions",
    "FieldSpec": "conditions",
    "date_fields": "conditions",
    "field_spec": "conditions",
    "fields": "conditions",
    "holds": "conditions",
    "kind_of": "conditions",
    "parse_where": "conditions",
    "resolve": "conditions",
    "values_at": "conditions",
    "links": "linking",
    "Source": "search",
    "load_for_query": "search",
    "matches_search": "search",
    "needs_full_load": "search",
    "search_prefilter": "search",
    "text_values": "search",
    "find_record": "selecting",
    "record_json": "selecting",
    "select": "selecting",
    "sort_records": "selecting",
    "sort_spec": "selecting",
    "stats": "counting",
}

if TYPE_CHECKING:
    from inspectkit.queries.board import ActionItem, actionless, actions
    from inspectkit.queries.conditions import (
        Condition,
        FieldSpec,
        date_fields,
        field_spec,
        fields,
        holds,
        kind_of,
        parse_where,
        resolve,
        values_at,
    )
    from inspectkit.queries.counting import stats
    from inspectkit.queries.linking import links
    from inspectkit.queries.search import (
        Source,
        load_for_query,
        matches_search,
        needs_full_load,
        search_prefilter,
        text_values,
    )
    from inspectkit.queries.selecting import find_record, record_json, select, sort_records, sort_spec


def __getattr__(name: str) -> Any:
    """A name of the package, imported from its module when first asked for (PEP 562)."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ActionItem",
    "Condition",
    "FieldSpec",
    "Source",
    "actionless",
    "actions",
    "date_fields",
    "field_spec",
    "fields",
    "find_record",
    "holds",
    "kind_of",
    "links",
    "load_for_query",
    "matches_search",
    "natural_key",
    "needs_full_load",
    "norm",
    "parse_where",
    "record_json",
    "resolve",
    "search_prefilter",
    "select",
    "sort_records",
    "sort_spec",
    "stats",
    "text_values",
    "values_at",
]
