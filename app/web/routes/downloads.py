"""Downloads in GIS formats, honouring the same filters as /bases; prepared once per query."""

from collections.abc import Callable
from datetime import date

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response

from app.formats import geojson, gpkg, kml, tabular
from app.store import Filters, Store
from app.web.conditional import etag_matches
from app.web.params import FiltersDep, StoreDep
from app.web.responses import GEOJSON, dumps, respond

router = APIRouter(tags=["downloads"])
CSV = "text/csv; charset=utf-8"
KML = "application/vnd.google-earth.kml+xml"
GPKG = "application/geopackage+sqlite3"

_FORMATS: dict[str, tuple[str, Callable[[Store, Filters], bytes]]] = {
    "geojson": (GEOJSON, lambda s, f: dumps(geojson.to_geojson(s.select(f), f.as_of))),
    "csv": (CSV, lambda s, f: tabular.to_csv(tabular.site_rows(s.select(f), f.as_of),
                                              tabular.SITE_COLUMNS)),
    "kml": (KML, lambda s, f: kml.to_kml(s.select(f), f.as_of)),
    "gpkg": (GPKG, lambda s, f: gpkg.to_gpkg(s.select(f), f.as_of)),
    "events.csv": (CSV, lambda s, f: tabular.to_csv(tabular.event_rows(s.select(f)),
                                                     tabular.EVENT_COLUMNS)),
}


def _untouched(f: Filters) -> bool:
    """The built file already is the answer: no filter, and statuses as of today."""
    return f.is_default() and f.as_of == date.today()


async def _send(request: Request, store: Store, f: Filters, fmt: str, filename: str) -> Response:
    media, make = _FORMATS[fmt]
    made = store.memo_get((fmt, f))
    if made is None:   # first time for this query: build it off the event loop
        made = await run_in_threadpool(store.memo, (fmt, f), lambda: make(store, f))
    return respond(request, made[0], media, filename=filename, etag=made[1])


@router.get("/bases.geojson", summary="Sites as GeoJSON (RFC 7946)", response_class=Response,
            responses={200: {"content": {GEOJSON: {}}, "description": "A FeatureCollection."}})
async def bases_geojson(request: Request, store: StoreDep, f: FiltersDep) -> Response:
    """Download the sites as an RFC 7946 FeatureCollection, with every event in its properties."""
    if _untouched(f):   # the built file already is the answer
        if store.raw is not None:
            return respond(request, store.raw, GEOJSON, filename="bases.geojson", etag=store.etag)
        if etag_matches(request.headers.get("if-none-match"), store.etag):
            return Response(status_code=304, headers={"ETag": store.etag})
        return FileResponse(store.path, media_type=GEOJSON, filename="bases.geojson",
                            headers={"ETag": store.etag, "Cache-Control": "public, max-age=300"})
    return await _send(request, store, f, "geojson", "bases.geojson")


@router.get("/bases.csv", summary="Sites as CSV", response_class=Response,
            responses={200: {"content": {CSV: {}}, "description": "One row a site."}})
async def bases_csv(request: Request, store: StoreDep, f: FiltersDep) -> Response:
    """Download one row a site (UTF-8 with BOM; lists joined by '; ')."""
    return await _send(request, store, f, "csv", "bases.csv")


@router.get("/bases.kml", summary="Sites as KML for Google Earth", response_class=Response,
            responses={200: {"content": {KML: {}}, "description": "KML 2.2 with TimeSpans."}})
async def bases_kml(request: Request, store: StoreDep, f: FiltersDep) -> Response:
    """Download a Placemark a site, with a TimeSpan for Google Earth's time slider."""
    return await _send(request, store, f, "kml", "bases.kml")


@router.get("/bases.gpkg", summary="Sites and events as a GeoPackage", response_class=Response,
            responses={200: {"content": {GPKG: {}}, "description": "Layers bases and events."}})
async def bases_gpkg(request: Request, store: StoreDep, f: FiltersDep) -> Response:
    """Download a GeoPackage with a `bases` point layer (EPSG:4326) and an `events` table."""
    return await _send(request, store, f, "gpkg", "bases.gpkg")


@router.get("/events.csv", summary="Events as CSV", response_class=Response,
            responses={200: {"content": {CSV: {}}, "description": "One row an event."}})
async def events_csv(request: Request, store: StoreDep, f: FiltersDep) -> Response:
    """Download one row an event of the selected sites, each with its source."""
    return await _send(request, store, f, "events.csv", "events.csv")
