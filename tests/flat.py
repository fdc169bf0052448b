"""Compare what a third-party reader got with what /bases says: every field, no value lost."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import httpx
import numpy as np
import pandas as pd

from app.domain.schema import SITE_SUMMARY


def cell(value: Any) -> Any:
    """One value as a flat format holds it: lists joined, empty and missing alike, dates as ISO days."""
    if isinstance(value, list):
        value = "; ".join(map(str, value))
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value == "" or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "/":
        return value.replace("/", "-")   # GDAL's text form of a Date field
    return value


def text(value: Any) -> str | None:
    """A value as a text format (KML, a CSV read as text) writes it."""
    value = cell(value)
    return None if value is None else ("true" if value else "false") if isinstance(value, bool) else str(value)


def bases(base: str, **params: str) -> dict[str, dict[str, Any]]:
    """Every site /bases lists for these filters, by id."""
    found = httpx.get(f"{base}/bases", params={"limit": "1000", **params}).json()["bases"]
    return {s["id"]: s for s in found}


def differences(read: Iterable[Mapping[str, Any]], expected: Mapping[str, Mapping[str, Any]],
                fields: Iterable[str] = SITE_SUMMARY, as_text: bool = False) -> list[str]:
    """Where the rows a reader returned differ from /bases (a missing or extra site, or a field's value);
    `as_text`: the reader gave every value as text."""
    same = (lambda a, b: text(a) == text(b)) if as_text else (lambda a, b: cell(a) == cell(b))
    rows = {str(r["id"]): r for r in read}
    out = [f"sites: read {sorted(rows)}, /bases has {sorted(expected)}"] if set(rows) != set(expected) else []
    for site_id in sorted(set(rows) & set(expected)):
        out += [f"{site_id}.{k}: read {rows[site_id].get(k)!r}, /bases has {expected[site_id][k]!r}"
                for k in fields if not same(rows[site_id].get(k), expected[site_id][k])]
    return out
