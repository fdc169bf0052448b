"""Sites as an RFC 7946 FeatureCollection, status as of a date."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from app.store.views import lonlat, original, status_on


def to_geojson(features: Sequence[dict[str, Any]], on: date) -> dict[str, Any]:
    """Return an RFC 7946 FeatureCollection of the sites, status as of `on`."""
    out = []
    for feat in features:
        built = original(feat)
        built["properties"]["status"], built["properties"]["status_date"] = status_on(feat, on)
        out.append(built)
    coords = [lonlat(f) for f in features]
    bbox = ([min(c[0] for c in coords), min(c[1] for c in coords),
             max(c[0] for c in coords), max(c[1] for c in coords)] if coords else [])
    fc: dict[str, Any] = {"type": "FeatureCollection", "features": out}
    if bbox:
        fc["bbox"] = bbox
    return fc
