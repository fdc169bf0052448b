"""The loaded data set: read once at start-up, then only read."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.errors import DataError
from app.geocode import Geocoder

REQUIRED = ("id", "name_en", "name_ar", "aliases", "kind", "country", "admin1",
            "uncertainty_m", "location_source", "status", "status_date", "events")


def _check(data: Any, path: Path) -> None:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DataError(f"{path}: not a GeoJSON FeatureCollection")
    if not isinstance(data.get("features"), list):
        raise DataError(f"{path}: has no list of features")
    for i, feat in enumerate(data["features"]):
        props = feat.get("properties") if isinstance(feat, dict) else None
        coords = (feat.get("geometry") or {}).get("coordinates") if isinstance(feat, dict) else None
        if not isinstance(props, dict) or not isinstance(coords, list) or len(coords) != 2:
            raise DataError(f"{path}: feature {i} is not a Point feature with properties")
        missing = [k for k in REQUIRED if k not in props]
        if missing:
            raise DataError(f"{path}: feature {i} lacks {', '.join(missing)}")


@dataclass
class Store:
    """All sites of the built data set, indexed for the API, the map and the downloads."""

    path: Path
    raw: bytes
    collection: dict[str, Any]
    by_id: dict[str, dict[str, Any]] = field(init=False)
    geocoder: Geocoder = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {f["properties"]["id"]: f for f in self.collection["features"]}
        self.geocoder = Geocoder.from_records(
            {**f["properties"], "lon": f["geometry"]["coordinates"][0],
             "lat": f["geometry"]["coordinates"][1]} for f in self.features)

    @property
    def features(self) -> list[dict[str, Any]]:
        """Every site's Feature, in id order."""
        features: list[dict[str, Any]] = self.collection["features"]
        return features

    @classmethod
    def load(cls, path: Path) -> "Store":
        """Load the built GeoJSON; DataError with a one-line reason if it is unusable."""
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise DataError(f"{path}: cannot read ({exc.strerror or exc})") from None
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DataError(f"{path}: not valid JSON ({exc})") from None
        _check(data, path)
        return cls(path, raw, data)
