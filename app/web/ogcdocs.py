"""The OGC API's own documents: landing page, conformance classes, collections (links, extents, CRS)."""

from typing import Any

from app.formats.queryables import SCHEMA_MEDIA
from app.store import Store
from app.web.oas30 import MEDIA_TYPE as OPENAPI30
from app.web.ogcquery import CRS84, CRSES
from app.web.responses import GEOJSON, JSON

OGC = "http://www.opengis.net/spec"
CONFORMANCE = [
    *(f"{OGC}/ogcapi-features-1/1.0/conf/{c}" for c in ("core", "geojson", "oas30")),
    f"{OGC}/ogcapi-features-2/1.0/conf/crs",
    *(f"{OGC}/ogcapi-features-3/1.0/conf/{c}" for c in ("queryables", "filter", "features-filter")),
    *(f"{OGC}/cql2/1.0/conf/{c}" for c in ("cql2-text", "cql2-json", "basic-cql2", "advanced-comparison-operators",
                                            "basic-spatial-functions", "basic-spatial-functions-plus")),
]
OPENAPI31 = "application/vnd.oai.openapi+json;version=3.1"
QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables"
SCHEMA_REL = "http://www.opengis.net/def/rel/ogc/1.0/schema"
COLLECTIONS = {
    "bases": ("Coalition bases", "Sites of the anti-ISIS coalition in Iraq and Syria, "
              "with their status as last reported."),
    "events": ("Events at coalition bases", "Dated, sourced events at each site, placed at the site."),
}


def landing(root: str, base: str) -> dict[str, Any]:
    """The landing page: links to the API definition (3.0 for OGC clients), conformance and collections."""
    return {"title": "Coalition Bases Atlas", "description":
            "OGC API - Features for the sites and events of the Coalition Bases Atlas.",
            "links": [
                {"rel": "self", "type": JSON, "title": "This document", "href": root},
                {"rel": "service-desc", "type": OPENAPI30, "title": "The API definition (OpenAPI 3.0)",
                 "href": f"{root}/api"},
                {"rel": "service-desc", "type": OPENAPI31, "title": "The whole atlas API (OpenAPI 3.1)",
                 "href": f"{base}/openapi.json"},
                {"rel": "service-doc", "type": "text/html", "title": "The API documentation",
                 "href": f"{base}/docs"},
                {"rel": "conformance", "type": JSON, "title": "Conformance classes",
                 "href": f"{root}/conformance"},
                {"rel": "data", "type": JSON, "title": "Collections", "href": f"{root}/collections"},
            ]}


def _extent(store: Store) -> dict[str, Any]:
    bbox = store.collection.get("bbox") or [-180, -90, 180, 90]
    firsts = [f["_first"] for f in store.features if f["_first"]]
    start = f"{min(firsts).isoformat()}T00:00:00Z" if firsts else None
    return {"spatial": {"bbox": [bbox], "crs": CRS84},
            "temporal": {"interval": [[start, None]], "trs":
                         "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"}}


def collection(root: str, store: Store, cid: str) -> dict[str, Any]:
    """One collection's description: extent, CRS, and links to its items, queryables and schema."""
    title, description = COLLECTIONS[cid]
    here = f"{root}/collections/{cid}"
    return {"id": cid, "title": title, "description": description, "itemType": "feature",
            "crs": list(CRSES), "storageCrs": CRS84, "extent": _extent(store),
            "links": [
                {"rel": "self", "type": JSON, "href": here},
                {"rel": "items", "type": GEOJSON, "href": f"{here}/items"},
                {"rel": QUERYABLES_REL, "type": SCHEMA_MEDIA, "title": "What a filter may name",
                 "href": f"{here}/queryables"},
                {"rel": SCHEMA_REL, "type": SCHEMA_MEDIA, "title": "Schema of the features' properties",
                 "href": f"{here}/schema"},
                {"rel": "describedby", "type": SCHEMA_MEDIA, "title": "JSON Schema of a GeoJSON feature",
                 "href": f"{here}/feature-schema"},
                # the same: relation types compare case-insensitively, but GDAL 3.6 (Debian 12) matches "describedBy"
                {"rel": "describedBy", "type": SCHEMA_MEDIA, "title": "JSON Schema of a GeoJSON feature",
                 "href": f"{here}/feature-schema"},
            ]}


def collections(root: str, store: Store) -> dict[str, Any]:
    """The collections document."""
    return {"links": [{"rel": "self", "type": JSON, "href": f"{root}/collections"}],
            "crs": list(CRSES), "collections": [collection(root, store, c) for c in COLLECTIONS]}
