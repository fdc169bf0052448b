"""Events per month, stacked by type: one bar a month from the first year to today."""

import math
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import date

from app.domain.models import EVENT_TYPES
from app.domain.words import words
from app.formats.presence import START
from app.formats.svg import EVENT_COLOURS, TimeScale, legend, rect, svg_root, text, titled, years_axis

WIDTH, AXIS, TOP, PLOT = 960, 44, 30, 260


def next_month(day: date) -> date:
    """The first day of the month after `day`'s."""
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def ticks(most: int) -> list[int]:
    """Round steps from 0 to at least `most` (about five)."""
    if most <= 5:
        return list(range(max(most, 1) + 1))
    base = 10 ** math.floor(math.log10(most / 5))
    step = base * next(m for m in (1, 2, 5, 10) if most / (base * m) <= 6)
    return list(range(0, most + step, step))[: math.ceil(most / step) + 1]


def _bar(plot: ET.Element, month: str, counts: Mapping[str, int], scale: TimeScale, y_of: float,
         w: dict[str, dict[str, str]]) -> None:
    first = date.fromisoformat(month + "-01")
    x, width = scale.between(first, next_month(first))
    bottom = float(TOP + PLOT)
    group = ET.SubElement(plot, "g", {"class": "atlas-month", "data-month": month,
                                      "data-count": str(sum(counts.values()))})
    for kind in EVENT_TYPES:
        n = counts.get(kind, 0)
        if not n:
            continue
        height = n * y_of
        part = rect(group, x + 0.5, bottom - height, width - 1, height, EVENT_COLOURS[kind],
                    **{"data-type": kind, "data-count": str(n)})
        titled(part, f"{month}: {n} × {w['event'][kind]}")
        bottom -= height


def months_svg(counts: Mapping[str, Mapping[str, int]], undated: int, lang: str, end: date,
               start: date = START) -> ET.Element:
    """Draw events per month ("YYYY-MM" -> type -> count) from `start` to `end`; mirrored in Arabic.

    `undated` events (dated to a year only) cannot be put in a month: the chart says how many.
    """
    w = words(lang)
    rtl = lang == "ar"
    root = svg_root(WIDTH, TOP + PLOT + 90, lang,
                    f"{w['ui']['events_per_month']} ({start.isoformat()} – {end.isoformat()})")
    x0, x1 = (10.0, WIDTH - AXIS) if rtl else (float(AXIS), WIDTH - 10.0)
    scale = TimeScale(start, end, x0, x1, rtl)
    plot = ET.SubElement(root, "g", {"class": "atlas-months", **scale.attrs()})
    steps = ticks(max((sum(c.values()) for c in counts.values()), default=0))
    y_of = PLOT / steps[-1]
    for n in steps:
        y = TOP + PLOT - n * y_of
        ET.SubElement(plot, "line", {"x1": f"{x0:.2f}", "x2": f"{x1:.2f}", "y1": f"{y:.2f}", "y2": f"{y:.2f}",
                                     "stroke": "#e4e4e4", "stroke-width": "1"})
        text(plot, x1 + AXIS / 2 if rtl else x0 - AXIS / 2, y + 4, str(n), "middle", **{"font-size": "11"})
    years_axis(plot, scale, TOP + PLOT, TOP + PLOT + 6, TOP + PLOT + 18)
    for month in sorted(counts):
        if start <= date.fromisoformat(month + "-01") <= end:
            _bar(plot, month, counts[month], scale, y_of, w)
    legend(root, [(w["event"][k], EVENT_COLOURS[k]) for k in EVENT_TYPES], TOP + PLOT + 44, WIDTH, rtl)
    if undated:
        text(root, WIDTH - 10 if rtl else 10, TOP + PLOT + 84, f"{w['ui']['undated']}: {undated}")
    return root
