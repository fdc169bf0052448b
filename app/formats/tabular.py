"""Sites and events as flat rows, and CSV (UTF-8 with BOM) for spreadsheets and GDAL."""

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from app.domain.timeline import STATUS_OF
from app.store.views import detail, events_of

SITE_COLUMNS = ("id", "name_en", "name_ar", "kind", "country", "admin1", "lon", "lat",
                "uncertainty_m", "status", "status_date", "last_reported", "nations",
                "event_count", "aliases", "location_source", "location_url")
EVENT_COLUMNS = ("base", "base_name_en", "base_name_ar", "date", "type", "status_set", "nations",
                 "summary_en", "summary_ar", "outlet", "published", "url", "via", "context_id")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """Flatten a value for a table; neutralise text that a spreadsheet would run as a formula."""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def site_rows(features: Sequence[dict[str, Any]], on: date) -> list[dict[str, Any]]:
    """Return one flat row a site, status as of `on`."""
    return [{k: d.get(k) for k in SITE_COLUMNS} for d in (detail(f, on) for f in features)]


def event_rows(features: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return one flat row an event, with its site's id and names."""
    rows = []
    for feat in features:
        props = feat["properties"]
        for e in events_of(feat):
            via = e["source"].get("via")
            rows.append({
                "base": props["id"], "base_name_en": props["name_en"], "base_name_ar": props["name_ar"],
                "date": e["date"], "type": e["type"], "status_set": STATUS_OF.get(e["type"], ""),
                "nations": e["nations"], "summary_en": e["summary_en"], "summary_ar": e["summary_ar"],
                "outlet": e["source"]["outlet"], "published": e["source"]["published"],
                "url": e["source"].get("url"), "via": via["outlet"] if via else None,
                "context_id": e.get("context_id"),
            })
    return rows


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
