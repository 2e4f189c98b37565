"""The home page's figures as SVG, drawn by pygal (docs/site.md says why pygal).

Each chart comes with the same numbers as a table (`Figure.rows`), which the page shows under it:
a screen reader, a printout and a person who wants the exact number all read the table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# pygal adds a <script> that only feeds its tooltip library; the site loads no such library
# (offline, no CDN), so the script is dropped.
_CONFIG_SCRIPT = re.compile(r"<script type=\"text/javascript\">window\.pygal.*?</script>", re.S)

# Dark enough on white for text and bars alike (WCAG contrast ≥ 4.5:1 for each).
COLOURS = ("#1f4e79", "#9c2f1c", "#2e6b30", "#6b3fa0", "#7a5a00", "#005f73", "#8a1c5c", "#3d3d3d")
ALERT = "#b3261e"
_VALUE_CENTRED = re.compile(r'text-anchor="middle"(?= x="[^"]*" y="[^"]*" class="value")')
# About as wide as a chart's column on a desktop, so that its 13 px labels show near their size
# (on a phone the page's CSS keeps them readable, scrolling the chart: docs/site.md).
WIDTH = 660
_FONT = "system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"


@dataclass(frozen=True)
class Figure:
    """One chart: its title, the SVG markup, and its numbers as (label, value) rows."""

    id: str
    title: str
    svg: str
    rows: tuple[tuple[str, int], ...]


def _style() -> object:
    from pygal.style import Style

    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1a1a1a",
        foreground_strong="#000000",
        foreground_subtle="#555555",
        colors=COLOURS,
        opacity="1",
        opacity_hover=".85",
        font_family=_FONT,
        label_font_size=13,
        major_label_font_size=13,
        value_font_size=13,
        title_font_size=16,
        tooltip_font_size=13,
        no_data_font_size=22,
    )


def _short(label: str, limit: int) -> str:
    """A label cut at a word to at most `limit` characters (the table under the chart has it whole)."""
    if len(label) <= limit:
        return label
    cut = label[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _ticks(top: int) -> list[int]:
    """Whole-number axis marks at a round step (1, 2 or 5 times a power of ten), about six of them:
    counts have no fractions."""
    if top <= 0:
        return [0, 1]
    power = 1
    while True:
        for m in (1, 2, 5):
            step = m * power
            if top / step <= 6:
                return list(range(0, top + step, step))  # up to the first mark at or above `top`
        power *= 10


def bar_chart(
    figure_id: str,
    title: str,
    rows: Sequence[tuple[str, int]],
    *,
    horizontal: bool = False,
    highlight: frozenset[str] = frozenset(),
) -> Figure:
    """A bar chart of `rows` (label, count); horizontal for long labels (topics, centres).

    Bars whose label is in `highlight` are drawn in the alert colour (overdue)."""
    import pygal

    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    height = max(260, 36 * len(rows) + 80) if horizontal else 320
    chart = kind(
        js=[],  # no tooltip script from a CDN: the page works offline
        disable_xml_declaration=True,
        show_legend=False,
        style=_style(),
        width=WIDTH,
        height=height,
        print_values=True,
        print_values_position="top",
        truncate_label=-1,  # labels are shortened here, at a word (`_short`)
        # A horizontal bar's number stands past its end: the axis goes one mark further, so that
        # the longest bar's number is not drawn over the last grid line.
        y_labels=_ticks(max((v for _, v in rows), default=0) + (1 if horizontal else 0)),
        x_label_rotation=0,
        margin=12,
        no_data_text="Chưa có dữ liệu",
        include_x_axis=True,
        show_x_guides=False,  # (a horizontal chart's) lines through the labels would strike out the numbers
        min_scale=1,
    )
    labels = [_short(label, 30 if horizontal else 18) for label, _ in rows]
    ordered = list(zip(labels, (v for _, v in rows), strict=True))
    ordered = list(reversed(ordered)) if horizontal else ordered  # pygal draws the first at the bottom
    chart.x_labels = [label for label, _ in ordered]
    chart.add(
        title,
        [
            {"value": v, "label": label, **({"color": ALERT} if label in highlight else {})}
            for label, v in ordered
        ],
    )
    svg = _CONFIG_SCRIPT.sub("", chart.render(is_unicode=True))
    if horizontal:
        # pygal centres a number a few pixels past its bar's end, so "10" or "20" began on the bar
        # and on the grid line where a round count ends: it starts there instead, clear of both.
        svg = _VALUE_CENTRED.sub('text-anchor="start"', svg)
    svg = svg.replace("<svg ", f'<svg role="img" aria-labelledby="{figure_id}-title" ', 1)
    return Figure(figure_id, title, svg, tuple(rows))
