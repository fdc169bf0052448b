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
from app.formats.citation import Citation
from app.formats.csvw import CSVM, csv_metadata
from app.store import EventFilters, Filters, Store
from app.web.conditional import etag_matches
from app.web.params import CitationDep, EventFiltersDep, FiltersDep, StoreDep
from app.web.responses import GEOJSON, dumps, respond

router = APIRouter(tags=["downloads"])
CSV = "text/csv; charset=utf-8"
KML = "application/vnd.google-earth.kml+xml"
GPKG = "application/geopackage+sqlite3"

Meta = dict[str, Any]
_SITES: dict[str, tuple[str, Callable[[Store, Filters, Meta], bytes]]] = {
    "geojson": (GEOJSON, lambda s, f, m: dumps(geojson.to_geojson(s.select(f), f.as_of, m))),
    "csv": (CSV, lambda s, f, m: tabular.to_csv(tabular.site_rows(s.select(f), f.as_of), tabular.SITE_COLUMNS)),
    "kml": (KML, lambda s, f, m: kml.to_kml(s.select(f), f.as_of, m)),
    "gpkg": (GPKG, lambda s, f, m: gpkg.to_gpkg(s.select(f), f.as_of, m)),
}


def _events_csv(store: Store, f: EventFilters) -> bytes:
    rows = store.select_events(f)
    events = [public_event(e, STATUS_OF.get(e["type"])) for e in store.event_index.events(store.features, rows)]
    return tabular.to_csv(tabular.event_rows(events), EVENT_COLUMNS)


async def _made(store: Store, key: Hashable, make: Callable[[], bytes]) -> tuple[bytes, str]:
    """A download's body and ETag, made once per query (off the event loop the first time)."""
    made = store.memo_get(key)
    return made if made is not None else await run_in_threadpool(store.memo, key, make)


async def _send(request: Request, store: Store, f: Filters, fmt: str, filename: str, cite: Citation) -> Response:
    media, make = _SITES[fmt]
    if fmt == "geojson" and store.raw is None and f.is_default():
        return await _large_geojson(request, store, f, cite)
    body, tag = await _made(store, (fmt, f, cite), lambda: make(store, f, cite.member()))
    return respond(request, body, media, filename=filename, etag=tag)


_LARGE: dict[Any, Path] = {}


async def _large_geojson(request: Request, store: Store, f: Filters, cite: Citation) -> Response:
    """The whole of a large data set (too large to hold in memory twice): written to a file once a day."""
    key = (store.etag, f.as_of, cite)
    if key not in _LARGE:
        def write() -> Path:
            with tempfile.NamedTemporaryFile("wb", prefix="atlas-", suffix=".geojson", delete=False) as fh:
                for chunk in geojson.geojson_chunks(store.features, f.as_of, cite.member()):
                    fh.write(chunk)
            return Path(fh.name)
        _LARGE[key] = await run_in_threadpool(write)
    path = _LARGE[key]
    tag = f'"{store.etag.strip(chr(34))}-{f.as_of.isoformat()}-{cite.accessed.isoformat()}"'
    if etag_matches(request.headers.get("if-none-match"), tag):
        return Response(status_code=304, headers={"ETag": tag})
    return FileResponse(path, media_type=GEOJSON, filename="bases.geojson",
                        headers={"ETag": tag, "Cache-Control": "public, max-age=300"})


@router.get("/bases.geojson", summary="Sites as GeoJSON (RFC 7946), as of a date", response_class=Response,
            responses={200: {"content": {GEOJSON: {}}, "description": "A FeatureCollection."}})
async def bases_geojson(request: Request, store: StoreDep, f: FiltersDep, cite: CitationDep) -> Response:
    """Download the sites as of `as_of` (default today), each with its events up to that day."""
    return await _send(request, store, f, "geojson", "bases.geojson", cite)


@router.get("/bases.csv", summary="Sites as CSV, as of a date", response_class=Response,
            responses={200: {"content": {CSV: {}}, "description": "One row a site."}})
async def bases_csv(request: Request, store: StoreDep, f: FiltersDep, cite: CitationDep) -> Response:
    """Download one row a site (UTF-8 with BOM; lists joined by '; ')."""
    return await _send(request, store, f, "csv", "bases.csv", cite)


@router.get("/bases.kml", summary="Sites as KML for Google Earth, as of a date", response_class=Response,
            responses={200: {"content": {KML: {}}, "description": "KML 2.2 with TimeSpans."}})
async def bases_kml(request: Request, store: StoreDep, f: FiltersDep, cite: CitationDep) -> Response:
    """Download a Placemark a site, with a TimeSpan for Google Earth's time slider."""
    return await _send(request, store, f, "kml", "bases.kml", cite)


@router.get("/bases.gpkg", summary="Sites and events as a GeoPackage, as of a date", response_class=Response,
            responses={200: {"content": {GPKG: {}}, "description": "Layers bases and events."}})
async def bases_gpkg(request: Request, store: StoreDep, f: FiltersDep, cite: CitationDep) -> Response:
    """Download a GeoPackage with a `bases` point layer (EPSG:4326) and an `events` table (each event once)."""
    return await _send(request, store, f, "gpkg", "bases.gpkg", cite)


@router.get("/events.csv", summary="Events as CSV, each once", response_class=Response,
            responses={200: {"content": {CSV: {}}, "description": "One row an event."}})
async def events_csv(request: Request, store: StoreDep, f: EventFiltersDep) -> Response:
    """Download one row an event (the filters of /events), each with its source and the sites it concerns."""
    body, tag = await _made(store, ("events.csv", f), lambda: _events_csv(store, f))
    return respond(request, body, CSV, filename="events.csv", etag=tag)


def _csv_metadata(request: Request, name: str, columns: tuple[str, ...], cite: Citation) -> Response:
    body = dumps(csv_metadata(name, columns, cite.member()))
    return respond(request, body, CSVM)


CSVM_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {CSVM: {}}, "description": "A CSV on the Web (W3C) metadata document."}}


@router.get("/bases.csv-metadata.json", summary="The CSVW metadata of bases.csv (columns, version, citation)",
            response_class=Response, responses=CSVM_RESPONSE)
async def bases_csv_metadata(request: Request, cite: CitationDep) -> Response:
    """Describe bases.csv in W3C CSV on the Web terms: its columns, title, data version and citation."""
    return _csv_metadata(request, "bases.csv", tabular.SITE_COLUMNS, cite)


@router.get("/events.csv-metadata.json", summary="The CSVW metadata of events.csv (columns, version, citation)",
            response_class=Response, responses=CSVM_RESPONSE)
async def events_csv_metadata(request: Request, cite: CitationDep) -> Response:
    """Describe events.csv in W3C CSV on the Web terms: its columns, title, data version and citation."""
    return _csv_metadata(request, "events.csv", EVENT_COLUMNS, cite)
