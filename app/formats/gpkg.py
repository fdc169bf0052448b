"""Sites and events as a GeoPackage: a `bases` point layer and an `events` table."""

import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from app.domain.schema import EVENT_COLUMNS
from app.formats.tabular import SITE_COLUMNS, event_rows, flat, sites_and_events


def to_gpkg(features: Sequence[dict[str, Any]], on: date, meta: dict[str, Any] | None = None) -> bytes:
    """Return a GeoPackage with a `bases` point layer and an `events` table; `meta`
    (app.formats.citation) as the dataset's metadata (GDAL writes it to gpkg_metadata)."""
    sites, events_list = sites_and_events(features, on)
    rows = [{k: flat(s.get(k)) for k in SITE_COLUMNS} for s in sites]
    frame = pd.DataFrame(rows, columns=list(SITE_COLUMNS))
    layer = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]),
                             crs="EPSG:4326")
    events = pd.DataFrame([{k: flat(v) for k, v in r.items()} for r in event_rows(events_list)],
                          columns=list(EVENT_COLUMNS))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bases.gpkg"
        pyogrio.write_dataframe(layer, path, layer="bases", driver="GPKG",
                                dataset_metadata={k.upper(): str(v) for k, v in (meta or {}).items()} or None)
        pyogrio.write_dataframe(events.astype("object").where(events.notna(), None), path,
                                layer="events", driver="GPKG")
        body: bytes = path.read_bytes()
        return body
