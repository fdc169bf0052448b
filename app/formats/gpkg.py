"""Sites and events as a GeoPackage 1.3: a `bases` point layer styled by status for QGIS, and an `events` table.

GeoPackage 1.3, not GDAL's default 1.4: Debian's GDAL (3.6) warns that it may read 1.4 only
partially, and the tables here use nothing 1.4 added. The bounds of partial dates are real DATE
columns; the style is QGIS's own `layer_styles` table (QML and SLD), which QGIS applies on opening.
"""

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyogrio.raw
import shapely

from app.domain.schema import DATE_COLUMNS, EVENT_COLUMNS
from app.formats.layer_style import qml, sld
from app.formats.tabular import SITE_COLUMNS, event_rows, flat, sites_and_events

VERSION = "1.3"
LAYER = "bases"


def _arrays(rows: list[dict[str, Any]], columns: Sequence[str]) -> list[np.ndarray]:
    """One array a column: full dates as datetime64[D] (written as DATE, NaT as null), lists joined."""
    frame = pd.DataFrame([{k: flat(r.get(k)) for k in columns} for r in rows], columns=list(columns))
    out = []
    for name in columns:
        if name in DATE_COLUMNS:
            out.append(np.array([r.get(name) or "NaT" for r in rows], dtype="datetime64[D]"))
        elif frame[name].dtype == object:
            out.append(frame[name].astype(object).where(frame[name].notna(), None).to_numpy())
        else:
            out.append(frame[name].to_numpy())
    return out


def _styles(on: date) -> tuple[list[np.ndarray], list[str]]:
    """The one row of QGIS's `layer_styles` table: the default style of the `bases` layer (its time in UTC,
    GDAL's offset code 100, so that it is written with the Z that GeoPackage's DATETIME requires)."""
    row = {"f_table_catalog": "", "f_table_schema": "", "f_table_name": LAYER, "f_geometry_column": "geom",
           "styleName": "status", "styleQML": qml(), "styleSLD": sld(LAYER), "useAsDefault": True,
           "description": "Sites by status, with the map's colours and shapes", "owner": "",
           "ui": None}
    fields = [*row, "update_time"]
    data = [np.array([v], dtype=bool if isinstance(v, bool) else object) for v in row.values()]
    return [*data, np.array([on], dtype="datetime64[s]")], fields


@contextmanager
def _stamped(on: date) -> Iterator[None]:
    """GDAL's writes stamped with the day the file is made for, not the clock (gpkg_contents.last_change):
    every process then makes the same bytes, so workers agree on ETags and on the bytes of each range."""
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": f"{on.isoformat()}T00:00:00.000Z"})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})


def to_gpkg(features: Sequence[dict[str, Any]], on: date, meta: dict[str, Any] | None = None) -> bytes:
    """Return a GeoPackage with a `bases` point layer (styled by status), an `events` table and the style;
    `meta` (app.formats.citation) as the dataset's metadata (GDAL writes it to gpkg_metadata)."""
    sites, events = sites_and_events(features, on)
    coords = np.array([(s["lon"], s["lat"]) for s in sites], dtype=float).reshape(-1, 2)   # (0, 2) when none
    points = shapely.to_wkb(shapely.points(coords))
    style_data, style_fields = _styles(on)
    with _stamped(on), tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bases.gpkg"
        pyogrio.raw.write(path, np.asarray(points, dtype=object), _arrays(sites, SITE_COLUMNS), list(SITE_COLUMNS),
                          layer=LAYER, driver="GPKG", geometry_type="Point", crs="EPSG:4326",
                          dataset_options={"VERSION": VERSION},
                          dataset_metadata={k.upper(): str(v) for k, v in (meta or {}).items()} or None)
        pyogrio.raw.write(path, None, _arrays(event_rows(events), EVENT_COLUMNS), list(EVENT_COLUMNS),
                          layer="events", driver="GPKG")
        pyogrio.raw.write(path, None, style_data, style_fields, layer="layer_styles", driver="GPKG",
                          layer_options={"FID": "id"}, gdal_tz_offsets={"update_time": np.array([100])})
        body: bytes = path.read_bytes()
        return body
