"""Questions about the records: filters, search, sort, the follow-up board, stats, and links.

Pure functions over a loaded repository that return data; the CLI renders it. Queries work on
records whose model validated: a record with schema errors is skipped and counted, and
`inspectkit lint` says why. One module per job:

- `fields`: the queryable fields of a kind and `--where` conditions;
- `search`: diacritic-insensitive search, and loading only the files a search can match;
- `select`: `list` (select and sort) and `show`'s lookup by id;
- `links`: what links to a record and what it links to;
- `board`: the follow-up board of actions;
- `stats`: the counts.
"""

from __future__ import annotations

from inspectkit.queries.board import ActionItem, actionless, actions
from inspectkit.queries.fields import (
    Condition,
    FieldSpec,
    date_fields,
    field_spec,
    fields,
    holds,
    kind_of,
    norm,
    parse_where,
    resolve,
    values_at,
)
from inspectkit.queries.links import links
from inspectkit.queries.search import (
    Source,
    load_for_query,
    matches_search,
    needs_full_load,
    search_prefilter,
    text_values,
)
from inspectkit.queries.select import find_record, natural_key, record_json, select, sort_records, sort_spec
from inspectkit.queries.stats import stats

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
