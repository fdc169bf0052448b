"""The OGC items query: the collection's own parameters, datetime, CQL2 filter and CRS, made into matches and pages."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from app.domain.dates import known_by, today
from app.domain.errors import BadInput
from app.domain.models import EVENT_TYPES, KINDS
from app.domain.timeline import STATUSES
from app.formats.cql import Compiled, compile_filter, typed
from app.formats.ogc import event_feature, site_feature
from app.formats.queryables import Queryable, fields_of
from app.store import EventFilters, Filters, Store
from app.store.views import lonlat
from app.web.bbox import parse_bbox
from app.web.params import alpha2s, choices, site_ids, text

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG4326 = "http://www.opengis.net/def/crs/EPSG/0/4326"
CRSES = (CRS84, EPSG4326)
COMMON = {"limit", "offset", "bbox", "bbox-crs", "crs", "datetime", "f", "skipGeometry", "properties",
          "filter", "filter-lang", "filter-crs"}
PROPERTIES = {"bases": {"country", "status", "kind", "nation", "q"},
              "events": {"base", "type", "nation", "country"}}
INDEXED = {"bases": frozenset({"country", "status", "kind"}), "events": frozenset({"type"})}
Feature = dict[str, Any]


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


def crs_of(value: str | None, name: str) -> str:
    """The CRS a request names (CRS84 when none), one of those this server offers."""
    if value is None or value == "":
        return CRS84
    if value not in CRSES:
        raise BadInput(f"{name} {value!r} is not offered here", parameter=name, allowed=list(CRSES))
    return value


def _overlaps(first: date, last: date | None, window: tuple[date | None, date | None]) -> bool:
    start, end = window
    return (end is None or first <= end) and (start is None or last is None or last >= start)


def _site_span(feat: dict[str, Any]) -> tuple[date, date | None]:
    first = feat["_first"] or date.min
    ended = feat["properties"]["status"] in {"handed_over", "withdrawn"}
    return first, known_by(feat["properties"]["status_date"]) if ended else None


@dataclass(frozen=True)
class Matches:
    """How many features match, and how to make one page of them (only the page's are made, unless filtered)."""

    count: int
    page: Callable[[int, int], list[Feature]]   # (offset, limit) -> features


def _answered(compiled: Compiled | None, params: dict[str, str]) -> bool:
    """Whether the indexes alone answer a filter: none, or only its hints, none of them overridden by a
    parameter of the same name (which the indexes are then asked instead)."""
    return compiled is None or (compiled.exact and not compiled.hints.keys() & params.keys())


def _filtered(features: Sequence[Feature], compiled: Compiled | None, fields: dict[str, Queryable]) -> Matches:
    if compiled is not None:
        features = [f for f in features
                    if compiled.test(typed(f["properties"], f["geometry"], fields, compiled.names))]
    return Matches(len(features), lambda offset, limit: list(features[offset:offset + limit]))


def _hint(params: dict[str, str], compiled: Compiled | None, name: str) -> str | None:
    """A parameter's value; else what the filter's top-level AND asks of that field (narrowing only)."""
    if name in params or compiled is None or name not in compiled.hints:
        return params.get(name)
    return ",".join(map(str, compiled.hints[name]))


def _bases(store: Store, params: dict[str, str], on: date, bbox: tuple[float, float, float, float] | None,
           window: tuple[date | None, date | None] | None, compiled: Compiled | None) -> Matches:
    f = Filters(as_of=on, country=alpha2s(_hint(params, compiled, "country"), "country"),
                status=choices(_hint(params, compiled, "status"), "status", STATUSES),
                kind=choices(_hint(params, compiled, "kind"), "kind", KINDS),
                nation=alpha2s(params.get("nation"), "nation"), q=text(params.get("q"), "q"),
                bbox=bbox or (compiled.bbox if compiled else None))
    sites: Sequence[dict[str, Any]] = store.select(f)
    if window:
        sites = [s for s in sites if _overlaps(*_site_span(s), window)]
    if _answered(compiled, params):   # only the page's features are made
        return Matches(len(sites), lambda offset, limit: [_day_feature(store, s, on)
                                                          for s in sites[offset:offset + limit]])
    return _filtered([_day_feature(store, s, on) for s in sites], compiled, queryables_of(store, "bases"))


def _day_feature(store: Store, site: dict[str, Any], on: date) -> Feature:
    """A site's OGC feature on a day, kept by the store: a filter reads every candidate's properties,
    and the next filter of the day reads the same ones. Never changed by its readers (pages copy it)."""
    feature: Feature = store.day_features.get((site["id"], on), lambda: site_feature(site, on))
    return feature


def _events(store: Store, params: dict[str, str], bbox: tuple[float, float, float, float] | None,
            window: tuple[date | None, date | None] | None, compiled: Compiled | None) -> Matches:
    """Each event once (a coalition-wide one at each of its sites), from the event index."""
    start, end = window or (None, None)
    rows = store.select_events(EventFilters(
        kinds=choices(_hint(params, compiled, "type"), "type", EVENT_TYPES),
        nations=alpha2s(params.get("nation"), "nation"), sites=site_ids(params.get("base"), store),
        countries=alpha2s(params.get("country"), "country"), since=start, until=end,
        bbox=bbox or (compiled.bbox if compiled else None)))
    index = store.event_index

    def made(chosen: Any) -> list[Feature]:
        events = index.events(store.features, chosen)
        return [event_feature(e, [lonlat(store.by_id[s]) for s in e["sites"] if s in store.by_id]) for e in events]

    if _answered(compiled, params):
        return Matches(len(rows), lambda offset, limit: made(rows[offset:offset + limit]))
    return _filtered(made(rows), compiled, queryables_of(store, "events"))


def queryables_of(store: Store, cid: str) -> dict[str, Queryable]:
    """The queryables of a collection, with the countries the data holds; made once, not on every request."""
    return _queryables(cid, store.indexes.countries)


@lru_cache(maxsize=16)
def _queryables(cid: str, countries: tuple[str, ...]) -> dict[str, Queryable]:
    return fields_of(cid, countries)


def _compiled(store: Store, cid: str, params: dict[str, str]) -> Compiled | None:
    text = params.get("filter")
    if text is None or text.strip() == "":
        if params.get("filter-lang") or params.get("filter-crs"):
            raise BadInput("filter-lang and filter-crs go with a filter", parameter="filter",
                           allowed="filter=<CQL2>, e.g. filter=country='SY'")
        return None
    crs_of(params.get("filter-crs"), "filter-crs")
    return _compile(cid, store.indexes.countries, text, params.get("filter-lang"))


@lru_cache(maxsize=1024)
def _compile(cid: str, countries: tuple[str, ...], text: str, lang: str | None) -> Compiled:
    """A filter compiled once per text (parsing CQL2 takes longer than answering it): like a prepared
    statement, it holds no data, only the test and the hints; a wrong filter raises every time."""
    return compile_filter(text, lang, _queryables(cid, countries), INDEXED[cid])


def _bbox(params: dict[str, str]) -> tuple[float, float, float, float] | None:
    raw = params.get("bbox")
    if raw and crs_of(params.get("bbox-crs"), "bbox-crs") == EPSG4326 and raw.count(",") in (3, 5):   # lat first
        nums = raw.split(",")
        order = (1, 0, 3, 2) if len(nums) == 4 else (1, 0, 2, 4, 3, 5)
        raw = ",".join(nums[i] for i in order)
    return parse_bbox(raw, antimeridian=True)


#: The parameters of the other collection, refused by this one.
_OTHERS = {cid: (PROPERTIES["bases"] | PROPERTIES["events"]) - PROPERTIES[cid] for cid in ("bases", "events")}


def all_items(params: dict[str, str], store: Store, cid: str) -> Matches:
    """The features of a collection that pass the query's filters (`params`: the last value of each; unknown
    names are refused by the route)."""
    extra = params.keys() & _OTHERS[cid]
    if extra:
        name = sorted(extra)[0]
        raise BadInput(f"{name} is not a property of the {cid} collection", parameter=name,
                       allowed=sorted(COMMON | PROPERTIES[cid]))
    bbox = _bbox(params)
    window = parse_datetime(params.get("datetime"))
    compiled = _compiled(store, cid, params)
    if cid == "bases":
        on = min(window[1] or today(), today()) if window else today()
        return _bases(store, params, on, bbox, window, compiled)
    return _events(store, params, bbox, window, compiled)
