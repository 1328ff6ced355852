"""A server-rendered SVG bar chart: readable without JavaScript, built only from numbers."""

from __future__ import annotations

from datetime import date

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_WIDTH = 12
GAP = 2
HEIGHT = 120
LABELS_HEIGHT = 16


def weekly_bars(weekly: list[tuple[str, int]], *, label: str) -> SafeString:
    """One bar per week; each bar carries its week and count as a tooltip title."""
    top = max((count for _week, count in weekly), default=0) or 1
    width = len(weekly) * (BAR_WIDTH + GAP)
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="chart-title chart-desc" '
        f'viewBox="0 0 {width} {HEIGHT + LABELS_HEIGHT}" width="100%" '
        f'preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(label)}</title>',
        f'<desc id="chart-desc">{_describe(weekly)}</desc>',
    ]
    for n, (week, count) in enumerate(weekly):
        height = round(count / top * (HEIGHT - 4))
        x = n * (BAR_WIDTH + GAP)
        day = date.fromisoformat(week)
        parts.append(
            f'<rect x="{x}" y="{HEIGHT - height}" width="{BAR_WIDTH}" height="{height}">'
            f"<title>Week of {day:%b} {day.day}, {day.year}: {int(count)}</title></rect>"
        )
        if day.day <= 7 and n % 4 == 0:
            parts.append(
                f'<text x="{x}" y="{HEIGHT + LABELS_HEIGHT - 3}" font-size="10">{day:%b}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - numbers and escaped text only


def _describe(weekly: list[tuple[str, int]]) -> str:
    if not weekly:
        return "No weeks to show."
    total = sum(count for _week, count in weekly)
    busiest_week, busiest = max(weekly, key=lambda item: item[1])
    return escape(
        f"{total} complaints over {len(weekly)} weeks from {weekly[0][0]} to {weekly[-1][0]}; "
        f"the busiest week, starting {busiest_week}, had {busiest}."
    )
