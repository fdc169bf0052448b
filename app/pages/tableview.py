"""The table pages (sites, events) and the chart pages, rendered from the store in one language."""

import xml.etree.ElementTree as ET
from typing import Any

from jinja2 import Environment

from app.domain.dates import today
from app.domain.errors import BadInput
from app.domain.words import words
from app.formats.months import months_svg
from app.formats.presence import presence_svg
from app.formats.svg import inline
from app.pages.render import render
from app.pages.table import (
    Paging,
    event_facet_lists,
    event_query,
    event_record,
    event_rows,
    site_facet_lists,
    site_query,
    site_record,
    site_rows,
    tab_queries,
)
from app.store import EventFilters, Filters, Store
from app.store.facets import by_month

#: A chart of more rows than this is no longer read row by row (and would weigh megabytes).
MOST_ROWS = 1000
SITE_COLUMNS = {"name": "name", "kind": "kind", "country": "country", "status": "status", "since": "status_since",
                "newest": "newest", "events": "event_count"}
EVENT_COLUMNS = {"date": "day", "type": "type", "site": "sites"}


def columns(titles: dict[str, str], sort: str, query: Any, w: dict[str, dict[str, str]]) -> list[dict[str, str]]:
    """The sortable column heads: each one's title, the query that sorts by it (again: the other way), aria-sort."""
    out = []
    for column, word in titles.items():
        on = sort.lstrip("-") == column
        descending = sort.startswith("-")
        out.append({"key": column, "label": w["ui"][word], "query": query(f"-{column}" if on and not descending
                                                                            else column),
                    "aria": ("descending" if descending else "ascending") if on else "none"})
    return out


def sites_page(env: Environment, store: Store, f: Filters, sort: str, limit: int, offset: int, lang: str) -> bytes:
    """The table of the sites a filter selects, as of its day."""
    rows = site_rows(store, f, sort, lang)
    w = words(lang)
    return render(env, store, "table.html", lang, tab="sites", as_of=f.as_of.isoformat(),
                  rows=[site_record(s, f.as_of, lang) for s in rows[offset:offset + limit]],
                  facets=site_facet_lists(store, f, lang), sort=sort, hidden={"bbox": f.bbox, "q": f.q},
                  columns=columns(SITE_COLUMNS, sort, lambda s: site_query(f, lang, s), w),
                  paging=Paging.of(len(rows), limit, offset, lambda **more: site_query(f, lang, sort, **more)),
                  current="sites", tabs=tab_queries(lang, f.country, f.nation, sites=site_query(f, lang)))


def events_page(env: Environment, store: Store, f: EventFilters, sort: str, limit: int, offset: int,
                lang: str) -> bytes:
    """The table of the events a filter selects."""
    rows = event_rows(store, f, sort, lang)
    w = words(lang)
    chosen = store.event_index.events(store.features, rows[offset:offset + limit])
    return render(env, store, "table.html", lang, tab="events",
                  rows=[event_record(store, e, lang) for e in chosen], facets=event_facet_lists(store, f, lang),
                  sort=sort, since=f.since.isoformat() if f.since else "", until=f.until.isoformat() if f.until else "",
                  hidden={"base": ",".join(f.sites)},
                  columns=columns(EVENT_COLUMNS, sort, lambda s: event_query(f, lang, s), w),
                  paging=Paging.of(len(rows), limit, offset, lambda **more: event_query(f, lang, sort, **more)),
                  current="events", tabs=tab_queries(lang, f.countries, f.nations, events=event_query(f, lang)))


def presence_chart(store: Store, f: Filters, lang: str) -> ET.Element:
    """The presence chart of the sites a filter selects (one row each), up to today; BadInput above MOST_ROWS."""
    sites = store.select(f)
    if len(sites) > MOST_ROWS:
        raise BadInput(f"the presence chart draws at most {MOST_ROWS} sites, and these filters select {len(sites)}: "
                       "narrow them (country, kind, status, nation, bbox or q)", parameter=None,
                       allowed=f"filters that select at most {MOST_ROWS} sites")
    return presence_svg(sites, lang, today())


def months_chart(store: Store, f: EventFilters, lang: str) -> ET.Element:
    """Events a filter selects, per month and type, up to today."""
    counts, undated = by_month(store.event_index, store.select_events(f))
    return months_svg(counts, undated, lang, today())


def presence_page(env: Environment, store: Store, f: Filters, lang: str) -> bytes:
    """The presence chart's page: the chart inline (its text selectable, printable) and its downloads."""
    query = site_query(f, lang)
    return render(env, store, "charts.html", lang, chart="presence", svg=inline(presence_chart(store, f, lang)),
                  query=query, current="presence", tabs=tab_queries(lang, f.country, f.nation, sites=query))


def months_page(env: Environment, store: Store, f: EventFilters, lang: str) -> bytes:
    """The page of events per month: the chart inline and its downloads."""
    query = event_query(f, lang)
    return render(env, store, "charts.html", lang, chart="months", svg=inline(months_chart(store, f, lang)),
                  query=query, current="months", tabs=tab_queries(lang, f.countries, f.nations, events=query))
