"""OGC API - Features Part 1 (core, geojson, oas30) under /ogc, for QGIS and GDAL."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from app.api.params import StoreDep, alpha2, choice, parse_bbox
from app.api.responses import GEOJSON, JSON, dumps, page_links, respond
from app.dates import known_by, parse_period
from app.errors import BadInput, NotFound
from app.models import EVENT_TYPES, KINDS
from app.store import Filters, Store
from app.timeline import STATUSES
from app.views import events_of, lonlat, summary

router = APIRouter(prefix="/ogc", tags=["OGC API - Features"])
CONFORMANCE = [f"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{c}"
               for c in ("core", "geojson", "oas30")]
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
COLLECTIONS = {
    "bases": ("Coalition bases", "Sites of the anti-ISIS coalition in Iraq and Syria, "
              "with their status as last reported."),
    "events": ("Events at coalition bases", "Dated, sourced events at each site, placed at the site."),
}
COMMON = {"limit", "offset", "bbox", "datetime", "f"}
PROPERTIES = {"bases": {"country", "status", "kind", "nation", "q"},
              "events": {"base", "type", "nation", "country"}}


def _root(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/ogc"


@router.get("", summary="Landing page")
async def landing(request: Request) -> Response:
    """Return the landing page with links to the API definition, conformance and collections."""
    root, base = _root(request), str(request.base_url).rstrip("/")
    body = {"title": "Coalition Bases Atlas", "description":
            "OGC API - Features for the sites and events of the Coalition Bases Atlas.",
            "links": [
                {"rel": "self", "type": JSON, "title": "This document", "href": root},
                {"rel": "service-desc", "type": OPENAPI, "title": "The API definition",
                 "href": f"{base}/openapi.json"},
                {"rel": "service-doc", "type": "text/html", "title": "The API documentation",
                 "href": f"{base}/docs"},
                {"rel": "conformance", "type": JSON, "title": "Conformance classes",
                 "href": f"{root}/conformance"},
                {"rel": "data", "type": JSON, "title": "Collections", "href": f"{root}/collections"},
            ]}
    return respond(request, dumps(body))


@router.get("/conformance", summary="Conformance classes")
async def conformance(request: Request) -> Response:
    """List the conformance classes this server implements."""
    return respond(request, dumps({"conformsTo": CONFORMANCE}))


def _extent(store: Store) -> dict[str, Any]:
    bbox = store.collection.get("bbox") or [-180, -90, 180, 90]
    firsts = [f["_first"] for f in store.features if f["_first"]]
    start = f"{min(firsts).isoformat()}T00:00:00Z" if firsts else None
    return {"spatial": {"bbox": [bbox], "crs": CRS84},
            "temporal": {"interval": [[start, None]], "trs":
                         "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}}


def _collection(request: Request, store: Store, cid: str) -> dict[str, Any]:
    root = _root(request)
    title, description = COLLECTIONS[cid]
    return {"id": cid, "title": title, "description": description, "itemType": "feature",
            "crs": [CRS84], "extent": _extent(store),
            "links": [
                {"rel": "self", "type": JSON, "href": f"{root}/collections/{cid}"},
                {"rel": "items", "type": GEOJSON, "href": f"{root}/collections/{cid}/items"},
            ]}


@router.get("/collections", summary="The collections: bases and events")
async def collections(request: Request, store: StoreDep) -> Response:
    """List the feature collections."""
    root = _root(request)
    body = {"links": [{"rel": "self", "type": JSON, "href": f"{root}/collections"}],
            "collections": [_collection(request, store, c) for c in COLLECTIONS]}
    return respond(request, dumps(body))


CollectionId = Annotated[str, Path(description="bases or events", examples=["bases"])]


def _check_collection(cid: str) -> None:
    if cid not in COLLECTIONS:
        raise NotFound(f"no collection {cid!r}", parameter="collectionId",
                       did_you_mean=list(COLLECTIONS))


@router.get("/collections/{collectionId}", summary="One collection")
async def collection(request: Request, store: StoreDep, collectionId: CollectionId) -> Response:
    """Describe one collection."""
    _check_collection(collectionId)
    return respond(request, dumps(_collection(request, store, collectionId)))


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


def _site_feature(feat: dict[str, Any], on: date) -> dict[str, Any]:
    props = summary(feat, on)
    props["aliases"] = "; ".join(feat["properties"]["aliases"])
    props["nations"] = "; ".join(props["nations"])
    props["location_source"] = feat["properties"]["location_source"]
    return {"type": "Feature", "id": feat["id"], "geometry": feat["geometry"], "properties": props}


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
    return Matches(len(sites), lambda offset, limit: [_site_feature(s, on) for s in sites[offset:offset + limit]])


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
                out.append(_event_feature(feat, n, events[n]))
            offset = 0
        return out

    return Matches(sum(counts), page)


def _event_feature(feat: dict[str, Any], n: int, event: dict[str, Any] | None = None) -> dict[str, Any]:
    e = event or events_of(feat)[n]
    src = e["source"]
    props = {"base": feat["id"], "base_name_en": feat["properties"]["name_en"],
             "base_name_ar": feat["properties"]["name_ar"], "date": e["date"],
             "type": e["type"], "nations": "; ".join(e["nations"]),
             "summary_en": e["summary_en"], "summary_ar": e["summary_ar"],
             "outlet": src["outlet"], "published": src["published"], "url": src.get("url")}
    lon, lat = lonlat(feat)
    return {"type": "Feature", "id": f"{feat['id']}.{n}",
            "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}


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
    return Matches(len(out), lambda offset, limit: [_event_feature(*m) for m in out[offset:offset + limit]])


def _all_items(request: Request, store: Store, cid: str) -> Matches:
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


@router.get("/collections/{collectionId}/items", summary="Features of a collection",
            response_class=Response,
            responses={200: {"content": {GEOJSON: {}}, "description": "A FeatureCollection page."}})
async def items(
    request: Request, store: StoreDep, collectionId: CollectionId,
    limit: Annotated[int, Query(ge=1, le=10000, description="Page size.")] = 100,
    offset: Annotated[int, Query(ge=0, description="How many to skip.")] = 0,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat",
                                      examples=["38,32,45,37.5"])] = None,
    datetime: Annotated[str | None, Query(description="Instant or interval (ISO 8601).",
                                          examples=["2020-01-01/2020-12-31"])] = None,
) -> Response:
    """Return a page of features with numberMatched, numberReturned and next/prev links.

    Property filters: bases take country, status, kind, nation, q; events take base, type,
    nation, country.
    """
    _check_collection(collectionId)
    matches = _all_items(request, store, collectionId)
    chosen = matches.page(offset, limit)
    links = page_links(request, matches.count, limit, offset, GEOJSON)
    links.append({"rel": "collection", "type": JSON,
                  "href": f"{_root(request)}/collections/{collectionId}"})
    body = {"type": "FeatureCollection", "features": chosen, "numberMatched": matches.count,
            "numberReturned": len(chosen), "links": links}
    return respond(request, dumps(body), GEOJSON)


@router.get("/collections/{collectionId}/items/{featureId}", summary="One feature",
            response_class=Response,
            responses={200: {"content": {GEOJSON: {}}, "description": "A Feature."}})
async def item(request: Request, store: StoreDep, collectionId: CollectionId,
         featureId: Annotated[str, Path(description="A site id, or site.n for an event",
                                        examples=["taji"])]) -> Response:
    """Return one feature with links to itself and its collection."""
    _check_collection(collectionId)
    if collectionId == "bases":
        feature = _site_feature(store.get(featureId), date.today())
    else:
        site_id, _, n = featureId.rpartition(".")
        site = store.by_id.get(site_id)
        if site is None or not n.isdigit() or int(n) >= site["properties"]["event_count"]:
            raise NotFound(f"no event {featureId!r}", parameter="featureId")
        feature = _event_feature(site, int(n))
    root = _root(request)
    feature["links"] = [
        {"rel": "self", "type": GEOJSON, "href": f"{root}/collections/{collectionId}/items/{featureId}"},
        {"rel": "collection", "type": JSON, "href": f"{root}/collections/{collectionId}"},
    ]
    return respond(request, dumps(feature), GEOJSON)
