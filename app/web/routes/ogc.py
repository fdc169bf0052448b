"""OGC API - Features Part 1 (core, geojson, oas30) under /ogc, for QGIS and GDAL."""

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from app.domain.dates import today
from app.domain.errors import NotFound
from app.formats.ogc import event_feature, site_feature
from app.store import Store
from app.store.views import lonlat
from app.web.ogcquery import all_items
from app.web.params import StoreDep
from app.web.responses import GEOJSON, JSON, dumps, page_links, respond

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


MAX_ITEMS = 10000


def _shape(feature: dict[str, Any], skip_geometry: bool, properties: str | None) -> dict[str, Any]:
    """A feature with only the properties asked for, and without its geometry when asked."""
    if properties is not None:
        keep = {p.strip() for p in properties.split(",") if p.strip()}
        feature["properties"] = {k: v for k, v in feature["properties"].items() if k in keep}
    if skip_geometry:
        feature["geometry"] = None
    return feature


def _root(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/ogc"


@router.get("/", summary="Landing page (also at /ogc)")
@router.get("", summary="Landing page", include_in_schema=False)
async def landing(request: Request, store: StoreDep) -> Response:
    """Return the landing page with links to the API definition, conformance and collections."""
    root, base = _root(request), str(request.base_url).rstrip("/")
    body = {"title": "Coalition Bases Atlas", "description":
            "OGC API - Features for the sites and events of the Coalition Bases Atlas.",
            "dataVersion": store.atlas.get("data_version"),
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


@router.get("/collections/{collectionId}/items", summary="Features of a collection",
            response_class=Response,
            responses={200: {"content": {GEOJSON: {}}, "description": "A FeatureCollection page."}})
async def items(
    request: Request, store: StoreDep, collectionId: CollectionId,
    limit: Annotated[int, Query(ge=1, description=f"Page size; above {MAX_ITEMS} the page has {MAX_ITEMS}.")] = 100,
    offset: Annotated[int, Query(ge=0, description="How many to skip.")] = 0,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat",
                                      examples=["38,32,45,37.5"])] = None,
    datetime: Annotated[str | None, Query(description="Instant or interval (ISO 8601).",
                                          examples=["2020-01-01/2020-12-31"])] = None,
    f: Annotated[str | None, Query(description="Output format: json (GeoJSON) is the only one.",
                                   pattern="^(json|geojson)$", examples=["json"])] = None,
    country: Annotated[str | None, Query(description="Both: ISO alpha-2 country of the site(s).")] = None,
    status: Annotated[str | None, Query(description="bases: status at the end of `datetime` (default today).")] = None,
    kind: Annotated[str | None, Query(description="bases: kind of site.")] = None,
    nation: Annotated[str | None, Query(description="Both: ISO alpha-2 of a nation (bases: present).")] = None,
    q: Annotated[str | None, Query(description="bases: a name in either script.")] = None,
    base: Annotated[str | None, Query(description="events: a site id.")] = None,
    type: Annotated[str | None, Query(description="events: an event type.")] = None,
    skipGeometry: Annotated[bool, Query(description="true: features without geometry (null).")] = False,
    properties: Annotated[str | None, Query(description="Comma list of the properties to keep (default all).",
                                            examples=["id,name_en,status"])] = None,
) -> Response:
    """Return a page of features with numberMatched, numberReturned and next/prev links.

    Property filters: bases take country, status, kind, nation, q; events take base, type,
    nation, country.
    """
    _check_collection(collectionId)
    matches = all_items(request, store, collectionId)
    limit = min(limit, MAX_ITEMS)   # Part 1: a limit above the maximum is served at the maximum
    chosen = [_shape(f, skipGeometry, properties) for f in matches.page(offset, limit)]
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
         featureId: Annotated[str, Path(description="A site id, or an event id",
                                        examples=["taji"])]) -> Response:
    """Return one feature with links to itself and its collection."""
    _check_collection(collectionId)
    if collectionId == "bases":
        feature = site_feature(store.get(featureId), today())
    else:
        event = store.event(featureId)
        if not event["sites"]:
            raise NotFound(f"event {featureId!r} concerns no site: see /events/{featureId}", parameter="featureId")
        feature = event_feature(event, [lonlat(store.by_id[s]) for s in event["sites"] if s in store.by_id])
    root = _root(request)
    feature["links"] = [
        {"rel": "self", "type": GEOJSON, "href": f"{root}/collections/{collectionId}/items/{featureId}"},
        {"rel": "collection", "type": JSON, "href": f"{root}/collections/{collectionId}"},
    ]
    return respond(request, dumps(feature), GEOJSON)
