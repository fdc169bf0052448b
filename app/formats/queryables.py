"""The OGC collections' schemas: their queryables (Part 3) and the JSON Schema of their features (describedby).

Both come from the public schema (app.domain.schema), so a field added there is queryable and typed
for GDAL and QGIS at once. Dates: the ISO text (maybe partial, so a string) and its full-date bounds
(`_start`, `_end`, format date), which typed clients read as dates and filters compare.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.models import EVENT_TYPES, KINDS
from app.domain.schema import EVENT_FIELDS, SITE_FIELDS, SOURCE_FIELDS, Field
from app.domain.timeline import STATUSES

GEOMETRY = "geometry"
SCHEMA_MEDIA = "application/schema+json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
CERTAINTIES = ("confirmed", "reported", "contested")


@dataclass(frozen=True)
class Queryable:
    """A property a filter may name: its type (string, number, integer, boolean, date, geometry) and values."""

    name: str
    type: str
    description: str
    enum: tuple[str, ...] | None = None


def _scalar(f: Field, enums: Mapping[str, Iterable[str]]) -> Queryable:
    kind = "date" if f.format == "date" else "string" if f.type.startswith(("array", "object")) else f.type
    enum = enums.get(f.name)
    return Queryable(f.name, kind, f.description + ("; several joined by '; '" if f.type.startswith("array")
                                                    else ""), tuple(sorted(enum)) if enum else None)


def _event_fields() -> tuple[Field, ...]:
    out: list[Field] = []
    for f in EVENT_FIELDS:
        if f.name == "source":
            out.extend(SOURCE_FIELDS)
        elif f.name == "sources":
            out.append(Field("other_sources", "string", "The event's other sources: outlet, published, url; "
                                                       "several joined by ' | '."))
        else:
            out.append(f)
    return tuple(out)


def fields_of(cid: str, countries: Iterable[str] = ()) -> dict[str, Queryable]:
    """The queryables of a collection (`bases` or `events`), the geometry first."""
    geometry = Queryable(GEOMETRY, GEOMETRY, "The site's position (events: the position of each site).")
    if cid == "bases":
        enums: dict[str, Iterable[str]] = {"kind": KINDS, "status": STATUSES, "country": countries}
        chosen = [f for f in SITE_FIELDS if f.summary or f.name == "aliases"]
    else:
        enums = {"type": EVENT_TYPES, "status_set": STATUSES, "certainty": CERTAINTIES}
        chosen = list(_event_fields())
    return {GEOMETRY: geometry, **{f.name: _scalar(f, enums) for f in chosen}}


def _property(q: Queryable) -> dict[str, Any]:
    if q.type == GEOMETRY:
        return {"title": q.name, "description": q.description, "format": "geometry-point",
                "x-ogc-role": "primary-geometry"}
    out: dict[str, Any] = {"title": q.name, "description": q.description}
    out.update({"type": "string", "format": "date"} if q.type == "date" else {"type": q.type})
    if q.enum:
        out["enum"] = list(q.enum)
    return out


def queryables(fields: Mapping[str, Queryable], url: str, title: str) -> dict[str, Any]:
    """The queryables document: a JSON Schema of the properties a filter may name."""
    return {"$schema": DIALECT, "$id": url, "type": "object", "title": f"Queryables of {title}",
            "properties": {name: _property(q) for name, q in fields.items()}, "additionalProperties": False}


def schema(fields: Mapping[str, Queryable], url: str, title: str) -> dict[str, Any]:
    """The schema of the collection's features (Part 5): their properties, the geometry marked by its role."""
    return {"$schema": DIALECT, "$id": url, "title": title, "type": "object",
            "properties": {name: _property(q) for name, q in fields.items()}}


def feature_schema(fields: Mapping[str, Queryable], url: str, title: str) -> dict[str, Any]:
    """The JSON Schema of one GeoJSON feature of the collection (what GDAL 3.6 reads from `describedby`)."""
    # not `id`: GDAL makes that field from the feature's own id (with it here too, it has two)
    props = {name: _property(q) for name, q in fields.items() if q.type != GEOMETRY and name != "id"}
    return {"$schema": DIALECT, "$id": url, "title": title, "type": "object",
            "required": ["type", "geometry", "properties"],
            "properties": {"type": {"type": "string", "enum": ["Feature"]},
                           "geometry": {"type": "object", "description": "GeoJSON Point (events of several sites: "
                                                                         "MultiPoint)"},
                           "properties": {"type": "object", "properties": props}}}
