"""Sites as an RFC 7946 FeatureCollection of the public schema, as of a date (events up to it)."""

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import orjson

from app.store.views import detail, lonlat


def site_feature(feature: dict[str, Any], on: date) -> dict[str, Any]:
    """One site as a GeoJSON Feature: its public record as of `on` in the properties."""
    props = detail(feature, on)
    props.pop("later_events")
    return {"type": "Feature", "id": props["id"], "geometry": {"type": "Point", "coordinates": list(lonlat(feature))},
            "properties": props}


def _bbox(features: Sequence[dict[str, Any]]) -> list[float]:
    coords = [lonlat(f) for f in features]
    return ([min(c[0] for c in coords), min(c[1] for c in coords), max(c[0] for c in coords),
             max(c[1] for c in coords)] if coords else [])


def to_geojson(features: Sequence[dict[str, Any]], on: date, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return an RFC 7946 FeatureCollection of the sites as of `on`; `meta` (title, data version,
    citation: app.formats.citation) as the foreign member `atlas`."""
    fc: dict[str, Any] = {"type": "FeatureCollection"}
    bbox = _bbox(features)
    if bbox:
        fc["bbox"] = bbox
    if meta:
        fc["atlas"] = meta
    fc["features"] = [site_feature(f, on) for f in features]
    return fc


def geojson_chunks(features: Sequence[dict[str, Any]], on: date, meta: dict[str, Any] | None = None
                   ) -> Iterator[bytes]:
    """The same document as `to_geojson`, a feature at a time (for sets too large to hold whole)."""
    bbox = _bbox(features)
    yield b'{"type":"FeatureCollection",' + (b'"bbox":' + orjson.dumps(bbox) + b"," if bbox else b"") + \
        (b'"atlas":' + orjson.dumps(meta) + b"," if meta else b"") + b'"features":['
    for n, feature in enumerate(features):
        yield (b",\n" if n else b"\n") + orjson.dumps(site_feature(feature, on))
    yield b"\n]}\n"
