"""Sites and events as a GeoPackage: a `bases` point layer and an `events` table."""

import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from app.formats.tabular import EVENT_COLUMNS, SITE_COLUMNS, event_rows, flat, site_rows


def to_gpkg(features: Sequence[dict[str, Any]], on: date) -> bytes:
    """Return a GeoPackage with a `bases` point layer and an `events` table."""
    rows = [{k: flat(v) for k, v in r.items()} for r in site_rows(features, on)]
    frame = pd.DataFrame(rows, columns=list(SITE_COLUMNS))
    layer = gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]),
                             crs="EPSG:4326")
    events = pd.DataFrame([{k: flat(v) for k, v in r.items()} for r in event_rows(features)],
                          columns=list(EVENT_COLUMNS))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bases.gpkg"
        pyogrio.write_dataframe(layer, path, layer="bases", driver="GPKG")
        pyogrio.write_dataframe(events.astype("object").where(events.notna(), None), path,
                                layer="events", driver="GPKG")
        body: bytes = path.read_bytes()
        return body
