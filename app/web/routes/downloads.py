"""Downloads in GIS formats: the snapshot as of a date, taking exactly the filters of their JSON route
(bases.* those of /bases, events.csv those of /events); each made once per query and kept."""

import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, Response

from app.domain.schema import EVENT_COLUMNS, public_event
from app.domain.timeline import STATUS_OF
from app.formats import geojson, gpkg, kml, tabular
from app.store import EventFilters, Filters, Store
from app.web.conditional import etag_matches
from app.web.params import EventFiltersDep, FiltersDep, StoreDep
from app.web.responses import GEOJSON, dumps, respond

router = APIRouter(tags=["downloads"])
CSV = "text/csv; charset=utf-8"
KML = "application/vnd.google-earth.kml+xml"
GPKG = "application/geopackage+sqlite3"

_SITES: dict[str, tuple[str, Callable[[Store, Filters], bytes]]] = {
    "geojson": (GEOJSON, lambda s, f: dumps(geojson.to_geojson(s.select(f), f.as_of))),
    "csv": (CSV, lambda s, f: tabular.to_csv(tabular.site_rows(s.select(f), f.as_of), tabular.SITE_COLUMNS)),
    "kml": (KML, lambda s, f: kml.to_kml(s.select(f), f.as_of)),
    "gpkg": (GPKG, lambda s, f: gpkg.to_gpkg(s.select(f), f.as_of)),
}


def _events_csv(store: Store, f: EventFilters) -> bytes:
    rows = store.select_events(f)
    events = [public_event(e, STATUS_OF.get(e["type"])) for e in store.event_index.events(store.features, rows)]
    return tabular.to_csv(tabular.event_rows(events), EVENT_COLUMNS)


async def _made(store: Store, key: Hashable, make: Callable[[], bytes]) -> tuple[bytes, str]:
    """A download's body and ETag, made once per query (off the event loop the first time)."""
    made = store.memo_get(key)
    return made if made is not None else await run_in_threadpool(store.memo, key, make)


async def _send(request: Request, store: Store, f: Filters, fmt: str, filename: str) -> Response:
    media, make = _SITES[fmt]
    if fmt == "geojson" and store.raw is None and f.is_default():
        return await _large_geojson(request, store, f)
    body, tag = await _made(store, (fmt, f), lambda: make(store, f))
    return respond(request, body, media, filename=filename, etag=tag)


_LARGE: dict[Any, Path] = {}


async def _large_geojson(request: Request, store: Store, f: Filters) -> Response:
    """The whole of a large data set (too large to hold in memory twice): written to a file once a day."""
    key = (store.etag, f.as_of)
    if key not in _LARGE:
        def write() -> Path:
            with tempfile.NamedTemporaryFile("wb", prefix="atlas-", suffix=".geojson", delete=False) as fh:
                for chunk in geojson.geojson_chunks(store.features, f.as_of):
                    fh.write(chunk)
            return Path(fh.name)
        _LARGE[key] = await run_in_threadpool(write)
    path = _LARGE[key]
    tag = f'"{store.etag.strip(chr(34))}-{f.as_of.isoformat()}"'
    if etag_matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers={"ETag": tag})
    return FileResponse(path, media_type=GEOJSON, filename="bases.geojson",
                        headers={"ETag": tag, "Cache-Control": "public, max-age=300"})


@router.get("/bases.geojson", summary="Sites as GeoJSON (RFC 7946), as of a date", response_class=Response,
            responses={200: {"content": {GEOJSON: {}}, "description": "A FeatureCollection."}})
async def bases_geojson(request: Request, store: StoreDep, f: FiltersDep) -> Response:
    """Download the sites as of `as_of` (default today), each with its events up to that day."""
    return await _send(request, store, f, "geojson", "bases.geojson")


@router.get("/bases.csv", summary="Sites as CSV, as of a date", response_class=Response,
            responses={200: {"content": {CSV: {}}, "description": "One row a site."}})
async def bases_csv(request: Request, store: StoreDep, f: FiltersDep) -> Response:
    """Download one row a site (UTF-8 with BOM; lists joined by '; ')."""
    return await _send(request, store, f, "csv", "bases.csv")


@router.get("/bases.kml", summary="Sites as KML for Google Earth, as of a date", response_class=Response,
            responses={200: {"content": {KML: {}}, "description": "KML 2.2 with TimeSpans."}})
async def bases_kml(request: Request, store: StoreDep, f: FiltersDep) -> Response:
    """Download a Placemark a site, with a TimeSpan for Google Earth's time slider."""
    return await _send(request, store, f, "kml", "bases.kml")


@router.get("/bases.gpkg", summary="Sites and events as a GeoPackage, as of a date", response_class=Response,
            responses={200: {"content": {GPKG: {}}, "description": "Layers bases and events."}})
async def bases_gpkg(request: Request, store: StoreDep, f: FiltersDep) -> Response:
    """Download a GeoPackage with a `bases` point layer (EPSG:4326) and an `events` table (each event once)."""
    return await _send(request, store, f, "gpkg", "bases.gpkg")


@router.get("/events.csv", summary="Events as CSV, each once", response_class=Response,
            responses={200: {"content": {CSV: {}}, "description": "One row an event."}})
async def events_csv(request: Request, store: StoreDep, f: EventFiltersDep) -> Response:
    """Download one row an event (the filters of /events), each with its source and the sites it concerns."""
    body, tag = await _made(store, ("events.csv", f), lambda: _events_csv(store, f))
    return respond(request, body, CSV, filename="events.csv", etag=tag)
