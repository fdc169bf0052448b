"""The table of sites and the table of events: rows as of a date, sorted, paged, with facet counts and links."""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

import numpy as np

from app.domain.dates import known_by, today
from app.domain.models import EVENT_TYPES, KINDS
from app.domain.schema import public_event
from app.domain.timeline import STATUS_OF, STATUSES
from app.domain.words import country_name, words
from app.store import EventFilters, Filters, Store
from app.store.facets import event_facets, site_facets
from app.store.views import state_on, status_on, summary

SITE_SORTS = ("name", "kind", "country", "status", "since", "newest", "events")
EVENT_SORTS = ("date", "type", "site")


def sorts(columns: tuple[str, ...]) -> tuple[str, ...]:
    """Every value `sort` takes: a column, ascending, or `-column`, descending."""
    return (*columns, *(f"-{c}" for c in columns))


@dataclass(frozen=True)
class Facet:
    """One value of a facet: the value, its words, how many match with it, whether it is chosen."""

    value: str
    label: str
    count: int
    chosen: bool


def facet(values: Sequence[str], counts: Counter[str], chosen: Sequence[str], label: Callable[[str], str],
          keep_zero: bool) -> list[Facet]:
    """The values of a facet to offer: a vocabulary's in its order (its zeros too if `keep_zero`), or those
    that occur (and those chosen), by count."""
    found = list(values) or sorted({*counts, *chosen}, key=lambda v: (-counts[v], v))
    return [Facet(v, label(v), counts[v], v in chosen) for v in found if keep_zero or counts[v] or v in chosen]


def site_query(f: Filters, lang: str, sort: str | None = None, **more: str) -> str:
    """The query string of a sites view, from the parsed filters (so that equal views have equal URLs)."""
    params: list[tuple[str, str]] = [("lang", lang), ("as_of", f.as_of.isoformat())]
    params += [(k, ",".join(v)) for k, v in (("status", f.status), ("country", f.country), ("kind", f.kind),
                                              ("nation", f.nation)) if v]
    if f.bbox:
        params.append(("bbox", ",".join(f"{n:g}" for n in f.bbox)))
    if f.q:
        params.append(("q", f.q))
    if sort:
        params.append(("sort", sort))
    return urlencode(params + list(more.items()))


def event_query(f: EventFilters, lang: str, sort: str | None = None, **more: str) -> str:
    """The query string of an events view, from the parsed filters."""
    params: list[tuple[str, str]] = [("lang", lang)]
    params += [(k, ",".join(v)) for k, v in (("type", f.kinds), ("country", f.countries), ("nation", f.nations),
                                              ("base", f.sites)) if v]
    params += [(k, d.isoformat()) for k, d in (("since", f.since), ("until", f.until)) if d]
    if sort:
        params.append(("sort", sort))
    return urlencode(params + list(more.items()))


def _site_key(column: str, lang: str, on: date) -> Callable[[dict[str, Any]], Any]:
    w = words(lang)

    def props(feat: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = feat["properties"]
        return found

    keys: dict[str, Callable[[dict[str, Any]], Any]] = {
        "name": lambda feat: props(feat)["name_ar" if lang == "ar" else "name_en"].casefold(),
        "kind": lambda feat: w["kind"][props(feat)["kind"]],
        "country": lambda feat: (country_name(props(feat)["country"], lang), props(feat)["admin1"]),
        "status": lambda feat: STATUSES.index(status_on(feat, on)[0]),
        "since": lambda feat: status_on(feat, on)[1],
        "newest": lambda feat: state_on(feat, on)["last_reported"],
        "events": lambda feat: state_on(feat, on)["event_count"],
    }
    return keys[column]


def ordered(items: Sequence[Any], key: Callable[[Any], Any], descending: bool) -> list[Any]:
    """Sort by a key, either way, with the items that have none (None) last both ways; ties keep their order."""
    known = [(k, i) for i, item in enumerate(items) if (k := key(item)) is not None]
    known.sort(key=lambda pair: pair[0], reverse=descending)
    missing = [i for i, item in enumerate(items) if key(item) is None]
    return [items[i] for _, i in known] + [items[i] for i in missing]


def site_rows(store: Store, f: Filters, sort: str, lang: str) -> list[dict[str, Any]]:
    """The sites a filter selects, sorted (each still a loaded Feature)."""
    column = sort.lstrip("-")
    sites = list(store.select(f))
    by_name = ordered(sites, _site_key("name", lang, f.as_of), False)
    return by_name if column == "name" and sort[0] != "-" else ordered(
        by_name, _site_key(column, lang, f.as_of), sort.startswith("-"))


def site_record(feature: dict[str, Any], on: date, lang: str) -> dict[str, Any]:
    """What a row shows of a site on a day: its summary, with its country's and nations' names."""
    row = summary(feature, on)
    row["country_name"] = country_name(row["country"], lang)
    row["nation_names"] = [country_name(n, lang) for n in row["nations"]]
    return row


def event_rows(store: Store, f: EventFilters, sort: str, lang: str) -> np.ndarray:
    """Rows of the event index a filter selects, sorted (oldest first unless asked otherwise)."""
    index, rows = store.event_index, store.select_events(f)
    column, descending = sort.lstrip("-"), sort.startswith("-")
    if column == "date":
        return rows[::-1] if descending else rows
    features, name = store.features, "name_ar" if lang == "ar" else "name_en"
    w = words(lang)
    key: Callable[[int], Any] = ((lambda r: w["event"][index.types[int(index.kind[r])]]) if column == "type" else
                                 (lambda r: features[int(index.site[r])]["properties"][name].casefold()))
    return np.array(ordered(rows.tolist(), key, descending), dtype=np.int64)


def event_record(store: Store, event: dict[str, Any], lang: str) -> dict[str, Any]:
    """What a row shows of an event: its public record and the names of its sites, nations and countries."""
    record = public_event(event, STATUS_OF.get(event["type"]))
    sites = [store.by_id[s]["properties"] for s in event["sites"] if s in store.by_id]
    record["site_list"] = [{"id": s["id"], "name": s["name_ar" if lang == "ar" else "name_en"],
                            "country": country_name(s["country"], lang)} for s in sites]
    record["nation_names"] = [country_name(n, lang) for n in event["nations"]]
    record["map_day"] = min(known_by(event["date"]), today()).isoformat()
    return record


def site_facet_lists(store: Store, f: Filters, lang: str) -> dict[str, list[Facet]]:
    """The sites' facets to show: status and kind in their vocabulary's order, countries and nations by count."""
    counts, w = site_facets(store, f), words(lang)
    return {
        "status": facet(STATUSES, counts["status"], f.status, lambda v: w["status"][v], True),
        "country": facet((), counts["country"], f.country, lambda v: country_name(v, lang), False),
        "kind": facet(KINDS, counts["kind"], f.kind, lambda v: w["kind"][v], False),
        "nation": facet((), counts["nation"], f.nation, lambda v: country_name(v, lang), False),
    }


def event_facet_lists(store: Store, f: EventFilters, lang: str) -> dict[str, list[Facet]]:
    """The events' facets to show: types in their vocabulary's order, countries and nations by count."""
    counts, w = event_facets(store, f), words(lang)
    return {
        "type": facet(EVENT_TYPES, counts["type"], f.kinds, lambda v: w["event"][v], False),
        "country": facet((), counts["country"], f.countries, lambda v: country_name(v, lang), False),
        "nation": facet((), counts["nation"], f.nations, lambda v: country_name(v, lang), False),
    }


@dataclass(frozen=True)
class Paging:
    """Which rows of how many a page shows, and the queries of its neighbours."""

    first: int
    last: int
    total: int
    previous: str | None
    next: str | None

    @classmethod
    def of(cls, total: int, limit: int, offset: int, query: Callable[..., str]) -> "Paging":
        """The paging of `total` rows, `limit` a page from `offset`; `query(**more)` makes a neighbour's URL."""
        prev = query(offset=str(max(0, offset - limit)), limit=str(limit)) if offset > 0 else None
        nxt = query(offset=str(offset + limit), limit=str(limit)) if offset + limit < total else None
        return cls(min(offset + 1, total), min(offset + limit, total), total, prev, nxt)


def tab_queries(lang: str, countries: tuple[str, ...], nations: tuple[str, ...], sites: str | None = None,
                events: str | None = None) -> dict[str, str]:
    """The queries of the sites' and the events' views from one of them: the page's own, and for the other
    the filters both have (country, nation)."""
    shared = urlencode([("lang", lang), *((k, ",".join(v)) for k, v in (("country", countries),
                                                                       ("nation", nations)) if v)])
    return {"sites": sites or shared, "events": events or shared}
