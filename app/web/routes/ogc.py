"""OGC API - Features Parts 1 (core, geojson, oas30), 2 (CRS) and 3 (filtering, queryables) under /ogc."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import Response

from app.domain.dates import today
from app.domain.errors import NotFound
from app.formats.ogc import event_feature, site_feature
from app.formats.queryables import SCHEMA_MEDIA, Queryable, feature_schema, queryables, schema
from app.store import Store
from app.store.views import lonlat
from app.web import ogcdocs
from app.web.ask import Ask
from app.web.oas30 import MEDIA_TYPE as OPENAPI30
from app.web.oas30 import service_description
from app.web.ogcdocs import COLLECTIONS
from app.web.ogcquery import CRS84, EPSG4326, all_items, crs_of, queryables_of
from app.web.params import StoreDep
from app.web.responses import GEOJSON, JSON, Answer, answer, dumps, page_links, respond

router = APIRouter(prefix="/ogc", tags=["OGC API - Features"])
MAX_ITEMS = 10000


def _swap(coords: Any) -> Any:
    if coords and isinstance(coords[0], int | float):
        return [coords[1], coords[0], *coords[2:]]
    return [_swap(c) for c in coords]


def _shape(feature: dict[str, Any], skip_geometry: bool, properties: str | None, crs: str) -> dict[str, Any]:
    """A feature with only the properties asked for, without its geometry when asked, in the CRS asked
    (a new dict: the feature may be one the query keeps for the day)."""
    feature = dict(feature)
    if properties is not None:
        keep = {p.strip() for p in properties.split(",") if p.strip()}
        feature["properties"] = {k: v for k, v in feature["properties"].items() if k in keep}
    if skip_geometry:
        feature["geometry"] = None
    elif crs == EPSG4326 and feature["geometry"]:   # EPSG:4326 is latitude first
        feature["geometry"] = {**feature["geometry"], "coordinates": _swap(feature["geometry"]["coordinates"])}
    return feature


def _root(request: Request) -> str:
    return str(request.base_url).rstrip("/") + "/ogc"


def _headers(crs: str, links: list[dict[str, str]]) -> dict[str, str]:
    """The CRS of the geometries sent (Part 2), and the page's links as an HTTP Link header too."""
    link = ", ".join(f'<{ln["href"]}>; rel="{ln["rel"]}"; type="{ln["type"]}"' for ln in links)
    return {"Content-Crs": f"<{crs}>", "Link": link}


@router.get("/", summary="Landing page (also at /ogc)")
@router.get("", summary="Landing page", include_in_schema=False)
async def landing(request: Request, store: StoreDep) -> Response:
    """Return the landing page with links to the API definition, conformance and collections."""
    body = ogcdocs.landing(_root(request), str(request.base_url).rstrip("/"))
    body["dataVersion"] = store.atlas.get("data_version")
    return respond(request, dumps(body))


_DESCRIPTIONS: dict[tuple[int, str], bytes] = {}   # (the app's document, the root it is served from)


def _description(doc: dict[str, Any], root: str) -> bytes:
    key = (id(doc), root)
    if key not in _DESCRIPTIONS:
        _DESCRIPTIONS[key] = dumps(service_description(doc, root))
    return _DESCRIPTIONS[key]


@router.get("/api", summary="The OGC API's definition: OpenAPI 3.0, rooted at /ogc",
            response_class=Response, responses={200: {"content": {OPENAPI30: {}}, "description": "OpenAPI 3.0."}})
async def api(request: Request) -> Response:
    """Return the OGC operations as an OpenAPI 3.0 document whose `servers` URL is this /ogc."""
    doc = request.app.openapi()
    return respond(request, _description(doc, _root(request)), OPENAPI30)


@router.get("/conformance", summary="Conformance classes")
async def conformance(request: Request) -> Response:
    """List the conformance classes this server implements."""
    return respond(request, dumps({"conformsTo": ogcdocs.CONFORMANCE}))


@router.get("/collections", summary="The collections: bases and events")
async def collections(request: Request, store: StoreDep) -> Response:
    """List the feature collections."""
    return respond(request, dumps(ogcdocs.collections(_root(request), store)))


CollectionId = Annotated[str, Path(description="bases or events", examples=["bases"])]
CrsParam = Annotated[str | None, Query(description="CRS of the geometries sent: CRS84 (longitude first, the "
                                                   "default) or EPSG:4326 (latitude first).",
                                       examples=[CRS84], pattern="^http://www\\.opengis\\.net/def/crs/"
                                       "(OGC/1\\.3/CRS84|EPSG/0/4326)$")]


FilterParam = Annotated[str | None, Query(description="A CQL2 filter on the queryables "
                                                   "(/ogc/collections/{collectionId}/queryables).",
                                       examples=["country='SY' AND status='handed_over'"])]
FilterLang = Annotated[str | None, Query(alias="filter-lang", pattern="^(cql2-text|cql2-json|cql-text)$",
                                         description="cql2-text (default) or cql2-json.")]
FilterCrs = Annotated[str | None, Query(alias="filter-crs", description="CRS of the filter's geometries: CRS84 only.",
                                        pattern="^http://www\\.opengis\\.net/def/crs/OGC/1\\.3/CRS84$")]
BboxCrs = Annotated[str | None, Query(alias="bbox-crs", description="CRS of bbox: CRS84 (default) or EPSG:4326 "
                                      "(latitude first).", pattern="^http://www\\.opengis\\.net/def/crs/"
                                      "(OGC/1\\.3/CRS84|EPSG/0/4326)$")]


def _check_collection(cid: str) -> None:
    if cid not in COLLECTIONS:
        raise NotFound(f"no collection {cid!r}", parameter="collectionId",
                       did_you_mean=list(COLLECTIONS))


@router.get("/collections/{collectionId}", summary="One collection")
async def collection(request: Request, store: StoreDep, collectionId: CollectionId) -> Response:
    """Describe one collection."""
    _check_collection(collectionId)
    return respond(request, dumps(ogcdocs.collection(_root(request), store, collectionId)))


@router.get("/collections/{collectionId}/queryables", summary="What a filter may name (JSON Schema)",
            response_class=Response, responses={200: {"content": {SCHEMA_MEDIA: {}}, "description": "JSON Schema."}})
async def collection_queryables(request: Request, store: StoreDep, collectionId: CollectionId) -> Response:
    """Return the queryables of a collection: each property a CQL2 filter may name, with its type and values."""
    _check_collection(collectionId)
    url = f"{_root(request)}/collections/{collectionId}/queryables"
    body = queryables(queryables_of(store, collectionId), url, COLLECTIONS[collectionId][0])
    return respond(request, dumps(body), SCHEMA_MEDIA)


@router.get("/collections/{collectionId}/schema", summary="Schema of the features' properties (Part 5)",
            response_class=Response, responses={200: {"content": {SCHEMA_MEDIA: {}}, "description": "JSON Schema."}})
async def collection_schema(request: Request, store: StoreDep, collectionId: CollectionId) -> Response:
    """Return the schema of the collection's features: each property with its type, the geometry by its role."""
    return _schema_doc(request, store, collectionId, "schema", schema)


@router.get("/collections/{collectionId}/feature-schema", summary="JSON Schema of a GeoJSON feature",
            response_class=Response, responses={200: {"content": {SCHEMA_MEDIA: {}}, "description": "JSON Schema."}})
async def collection_feature_schema(request: Request, store: StoreDep, collectionId: CollectionId) -> Response:
    """Return the JSON Schema of one GeoJSON feature of the collection (`describedby`), which GDAL types fields from."""
    return _schema_doc(request, store, collectionId, "feature-schema", feature_schema)


def _schema_doc(request: Request, store: Store, cid: str, name: str,
                make: Callable[[dict[str, Queryable], str, str], dict[str, Any]]) -> Response:
    _check_collection(cid)
    url = f"{_root(request)}/collections/{cid}/{name}"
    return respond(request, dumps(make(queryables_of(store, cid), url, COLLECTIONS[cid][0])), SCHEMA_MEDIA)


@dataclass(frozen=True)
class Paging:
    """The items parameters every collection shares (the filters are read by app.web.ogcquery)."""

    limit: int
    offset: int
    skip_geometry: bool
    properties: str | None
    crs: str


async def paging(
    limit: Annotated[int, Query(ge=1, description=f"Page size; above {MAX_ITEMS} the page has {MAX_ITEMS}.")] = 100,
    offset: Annotated[int, Query(ge=0, description="How many to skip.")] = 0,
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat", examples=["38,32,45,37.5"],
                                      json_schema_extra={"x-form": "bbox"})] = None,
    datetime: Annotated[str | None, Query(description="Instant or interval (ISO 8601).",
                                          examples=["2020-01-01/2020-12-31"])] = None,
    f: Annotated[str | None, Query(description="Output format: json (GeoJSON) is the only one.",
                                   pattern="^(json|geojson)$", examples=["json"])] = None,
    skipGeometry: Annotated[bool, Query(description="true: features without geometry (null).")] = False,
    properties: Annotated[str | None, Query(description="Comma list of the properties to keep (default all).",
                                            examples=["id,name_en,status"])] = None,
    filter: FilterParam = None, filter_lang: FilterLang = None, filter_crs: FilterCrs = None,
    crs: CrsParam = None, bbox_crs: BboxCrs = None,
) -> Paging:
    """Parse the shared items parameters (Part 1 paging and shape, Part 2 CRS, Part 3 filter)."""
    return Paging(min(limit, MAX_ITEMS), offset, skipGeometry, properties, crs_of(crs, "crs"))


PagingDep = Annotated[Paging, Depends(paging)]
_COUNTRY = {"x-form": "country"}
Text = Annotated[str | None, Query()]
PAGE: dict[int | str, dict[str, Any]] = {200: {"content": {GEOJSON: {}}, "description": "A FeatureCollection page."}}


def _items(request: Request, store: Store, cid: str, p: Paging) -> Response:
    """A page of a collection's features, for the framework's routes."""
    return items_page(store, cid, p, request.query_params, str(request.url), str(request.base_url).rstrip("/"),
                      request.headers.get("if-none-match"), request.headers.get("range")).response()


def items_page(store: Store, cid: str, p: Paging, query: Mapping[str, str], url: str, base: str,
               if_none_match: str | None, range_asked: str | None) -> Answer:
    """A page of a collection's features with numberMatched, numberReturned and next/prev links."""
    matches = all_items(dict(query), store, cid)   # a limit above the maximum is served at the maximum (Part 1)
    chosen = [_shape(f, p.skip_geometry, p.properties, p.crs) for f in matches.page(p.offset, p.limit)]
    links = page_links(url, query, matches.count, p.limit, p.offset, GEOJSON)
    links.append({"rel": "collection", "type": JSON, "href": f"{base}/ogc/collections/{cid}"})
    body = {"type": "FeatureCollection", "features": chosen, "numberMatched": matches.count,
            "numberReturned": len(chosen), "links": links}
    return answer(dumps(body), GEOJSON, if_none_match, range_asked, headers=_headers(p.crs, links))


@router.get("/collections/bases/items", summary="Features of the bases collection",
            response_class=Response, responses=PAGE)
async def bases_items(
    request: Request, store: StoreDep, p: PagingDep,
    country: Annotated[str | None, Query(description="ISO alpha-2 country of the site.",
                                         json_schema_extra=_COUNTRY)] = None,
    status: Annotated[str | None, Query(description="Status at the end of `datetime` (default today).",
                                        json_schema_extra={"x-form": "status"})] = None,
    kind: Annotated[str | None, Query(description="Kind of site.", json_schema_extra={"x-form": "kind"})] = None,
    nation: Annotated[str | None, Query(description="ISO alpha-2 of a nation present.",
                                        json_schema_extra=_COUNTRY)] = None,
    q: Annotated[str | None, Query(description="A name in either script.", json_schema_extra={"x-form": "q"})] = None,
) -> Response:
    """Return a page of sites; `filter` takes CQL2 (text or JSON) on the queryables."""
    return _items(request, store, "bases", p)


_FRAMEWORK_CHECKS = frozenset({"f", "filter-lang", "filter-crs", "crs", "bbox-crs"})


async def bases_items_fast(ask: Ask) -> Answer | None:
    """The bases items read from an Ask (see app.web.fast); None leaves to the framework any parameter it
    types or matches against a pattern, unless in its plainest form."""
    q = ask.last
    limit, offset, skip = q.get("limit", "100"), q.get("offset", "0"), q.get("skipGeometry", "false")
    plain = limit.isascii() and limit.isdigit() and int(limit) >= 1 and offset.isascii() and offset.isdigit()
    if not plain or skip not in ("true", "false") or not _FRAMEWORK_CHECKS.isdisjoint(q):
        return None
    p = await paging(limit=int(limit), offset=int(offset), bbox=q.get("bbox"), datetime=q.get("datetime"),
                     skipGeometry=skip == "true", properties=q.get("properties"), filter=q.get("filter"))
    return items_page(ask.app.state.store, "bases", p, q, ask.url, ask.base, ask.if_none_match, ask.range)


@router.get("/collections/events/items", summary="Features of the events collection",
            response_class=Response, responses=PAGE)
async def events_items(
    request: Request, store: StoreDep, p: PagingDep,
    base: Annotated[str | None, Query(description="A site id.", json_schema_extra={"x-form": "sites"})] = None,
    type: Annotated[str | None, Query(description="An event type.", json_schema_extra={"x-form": "type"})] = None,
    nation: Annotated[str | None, Query(description="ISO alpha-2 of a nation in the event.",
                                        json_schema_extra=_COUNTRY)] = None,
    country: Annotated[str | None, Query(description="ISO alpha-2 country of a site it concerns.",
                                         json_schema_extra=_COUNTRY)] = None,
) -> Response:
    """Return a page of events, each at its site(s); `filter` takes CQL2 (text or JSON) on the queryables."""
    return _items(request, store, "events", p)


@router.get("/collections/{collectionId}/items", include_in_schema=False)
async def other_items(collectionId: CollectionId) -> Response:
    """No other collection: a 404 that names the two."""
    _check_collection(collectionId)
    raise NotFound(f"no collection {collectionId!r}", parameter="collectionId")


@router.get("/collections/{collectionId}/items/{featureId}", summary="One feature",
            response_class=Response,
            responses={200: {"content": {GEOJSON: {}}, "description": "A Feature."}})
async def item(request: Request, store: StoreDep, collectionId: CollectionId,
               featureId: Annotated[str, Path(description="A site id, or an event id", examples=["taji"])],
               crs: CrsParam = None) -> Response:
    """Return one feature with links to itself and its collection."""
    _check_collection(collectionId)
    if collectionId == "bases":
        feature = site_feature(store.get(featureId), today())
    else:
        event = store.event(featureId)
        if not event["sites"]:
            raise NotFound(f"event {featureId!r} concerns no site: see /events/{featureId}", parameter="featureId")
        feature = event_feature(event, [lonlat(store.by_id[s]) for s in event["sites"] if s in store.by_id])
    out_crs = crs_of(crs, "crs")
    feature = _shape(feature, False, None, out_crs)
    root = _root(request)
    feature["links"] = [
        {"rel": "self", "type": GEOJSON, "href": f"{root}/collections/{collectionId}/items/{featureId}"},
        {"rel": "collection", "type": JSON, "href": f"{root}/collections/{collectionId}"},
    ]
    return respond(request, dumps(feature), GEOJSON, headers=_headers(out_crs, feature["links"]))
