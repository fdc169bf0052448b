"""Country borders: Natural Earth admin-0 clipped to the region, shipped in geodata/borders/."""

import json
import subprocess
import tarfile
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pycountry
from babel import Locale
from shapely import box, intersects_xy, prepare, set_precision
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

#: The region the atlas covers: lon 15-75, lat 5-50.
REGION = (15.0, 5.0, 75.0, 50.0)
WORLD_ATLAS = "world-atlas@2.0.2"
LAYER_FILE = "countries-10m.json"
#: Coordinates are snapped to 0.0001 degree (about 11 m), far finer than the 1:10m source.
GRID = 0.0001
BORDERS_FILE = "countries.geojson"
PROVENANCE = """# Country borders

`countries.geojson`: Natural Earth admin-0 countries at 1:10m (public domain, version 4.1.0,
as redistributed in TopoJSON by the npm package `{package}`), clipped to lon {r[0]:g}-{r[2]:g},
lat {r[1]:g}-{r[3]:g}, with ISO 3166-1 alpha-2 codes (pycountry, from the numeric ids) and
coordinates snapped to {grid:g} degree, and
country names in English and Arabic (Unicode CLDR, through Babel).

Made by `bases borders` (it runs `npm pack {package}` and reads `{layer}` with GDAL/pyogrio).
Used to check that each site lies in its country, and as the map's offline basemap.
"""


def fetch_world_atlas(workdir: Path) -> Path:
    """Fetch the world-atlas package from the npm registry and return its 10m countries file."""
    subprocess.run(["npm", "pack", WORLD_ATLAS, "--pack-destination", str(workdir)],
                   check=True, capture_output=True)
    tgz = next(workdir.glob("world-atlas-*.tgz"))
    with tarfile.open(tgz) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package" / LAYER_FILE


def _alpha2(numeric: Any) -> str | None:
    country = pycountry.countries.get(numeric=str(numeric).zfill(3)) if numeric else None
    return country.alpha_2 if country else None


def make_borders(topojson: Path) -> dict[str, Any]:
    """Read Natural Earth TopoJSON, clip it to the region and return a GeoJSON dict."""
    frame = gpd.read_file(topojson, layer="countries")
    frame = frame[frame.intersects(box(*REGION))].copy()
    clipped = frame.geometry.make_valid().intersection(box(*REGION))
    frame["geometry"] = [set_precision(g, GRID) for g in clipped]
    arabic = Locale("ar").territories
    features = []
    for row in frame.sort_values("name").itertuples():
        code = _alpha2(row.id)
        props = {"iso_a2": code, "name_en": row.name,
                 "name_ar": arabic.get(code, row.name) if code else row.name}
        geom = json.loads(gpd.GeoSeries([row.geometry]).to_json())["features"][0]["geometry"]
        features.append({"type": "Feature", "properties": props, "geometry": geom})
    return {"type": "FeatureCollection", "bbox": list(REGION), "features": features}


def write_borders(out_dir: Path, topojson: Path | None = None) -> Path:
    """Write geodata/borders/countries.geojson and its provenance; return the file's path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = topojson or fetch_world_atlas(Path(tmp))
        data = make_borders(source)
    target = out_dir / BORDERS_FILE
    partial = target.with_suffix(".tmp")
    partial.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    partial.replace(target)
    (out_dir / "README.md").write_text(
        PROVENANCE.format(package=WORLD_ATLAS, r=REGION, layer=LAYER_FILE, grid=GRID), "utf-8")
    return target


@cache
def _load(path: Path) -> dict[str, BaseGeometry]:
    data = json.loads(path.read_text("utf-8"))
    shapes: dict[str, BaseGeometry] = {}
    for feature in data["features"]:
        code = feature["properties"]["iso_a2"]
        if code:
            shapes[code] = shape(feature["geometry"])
    return shapes



def countries_at(path: Path, points: list[tuple[float, float]]) -> list[str | None]:
    """Return the country of each point (None outside every country), vectorised."""
    if not points:
        return []
    xs, ys = np.array([p[0] for p in points]), np.array([p[1] for p in points])
    out: list[str | None] = [None] * len(points)
    for code, geom in _load(path).items():
        prepare(geom)
        for i in np.flatnonzero(intersects_xy(geom, xs, ys)):
            out[i] = out[i] or code
    return out
