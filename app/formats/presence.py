"""The presence chart: one row per site, time across, each bar coloured by the site's status over time."""

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from app.domain.timeline import STATUSES, UNKNOWN
from app.domain.words import country_name, words
from app.formats.svg import STATUS_COLOURS, TimeScale, legend, rect, short, svg_root, text, titled, years_axis

#: The chart starts on 1 January 2014, before the data set's first report, so that each site's whole story shows.
START = date(2014, 1, 1)
WIDTH, SMALL, LABELS, ROW, BAR, TOP = 960, 480, 230, 18, 12, 34


def segments(transitions: Sequence[Sequence[str]], start: date, end: date) -> list[tuple[date, date, str, str | None]]:
    """Cut [start, end] into spans of one status: (first day, day after the last, status, status_date).

    `transitions` are a site's (day it counts from, status, status_date), as app.domain.timeline.transitions
    gives them (the build stores them); before the first one a site is unknown.
    """
    spans: list[tuple[date, date, str, str | None]] = []
    status, status_date, since = UNKNOWN, None, start
    for counts_from, new_status, new_date in transitions:
        day = max(date.fromisoformat(counts_from), start)
        if day > end:
            break
        if day > since and new_status != status:   # the same status set again goes on in one span
            spans.append((since, day, status, status_date))
            since = day
        if new_status != status:
            status, status_date = new_status, new_date
    spans.append((since, end + timedelta(days=1), status, status_date))
    return spans


def _row(plot: ET.Element, feature: dict[str, Any], y: float, scale: TimeScale, lang: str,
         w: dict[str, dict[str, str]], label_x: float | None) -> None:
    props = feature["properties"]
    name = props["name_ar"] if lang == "ar" else props["name_en"]
    group = ET.SubElement(plot, "g", {"class": "atlas-presence-row", "data-site": props["id"]})
    if label_x is not None:
        titled(text(group, label_x, y + BAR - 2, short(name)), name)
    x, width = scale.between(scale.start, scale.end + timedelta(days=1))
    rect(group, x, y, width, BAR, STATUS_COLOURS[UNKNOWN], stroke="#c8c8c8", **{"stroke-width": "0.5"})
    for first, after, status, status_date in segments(feature["_transitions"], scale.start, scale.end):
        if status == UNKNOWN:
            continue
        x, width = scale.between(first, after)
        last = (after - timedelta(days=1)).isoformat()
        bar = rect(group, x, y, width, BAR, STATUS_COLOURS[status], **{
            "data-status": status, "data-from": first.isoformat(), "data-to": last,
            "data-status-date": status_date or ""})
        titled(bar, f"{name}: {w['status'][status]}, {first.isoformat()} – {last}")


def _order(feature: dict[str, Any], lang: str) -> tuple[str, str, str]:
    """Rows by country, then by the day a site's first status counts from (a cascade through time), then name."""
    props, changes = feature["properties"], feature["_transitions"]
    return props["country"], changes[0][0] if changes else "9999", props[f"name_{lang}"]


def presence_svg(features: Sequence[dict[str, Any]], lang: str, end: date, start: date = START,
                 labels: bool = True, mark: date | None = None) -> ET.Element:
    """Draw the chart of some sites from `start` to `end` (today), in one language; mirrored in Arabic.

    Without `labels` (one site, on its own page) the names are left out and the chart is narrower;
    `mark` draws a dashed line on a day (the day a page shows the site as of).
    """
    w, rtl = words(lang), lang == "ar"
    ordered = sorted(features, key=lambda feat: _order(feat, lang))
    countries = [f["properties"]["country"] for f in ordered]
    grouped = labels and len(set(countries)) > 1   # a heading row for each country, when there are several
    rows = len(ordered) + (len(set(countries)) if grouped else 0)
    width, side = (WIDTH, LABELS) if labels else (SMALL, 10)
    root = svg_root(width, TOP + rows * ROW + 70, lang,
                    f"{w['ui']['presence_chart']} ({start.isoformat()} – {end.isoformat()})")
    x0, x1 = (10.0, float(width - side)) if rtl else (float(side), width - 10.0)
    scale = TimeScale(start, end, x0, x1, rtl)
    plot = ET.SubElement(root, "g", {"class": "atlas-presence", **scale.attrs()})
    years_axis(plot, scale, TOP - 8, TOP + rows * ROW, TOP - 10)
    y, label_x = float(TOP), (width - 10.0 if rtl else 10.0) if labels else None
    for i, feature in enumerate(ordered):
        if grouped and (i == 0 or countries[i] != countries[i - 1]):
            text(plot, width - 10 if rtl else 10, y + BAR - 1, country_name(countries[i], lang),
                 **{"font-weight": "bold", "class": "a-start atlas-presence-country"})
            y += ROW
        _row(plot, feature, y, scale, lang, w, label_x)
        y += ROW
    if mark is not None and start <= mark <= end:
        x = scale.x(mark + timedelta(days=1))   # the end of the day
        ET.SubElement(plot, "line", {"x1": f"{x:.2f}", "x2": f"{x:.2f}", "y1": f"{TOP - 4}", "y2": f"{y + 2:.2f}",
                                     "stroke": "#111111", "stroke-width": "1.5", "stroke-dasharray": "3 2",
                                     "class": "atlas-presence-mark", "data-day": mark.isoformat()})
    legend(root, [(w["status"][s], STATUS_COLOURS[s]) for s in STATUSES], TOP + rows * ROW + 24, width, rtl)
    return root
