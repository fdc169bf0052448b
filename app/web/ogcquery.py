"""The OGC items query: the collection's own parameters and datetime, made into matches and pages."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Request

from app.domain.dates import known_by, today
from app.domain.errors import BadInput
from app.domain.models import EVENT_TYPES, KINDS
from app.domain.timeline import STATUSES
from app.formats.ogc import event_feature, site_feature
from app.store import EventFilters, Filters, Store
from app.store.views import lonlat
from app.web.bbox import parse_bbox
from app.web.params import alpha2s, choices, values_of

COMMON = {"limit", "offset", "bbox", "datetime", "f", "skipGeometry", "properties"}
PROPERTIES = {"bases": {"country", "status", "kind", "nation", "q"},
              "events": {"base", "type", "nation", "country"}}


def parse_datetime(value: str | None) -> tuple[date | None, date | None] | None:
    """Parse an OGC datetime: an instant or an interval with '..' or empty open ends."""
    if not value:
        return None
    allowed = "YYYY-MM-DD, a date-time, or an interval start/end with '..' for an open end"
    parts = value.split("/")
    if len(parts) > 2:
        raise BadInput(f"datetime {value!r} has more than two parts", parameter="datetime",
                       allowed=allowed)
    ends: list[date | None] = []
    for part in parts:
        if part in ("", ".."):
            ends.append(None)
            continue
        try:
            ends.append(date.fromisoformat(part[:10]))
        except ValueError:
            raise BadInput(f"datetime {value!r} is not a date or interval", parameter="datetime",
                           allowed=allowed) from None
    start, end = (ends[0], ends[0]) if len(ends) == 1 else (ends[0], ends[1])
    if start and end and start > end:
        raise BadInput(f"datetime {value!r} starts after it ends", parameter="datetime",
                       allowed=allowed)
    return start, end


def _overlaps(first: date, last: date | None, window: tuple[date | None, date | None]) -> bool:
    start, end = window
    return (end is None or first <= end) and (start is None or last is None or last >= start)


def _site_span(feat: dict[str, Any]) -> tuple[date, date | None]:
    first = feat["_first"] or date.min
    ended = feat["properties"]["status"] in {"handed_over", "withdrawn"}
    return first, known_by(feat["properties"]["status_date"]) if ended else None


@dataclass(frozen=True)
class Matches:
    """How many features match, and how to make one page of them (only the page's are made)."""

    count: int
    page: Callable[[int, int], list[dict[str, Any]]]   # (offset, limit) -> features


def _bases(store: Store, params: dict[str, str], on: date,
           bbox: tuple[float, float, float, float] | None,
           window: tuple[date | None, date | None] | None) -> Matches:
    f = Filters(as_of=on, country=alpha2s(params.get("country"), "country"),
                status=choices(params.get("status"), "status", STATUSES),
                kind=choices(params.get("kind"), "kind", KINDS),
                nation=alpha2s(params.get("nation"), "nation"), bbox=bbox, q=params.get("q"))
    sites = store.select(f)
    if window:
        sites = [s for s in sites if _overlaps(*_site_span(s), window)]
    return Matches(len(sites), lambda offset, limit: [site_feature(s, on) for s in sites[offset:offset + limit]])


def _events(store: Store, params: dict[str, str],
            bbox: tuple[float, float, float, float] | None,
            window: tuple[date | None, date | None] | None) -> Matches:
    """Each event once (a coalition-wide one at each of its sites), from the event index."""
    start, end = window or (None, None)
    rows = store.select_events(EventFilters(
        kinds=choices(params.get("type"), "type", EVENT_TYPES), nations=alpha2s(params.get("nation"), "nation"),
        sites=tuple(values_of(params.get("base"))), countries=alpha2s(params.get("country"), "country"),
        since=start, until=end, bbox=bbox))
    index = store.event_index

    def page(offset: int, limit: int) -> list[dict[str, Any]]:
        events = index.events(store.features, rows[offset:offset + limit])
        return [event_feature(e, [lonlat(store.by_id[s]) for s in e["sites"] if s in store.by_id]) for e in events]

    return Matches(len(rows), page)


def all_items(request: Request, store: Store, cid: str) -> Matches:
    """The features of a collection that pass the request's filters (unknown ones are refused by the route)."""
    params = dict(request.query_params)
    extra = set(params) & (PROPERTIES["bases"] | PROPERTIES["events"]) - PROPERTIES[cid]
    if extra:
        name = sorted(extra)[0]
        raise BadInput(f"{name} is not a property of the {cid} collection", parameter=name,
                       allowed=sorted(COMMON | PROPERTIES[cid]))
    bbox = parse_bbox(params.get("bbox"))
    window = parse_datetime(params.get("datetime"))
    if cid == "bases":
        on = min(window[1] or today(), today()) if window else today()
        return _bases(store, params, on, bbox, window)
    return _events(store, params, bbox, window)
