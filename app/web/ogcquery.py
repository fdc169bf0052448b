"""The OGC items query: the collection's own parameters and datetime, made into matches and pages."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import Request

from app.domain.dates import known_by, parse_period
from app.domain.errors import BadInput
from app.domain.models import EVENT_TYPES, KINDS
from app.domain.timeline import STATUSES
from app.formats.ogc import event_feature, site_feature
from app.store import Filters, Store
from app.store.views import events_of
from app.web.params import alpha2, choice, parse_bbox

COMMON = {"limit", "offset", "bbox", "datetime", "f"}
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
    f = Filters(as_of=on, country=alpha2(params.get("country"), "country"),
                status=choice(params.get("status"), "status", STATUSES),
                kind=choice(params.get("kind"), "kind", KINDS),
                nation=alpha2(params.get("nation"), "nation"), bbox=bbox, q=params.get("q"))
    sites = store.select(f)
    if window:
        sites = [s for s in sites if _overlaps(*_site_span(s), window)]
    return Matches(len(sites), lambda offset, limit: [site_feature(s, on) for s in sites[offset:offset + limit]])


def _every_event(sites: list[dict[str, Any]]) -> Matches:
    """All events of these sites, counted from the build's event_count; a page decodes only its sites."""
    counts = [f["properties"]["event_count"] for f in sites]

    def page(offset: int, limit: int) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for feat, count in zip(sites, counts, strict=True):
            if offset >= count:
                offset -= count
                continue
            events = events_of(feat)
            for n in range(offset, count):
                if len(out) == limit:
                    return out
                out.append(event_feature(feat, n, events[n]))
            offset = 0
        return out

    return Matches(sum(counts), page)


def _events(store: Store, params: dict[str, str],
            bbox: tuple[float, float, float, float] | None,
            window: tuple[date | None, date | None] | None) -> Matches:
    kind = choice(params.get("type"), "type", EVENT_TYPES)
    nation, country = alpha2(params.get("nation"), "nation"), alpha2(params.get("country"), "country")
    base = params.get("base")
    sites = [f for f in store.select(Filters(as_of=date.today(), bbox=bbox, country=country))
             if not base or f["id"] == base]
    if not (kind or nation or window):   # count without decoding any event
        return _every_event(sites)
    out: list[tuple[dict[str, Any], int, dict[str, Any]]] = []
    for feat in sites:
        for n, e in enumerate(events_of(feat)):
            first, last = parse_period(e["date"])
            if (kind and e["type"] != kind) or (nation and nation not in e["nations"]) or (
                    window and not _overlaps(first, last, window)):
                continue
            out.append((feat, n, e))
    return Matches(len(out), lambda offset, limit: [event_feature(*m) for m in out[offset:offset + limit]])


def all_items(request: Request, store: Store, cid: str) -> Matches:
    params = dict(request.query_params)
    unknown = set(params) - COMMON - PROPERTIES[cid]
    if unknown:
        raise BadInput(f"unknown query parameter(s): {', '.join(sorted(unknown))}",
                       parameter=sorted(unknown)[0],
                       allowed=sorted(COMMON | PROPERTIES[cid]))
    bbox = parse_bbox(params.get("bbox"))
    window = parse_datetime(params.get("datetime"))
    if cid == "bases":
        on = window[1] or date.today() if window else date.today()
        return _bases(store, params, on, bbox, window)
    return _events(store, params, bbox, window)
