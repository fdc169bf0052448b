"""Counts per value (facets) of the sites or events a filter selects, and events per month by type.

A facet's counts are those of the selection with that facet's own filter left out (the others kept),
so that a reader sees what each other value of it would give: datasette's facets, and a shop's.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np

from app.store.events import EventIndex
from app.store.query import EventFilters, Filters
from app.store.store import Store
from app.store.views import state_on, status_on

SITE_FACETS = ("status", "country", "kind", "nation")
EVENT_FACETS = ("type", "country", "nation")


def _site_values(name: str, on: date) -> Callable[[dict[str, Any]], Iterable[str]]:
    if name == "status":
        return lambda feat: (status_on(feat, on)[0],)
    if name == "nation":
        return lambda feat: state_on(feat, on)["nations"]   # present on the day, as the filter reads it
    return lambda feat: (feat["properties"][name],)


def _without(f: Any, name: str) -> Any:
    """The same filters but one (a set of values) left out."""
    return replace(f, **{name: ()})


def site_facets(store: Store, f: Filters) -> dict[str, Counter[str]]:
    """For each site facet, how many sites each value has among those the other filters select."""
    out: dict[str, Counter[str]] = {}
    for name in SITE_FACETS:
        values = _site_values(name, f.as_of)
        out[name] = Counter(v for feat in store.select(_without(f, name)) for v in values(feat))
    return out


def _event_values(store: Store, index: EventIndex, name: str) -> Callable[[int], Iterable[str]]:
    if name == "type":
        return lambda r: (index.types[int(index.kind[r])],)
    if name == "nation":
        return lambda r: index.nations[r]
    by_id = store.by_id
    return lambda r: {by_id[s]["properties"]["country"] for s in index.sites[r] if s in by_id}


def event_facets(store: Store, f: EventFilters) -> dict[str, Counter[str]]:
    """For each event facet, how many events each value has among those the other filters select."""
    index = store.event_index
    out: dict[str, Counter[str]] = {}
    for name, field in (("type", "kinds"), ("country", "countries"), ("nation", "nations")):
        values = _event_values(store, index, name)
        out[name] = Counter(v for r in store.select_events(_without(f, field)).tolist() for v in values(r))
    return out


def by_month(index: EventIndex, rows: np.ndarray) -> tuple[dict[str, Counter[str]], int]:
    """Events of some rows per month ("YYYY-MM") and type; and how many are dated to a year only."""
    months: dict[str, Counter[str]] = {}
    undated = 0
    for r in rows.tolist():
        first, last = date.fromordinal(int(index.start[r])), date.fromordinal(int(index.end[r]))
        if (first.year, first.month) != (last.year, last.month):
            undated += 1
            continue
        months.setdefault(f"{first.year:04d}-{first.month:02d}", Counter())[index.types[int(index.kind[r])]] += 1
    return months, undated
