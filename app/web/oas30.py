"""The OGC API's service description: its operations as an OpenAPI 3.0 document rooted at /ogc.

The app's own /openapi.json is OpenAPI 3.1 (FastAPI's); OGC clients (GDAL, QGIS, the conformance
suites) read 3.0 and look for the standard paths (/conformance, /collections/{collectionId}/items)
under the document's `servers` URL. This takes the /ogc operations from the app's document, strips
the prefix, writes the JSON Schema 2020-12 constructs the way 3.0 spells them, and states the
standard parameters (bbox, limit, datetime, filter) exactly as the OGC standards define them.
"""

from copy import deepcopy
from typing import Any

PREFIX = "/ogc"
MEDIA_TYPE = "application/vnd.oai.openapi+json;version=3.0"

#: The standard query parameters of items, as OGC API - Features Parts 1 and 3 define them.
STANDARD: dict[str, dict[str, Any]] = {
    "bbox": {"description": "minlon,minlat,maxlon,maxlat (CRS84), or six numbers with heights; "
                            "minlon above maxlon crosses the antimeridian.",
             "schema": {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}}},
    "limit": {"description": "Page size; a limit above 10000 is served as 10000.",
              "schema": {"type": "integer", "minimum": 1, "default": 100}},
    "offset": {"description": "How many features to skip.",
               "schema": {"type": "integer", "minimum": 0, "default": 0}},
    "datetime": {"description": "An instant or an interval (ISO 8601), '..' for an open end.",
                 "schema": {"type": "string"}},
    "properties": {"description": "The properties to keep, comma-separated (default all).",
                   "schema": {"type": "array", "items": {"type": "string"}}},
    "filter": {"description": "A CQL2 filter on the queryables (see the collection's queryables).",
               "schema": {"type": "string"}},
    "filter-lang": {"description": "cql2-text (default) or cql2-json; cql-text is the draft name of cql2-text.",
                    "schema": {"type": "string", "enum": ["cql2-text", "cql2-json", "cql-text"],
                               "default": "cql2-text"}},
    "filter-crs": {"description": "CRS of the filter's geometries: CRS84 only.",
                   "schema": {"type": "string", "enum": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"]}},
}


def _nullable(schema: dict[str, Any]) -> dict[str, Any] | None:
    """`anyOf: [X, {type: null}]` (or `type: [t, null]`) as 3.0's `X` with `nullable: true`."""
    options = schema.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [o for o in options if o != {"type": "null"}]
        base = rest[0] if len(rest) == 1 else {"anyOf": rest}
        merged = {**{k: v for k, v in schema.items() if k != "anyOf"}, **base, "nullable": True}
        return merged
    kinds = schema.get("type")
    if isinstance(kinds, list) and "null" in kinds:
        rest = [t for t in kinds if t != "null"]
        return {**schema, "type": rest[0] if len(rest) == 1 else rest, "nullable": True}
    return None


def downgrade(node: Any) -> Any:
    """Return a JSON Schema 2020-12 fragment written as an OpenAPI 3.0 Schema Object."""
    if isinstance(node, list):
        return [downgrade(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = _nullable(node) or node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "examples" and isinstance(value, list):
            if value:
                out["example"] = downgrade(value[0])
        elif key == "const":
            out["enum"] = [value]
        elif key in ("exclusiveMinimum", "exclusiveMaximum") and not isinstance(value, bool):
            out[key.replace("exclusive", "").lower()] = value
            out[key] = True
        elif key in ("$schema", "$id", "contentMediaType", "prefixItems"):
            continue
        else:
            out[key] = downgrade(value)
    return out


def _parameter(param: dict[str, Any]) -> dict[str, Any]:
    name = param.get("name", "")
    if param.get("in") == "query" and name in STANDARD:
        return {"name": name, "in": "query", "required": False, "style": "form", "explode": False,
                **deepcopy(STANDARD[name])}
    param = downgrade(param)
    if param.get("in") == "query":
        param.setdefault("style", "form")
        param["schema"] = {k: v for k, v in param.get("schema", {}).items() if k != "title"}
    return param


def _operation(op: dict[str, Any]) -> dict[str, Any]:
    out = downgrade({k: v for k, v in op.items() if k not in ("parameters", "responses")})
    if "parameters" in op:
        out["parameters"] = [_parameter(p) for p in op["parameters"]]
    out["responses"] = {code: downgrade(r) for code, r in op.get("responses", {}).items() if code != "422"}
    return out  # type: ignore[no-any-return]


def _referenced(node: Any, found: set[str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for value in node.values():
            _referenced(value, found)
    elif isinstance(node, list):
        for value in node:
            _referenced(value, found)


def service_description(app_doc: dict[str, Any], root: str) -> dict[str, Any]:
    """Return the OGC operations of the app's OpenAPI 3.1 document as OpenAPI 3.0, served from `root`."""
    paths: dict[str, Any] = {}
    for path, item in app_doc.get("paths", {}).items():
        if path == PREFIX or path.startswith(PREFIX + "/"):
            local = path[len(PREFIX):] or "/"
            paths[local] = {method: _operation(op) for method, op in item.items()}
    schemas = app_doc.get("components", {}).get("schemas", {})
    wanted: set[str] = set()
    _referenced(paths, wanted)
    while True:   # the schemas those schemas refer to, too
        more = set(wanted)
        for name in wanted:
            _referenced(schemas.get(name, {}), more)
        if more == wanted:
            break
        wanted = more
    info = app_doc.get("info", {})
    return {"openapi": "3.0.3",
            "info": {"title": f"{info.get('title', 'API')}: OGC API - Features",
                     "version": info.get("version", "0"),
                     "description": "OGC API - Features (Parts 1, 2 and 3) for the sites and events of the atlas."},
            "servers": [{"url": root, "description": "This server's OGC API root."}],
            "paths": paths,
            "components": {"schemas": {n: downgrade(schemas[n]) for n in sorted(wanted) if n in schemas}}}
