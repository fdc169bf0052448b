"""Third-party validators and readers on a live server (issue 14, item 6): they know the standards better
than our own assertions. Each is installed by `make test` (`make peers`); the README lists the commands."""

import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from lxml import etree

from app.domain.schema import EVENT_COLUMNS, SOURCE_COLUMNS
from app.domain.symbols import SYMBOLS
from app.domain.timeline import STATUSES
from app.formats.layer_style import QGIS_SHAPES
from tests.conftest import ROOT
from tests.flat import bases, differences

GEOJSONHINT = ROOT / "tests" / "peers" / "node_modules" / ".bin" / "geojsonhint"
SYSTEM_PYTHON = "/usr/bin/python3"   # Debian's, with Debian's GDAL bindings (python3-gdal)
BOX = "38,32,45,37.5"
GEOJSON = ["/bases.geojson", "/bases.geojson?country=SY&as_of=2020-08-01", f"/bases.geojson?bbox={BOX}&status=active",
           "/ogc/collections/bases/items?limit=5", "/ogc/collections/bases/items/taji",
           "/ogc/collections/events/items?limit=1000"]


def tool(path: Path | str | None, install: str) -> str:
    """A peer's executable, or a failure saying how to install it (a peer that is absent must not pass)."""
    if path is None or not Path(path).exists():
        pytest.fail(f"{path or 'the peer'} is missing: {install}")
    return str(path)


def run(args: list[str], data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, input=data, capture_output=True, timeout=120, check=False)


def geojsonhint(body: bytes) -> subprocess.CompletedProcess[bytes]:
    return run([tool(GEOJSONHINT, "make peers (npm ci in tests/peers)"), "--format", "json"], body)


@pytest.mark.parametrize("path", GEOJSON)
def test_geojsonhint_finds_nothing_in_our_geojson(live_server: str, path: str) -> None:
    r = httpx.get(live_server + path)
    assert r.status_code == 200 and r.headers["content-type"] == "application/geo+json"
    hint = geojsonhint(r.content)
    assert (hint.returncode, hint.stdout.decode()) == (0, "")


def test_geojsonhint_does_find_a_fault() -> None:
    bad = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                      "geometry": {"type": "Point", "coordinates": [44.0]}}]}
    hint = geojsonhint(json.dumps(bad).encode())
    assert hint.returncode == 1 and "position must have 2 or more elements" in hint.stdout.decode()


def kml_schema() -> etree.XMLSchema:
    """OGC KML 2.2's XSD as PyPI's fastkml ships it, its imports (Atom, xAL, gx) read beside it, never fetched."""
    spec = importlib.util.find_spec("fastkml")
    assert spec is not None and spec.origin, "pip install fastkml (the test extra)"
    xsd = Path(spec.origin).parent / "schema" / "ogckml22.xsd"
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(xsd), parser))


@pytest.mark.parametrize("query", ["", "?as_of=2020-08-01", "?country=IQ&status=handed_over", "?q=nomatchatall"])
def test_kml_is_valid_ogc_kml_22(live_server: str, query: str) -> None:
    schema = kml_schema()
    doc = etree.fromstring(httpx.get(f"{live_server}/bases.kml{query}").content)
    assert schema.validate(doc), schema.error_log
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    marks = doc.findall("k:Document/k:Placemark", ns)
    params = dict(p.split("=") for p in query[1:].split("&") if p)
    assert len(marks) == len(bases(live_server, **params))
    data = [{d.get("name"): d.findtext("k:value", namespaces=ns) for d in m.iter(f"{{{ns['k']}}}Data")}
            for m in marks]
    assert differences(data, bases(live_server, **params), as_text=True) == []   # ExtendedData: every field
    moved = marks[0] if marks else doc.find(".//k:Folder/k:Placemark", ns)
    assert moved is not None
    moved.append(moved.find("k:name", ns))   # a placemark's name last: out of KML's order
    assert not schema.validate(doc)


def validate_gpkg() -> str:
    """validate_gpkg.py of PyPI's gdal-utils (installed without its `gdal` requirement, which would build GDAL)."""
    spec = importlib.util.find_spec("osgeo_utils")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("osgeo_utils is missing: make peers (pip install --no-deps gdal-utils)")
    return str(Path(next(iter(spec.submodule_search_locations))) / "samples" / "validate_gpkg.py")


@pytest.mark.parametrize("query", ["", "?as_of=2020-08-01", "?country=SY", "?q=nomatchatall"])
def test_validate_gpkg_finds_nothing(live_server: str, tmp_path: Path, query: str) -> None:
    """Every requirement, extra checks on, warnings as errors, with Debian's GDAL checking the geometries."""
    path = tmp_path / "bases.gpkg"
    path.write_bytes(httpx.get(f"{live_server}/bases.gpkg{query}").content)
    python = tool(SYSTEM_PYTHON, "apt-get install python3-gdal (make sysdeps)")
    assert run([python, "-c", "from osgeo import ogr"]).returncode == 0, "apt-get install python3-gdal"
    check = run([python, validate_gpkg(), "-k", "--extra", "--warning-as-error", str(path)])
    assert (check.returncode, check.stdout.decode(), check.stderr.decode()) == (0, "", "")


def test_validate_gpkg_does_find_a_fault(live_server: str, tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "bases.gpkg"
    path.write_bytes(httpx.get(f"{live_server}/bases.gpkg").content)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE layer_styles SET update_time = '1 December'")
    check = run([SYSTEM_PYTHON, validate_gpkg(), "-k", "--extra", "--warning-as-error", str(path)])
    assert check.returncode == 1 and "update_time" in check.stdout.decode()


def ogr(name: str) -> str:
    return tool(shutil.which(name), "apt-get install gdal-bin (make sysdeps)")


def test_ogrinfo_opens_the_remote_geopackage_without_a_warning(live_server: str) -> None:
    info = run([ogr("ogrinfo"), "-ro", "-so", "-al", f"/vsicurl/{live_server}/bases.gpkg"])
    out, err = info.stdout.decode(), info.stderr.decode()
    assert info.returncode == 0 and err == "", err
    assert f"Feature Count: {len(bases(live_server))}" in out
    assert re.search(r"^last_reported_start: Date", out, re.M) and re.search(r"^date_end: Date", out, re.M)


@pytest.mark.parametrize("spat", [None, BOX])
def test_ogr2ogr_from_the_remote_geopackage_loses_no_value(live_server: str, spat: str | None) -> None:
    """Every field of every site, as GDAL reads it through /vsicurl/ (with -spat, the box's sites)."""
    args = [ogr("ogr2ogr"), "-f", "GeoJSON", "/vsistdout/", f"/vsicurl/{live_server}/bases.gpkg", "bases"]
    out = run(args + (["-spat", *spat.split(",")] if spat else []))
    assert out.returncode == 0 and out.stderr.decode() == "", out.stderr.decode()
    read = [f["properties"] for f in json.loads(out.stdout)["features"]]
    assert differences(read, bases(live_server, **({"bbox": spat} if spat else {}))) == []


def test_ogr2ogr_reads_every_event_of_the_remote_geopackage(live_server: str) -> None:
    """The `events` table through /vsicurl/: each event once, every column as /events gives it."""
    out = run([ogr("ogr2ogr"), "-f", "GeoJSON", "/vsistdout/", f"/vsicurl/{live_server}/bases.gpkg", "events"])
    assert out.returncode == 0 and out.stderr == b"", out.stderr
    read = [f["properties"] for f in json.loads(out.stdout)["features"]]
    events = httpx.get(f"{live_server}/events", params={"limit": "1000"}).json()["events"]
    flat = {e["id"]: {**e, **{k: e["source"][k] for k in SOURCE_COLUMNS if k != "via"},
                      "via": (e["source"]["via"] or {}).get("outlet")} for e in events}
    assert differences(read, flat, [c for c in EVENT_COLUMNS if c != "other_sources"]) == []


def test_gdal_reads_the_remote_csv_as_the_readme_says(live_server: str) -> None:
    """The README's command for the CSV: points from lon/lat, the date bounds typed Date, every value kept."""
    readme = " ".join((ROOT / "README.md").read_text("utf-8").replace("\\\n", " ").split())
    opts = ["-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", "-oo", "AUTODETECT_TYPE=YES",
            "-oo", "AUTODETECT_SIZE_LIMIT=0", "-oo", "KEEP_GEOM_COLUMNS=NO"]
    assert all(f"-oo {o}" in readme for o in opts[1::2]), "the README's CSV command and this test differ"
    url = f"/vsicurl/{live_server}/bases.csv"
    info = run([ogr("ogrinfo"), "-ro", "-so", *opts, url, "bases"])
    assert info.returncode == 0 and info.stderr == b"" and "Geometry: Point" in info.stdout.decode(), info.stderr
    assert re.search(r"^status_date_end: Date", info.stdout.decode(), re.M)
    out = run([ogr("ogr2ogr"), "-f", "GeoJSON", "-a_srs", "EPSG:4326", "/vsistdout/", *opts, url, "bases"])
    assert out.returncode == 0 and out.stderr == b"", out.stderr
    features = json.loads(out.stdout)["features"]
    read = [{**f["properties"], "lon": f["geometry"]["coordinates"][0], "lat": f["geometry"]["coordinates"][1]}
            for f in features]
    assert differences(read, bases(live_server)) == []


def test_the_styles_use_the_maps_colours() -> None:
    """The GeoPackage's QGIS style and the KML take the map's colours: app.domain.symbols agrees with atlas.css."""
    css = (ROOT / "app" / "pages" / "static" / "atlas.css").read_text("utf-8")
    for status in STATUSES:
        rule = re.search(rf"\.status-{status} \{{([^}}]*)\}}", css)
        colour = re.search(r"background: #([0-9a-f]{6}|[0-9a-f]{3});", rule[1]) if rule else None
        assert rule and colour, status
        full = colour[1] if len(colour[1]) == 6 else "".join(c * 2 for c in colour[1])   # #fff is #ffffff
        assert f"#{full}" == SYMBOLS[status].colour, status
        assert ("dashed" in rule[1]) == SYMBOLS[status].dashed, status


def test_qgis_opens_the_geopackage_coloured_by_status(live_server: str, tmp_path: Path) -> None:
    """Headless QGIS (Debian's python3-qgis) applies the GeoPackage's own style: a category a status, the
    map's colour and shape each; and types the date bounds as dates."""
    python = tool(SYSTEM_PYTHON, "apt-get install python3-qgis (make qgis)")
    if run([python, "-c", "import qgis.core"]).returncode:
        pytest.skip("headless QGIS is not installed (`make qgis`; too slow to install within CI's time)")
    path = tmp_path / "bases.gpkg"
    path.write_bytes(httpx.get(f"{live_server}/bases.gpkg").content)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_RUNTIME_DIR": str(tmp_path)}
    out = subprocess.run([python, str(ROOT / "tests" / "peers" / "qgis_layer.py"), str(path), "bases"], env=env,
                         capture_output=True, timeout=180, check=False)
    assert out.returncode == 0, out.stderr.decode()
    got = json.loads(out.stdout)
    assert got["valid"] and got["count"] == len(bases(live_server)) and got["attribute"] == "status"
    assert [(c["value"], c["colour"], c["shape"]) for c in got["categories"]] == \
        [(s, SYMBOLS[s].colour, QGIS_SHAPES[SYMBOLS[s].shape]) for s in STATUSES]
    assert got["types"]["last_reported_start"] == got["types"]["status_date_end"] == "Date"
    assert got["types"]["last_reported"] == "String" and got["types"]["stale"] == "Boolean"
