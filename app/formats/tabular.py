"""Sites and events as flat rows of the public schema, and CSV (UTF-8 with BOM) for spreadsheets and GDAL."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from app.domain.schema import EVENT_COLUMNS, SITE_ALL, flat_event
from app.domain.timeline import sort_key
from app.store.views import detail

SITE_COLUMNS = tuple(c for c in SITE_ALL if c != "events")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """Flatten a value for a table; neutralise text that a spreadsheet would run as a formula."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def sites_and_events(features: Sequence[dict[str, Any]], on: date) -> tuple[list[dict[str, Any]],
                                                                           list[dict[str, Any]]]:
    """The public records of some sites as of `on`, and their events up to `on`, each event once."""
    sites, events, seen = [], [], set()
    for feat in features:
        site = detail(feat, on)
        for event in site.pop("events"):
            if event["id"] not in seen:
                seen.add(event["id"])
                events.append(event)
        site.pop("later_events")
        sites.append(site)
    events.sort(key=lambda e: (*sort_key(e), e["id"]))
    return sites, events


def site_rows(features: Sequence[dict[str, Any]], on: date) -> list[dict[str, Any]]:
    """Return one flat row a site, as of `on`."""
    return [{k: s.get(k) for k in SITE_COLUMNS} for s in sites_and_events(features, on)[0]]


def event_rows(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return one flat row an event (public events: its source as columns)."""
    return [{k: row.get(k) for k in EVENT_COLUMNS} for row in map(flat_event, events)]


def to_csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> bytes:
    """Write rows as CSV, UTF-8 with a byte-order mark so spreadsheets read Arabic right."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def flat(value: Any) -> Any:
    """Join a list into one text cell; leave other values as they are."""
    return "; ".join(str(v) for v in value) if isinstance(value, list) else value
