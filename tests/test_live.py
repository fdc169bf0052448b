"""Through a real uvicorn on 127.0.0.1: media types, downloads read back by real GIS readers."""

import csv
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import httpx
import pyogrio
import pytest

from app.domain.dates import today
from app.domain.timeline import STATUSES
from tests.conftest import GEODATA, ROOT, start_server, stop_server
from tests.flat import bases, differences

DOWNLOADS = [
    ("/bases.geojson", "application/geo+json", "bases.geojson"),
    ("/bases.csv", "text/csv; charset=utf-8", "bases.csv"),
    ("/bases.kml", "application/vnd.google-earth.kml+xml", "bases.kml"),
    ("/bases.gpkg", "application/geopackage+sqlite3", "bases.gpkg"),
    ("/events.csv", "text/csv; charset=utf-8", "events.csv"),
]


def site_count(base: str) -> int:
    count: int = httpx.get(f"{base}/bases?limit=1").json()["count"]
    return count


@pytest.mark.parametrize(("path", "media", "name"), DOWNLOADS)
def test_download_media_type_and_filename(live_server: str, path: str, media: str, name: str) -> None:
    r = httpx.get(live_server + path)
    assert r.status_code == 200
    assert r.headers["content-type"] == media
    assert r.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert r.headers["etag"]


def test_geojson_is_rfc7946(live_server: str, tmp_path: Path) -> None:
    data = httpx.get(f"{live_server}/bases.geojson").json()
    assert data["type"] == "FeatureCollection" and "crs" not in data and len(data["bbox"]) == 4
    for feat in data["features"]:
        lon, lat = feat["geometry"]["coordinates"]
        assert feat["type"] == "Feature" and feat["id"] == feat["properties"]["id"]
        assert data["bbox"][0] <= lon <= data["bbox"][2] and data["bbox"][1] <= lat <= data["bbox"][3]
    path = tmp_path / "b.geojson"
    path.write_bytes(httpx.get(f"{live_server}/bases.geojson?country=SY").content)
    frame = pyogrio.read_dataframe(path)
    assert len(frame) > 0 and set(frame["country"]) == {"SY"}


def test_geojson_filters_and_as_of(live_server: str) -> None:
    data = httpx.get(f"{live_server}/bases.geojson?q=taji&as_of=2020-08-01").json()
    assert [f["id"] for f in data["features"]] == ["taji"]
    assert data["features"][0]["properties"]["status"] == "withdrawal_announced"


def test_csv_parses_with_arabic_intact(live_server: str) -> None:
    text = httpx.get(f"{live_server}/bases.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == site_count(live_server)
    taji = next(r for r in rows if r["id"] == "taji")
    assert taji["name_ar"] == "معسكر التاجي" and float(taji["lat"]) > 33
    events = list(csv.DictReader(io.StringIO(httpx.get(f"{live_server}/events.csv").content.decode("utf-8-sig"))))
    assert any(e["sites"] == "taji" and e["outlet"] == "RT" and e["published"] == "2020-08-23" for e in events)


def test_kml_parses_with_timespans(live_server: str) -> None:
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    root = ET.fromstring(httpx.get(f"{live_server}/bases.kml").content)
    marks = root.findall("k:Document/k:Placemark", ns)   # the sites; the legend's are in a Folder
    assert len(marks) == site_count(live_server)
    taji = next(m for m in marks if m.get("id") == "taji")
    assert taji.find("k:TimeSpan/k:end", ns).text == "2020-08-23"   # type: ignore[union-attr]
    assert "معسكر التاجي" in taji.find("k:name", ns).text   # type: ignore[union-attr,operator]


def test_kml_styles_each_site_by_its_status_on_the_date(live_server: str) -> None:
    """A StyleMap a status; each placemark points at its status's on the download's date; a legend folder."""
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    for as_of, expected in (("2020-08-01", "withdrawal_announced"), ("2021-01-01", "handed_over")):
        root = ET.fromstring(httpx.get(f"{live_server}/bases.kml", params={"as_of": as_of}).content)
        styled = {m.get("id"): m.findtext("k:styleUrl", namespaces=ns)
                  for m in root.findall("k:Document/k:Placemark", ns)}
        sites = httpx.get(f"{live_server}/bases", params={"as_of": as_of, "limit": "1000"}).json()["bases"]
        assert styled == {s["id"]: f"#status-{s['status']}" for s in sites} and styled["taji"] == f"#status-{expected}"
    maps = {m.get("id") for m in root.findall("k:Document/k:StyleMap", ns)}
    assert maps == {f"status-{s}" for s in STATUSES}
    icons = {s.get("id"): s.findtext("k:IconStyle/k:Icon/k:href", namespaces=ns)
             for s in root.findall("k:Document/k:Style", ns) if s.get("id", "").endswith("-normal")}
    assert len(set(icons.values())) == len(STATUSES)   # a shape a status, not only a colour
    colours = {s.get("id"): s.findtext("k:IconStyle/k:color", namespaces=ns)
               for s in root.findall("k:Document/k:Style", ns)}
    assert colours["active-normal"] == "ff50981a"   # the map's #1a9850, in KML's aabbggrr
    legend = root.find("k:Document/k:Folder[@id='legend']", ns)
    assert legend is not None and [m.findtext("k:styleUrl", namespaces=ns) for m in legend.findall("k:Placemark", ns)] \
        == [f"#status-{s}" for s in STATUSES]


def test_gpkg_reads_back_with_pyogrio(live_server: str, tmp_path: Path) -> None:
    path = tmp_path / "bases.gpkg"
    path.write_bytes(httpx.get(f"{live_server}/bases.gpkg").content)
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert layers == {"bases", "events", "layer_styles"}
    bases = pyogrio.read_dataframe(path, layer="bases")
    assert len(bases) == site_count(live_server) and bases.crs.to_epsg() == 4326
    events = pyogrio.read_dataframe(path, layer="events")
    assert ((events["sites"] == "taji") & (events["type"] == "handover")).any()
    assert events["id"].is_unique   # a coalition-wide event is one row


def test_gpkg_types_dates_and_carries_a_qgis_style(live_server: str, tmp_path: Path) -> None:
    """GeoPackage 1.3 (Debian's GDAL reads it without a warning), DATE bounds, QGIS's layer_styles row."""
    import sqlite3

    path = tmp_path / "bases.gpkg"
    path.write_bytes(httpx.get(f"{live_server}/bases.gpkg").content)
    types = dict(zip(*(pyogrio.read_info(path, layer="bases")[k] for k in ("fields", "dtypes")), strict=True))
    assert types["last_reported_start"] == types["last_reported_end"] == "datetime64[D]"
    assert types["last_reported"] == types["last_reported_precision"] == "object"
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (10300,)
        # stamped with the day it is made for, not the clock: every worker makes the same bytes
        assert {r[0] for r in db.execute("SELECT last_change FROM gpkg_contents")} == {f"{today()}T00:00:00.000Z"}
        declared = {row[1]: row[2] for row in db.execute("PRAGMA table_info(events)")}
        assert declared["date_start"] == declared["published_end"] == "DATE" and declared["date"] == "TEXT"
        style = db.execute("SELECT f_table_name, f_geometry_column, useAsDefault, styleQML, styleSLD "
                           "FROM layer_styles").fetchall()
    assert len(style) == 1 and style[0][:3] == ("bases", "geom", 1)
    qml = ET.fromstring(style[0][3].split("\n", 1)[1])
    renderer = qml.find("renderer-v2")
    assert renderer is not None and renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "status"
    assert [c.get("value") for c in renderer.iter("category")] == list(STATUSES)
    assert ET.fromstring(style[0][4].encode()).tag == "{http://www.opengis.net/sld}StyledLayerDescriptor"
    frame = pyogrio.read_dataframe(path, layer="bases")
    month = frame[frame["last_reported_precision"] == "month"]
    assert len(month) > 0 and (month["last_reported_start"].dt.day == 1).all()


def test_gdal_oapif_driver_reads_every_site(live_server: str) -> None:
    frame = pyogrio.read_dataframe(f"OAPIF:{live_server}/ogc", layer="bases")
    assert sorted(frame["id"]) == sorted(b["id"] for b in httpx.get(f"{live_server}/bases?limit=1000").json()["bases"])
    events = pyogrio.read_dataframe(f"OAPIF:{live_server}/ogc", layer="events")
    assert len(events) == httpx.get(f"{live_server}/events?limit=1").json()["count"]


def test_ogc_landing_conformance_and_paging(live_server: str) -> None:
    landing = httpx.get(f"{live_server}/ogc").json()
    rels = {ln["rel"] for ln in landing["links"]}
    assert {"self", "service-desc", "service-doc", "conformance", "data"} <= rels
    assert all(ln["href"].startswith("http://127.0.0.1") for ln in landing["links"])
    conf = httpx.get(f"{live_server}/ogc/conformance").json()["conformsTo"]
    assert any(c.endswith("/conf/core") for c in conf) and any(c.endswith("/conf/geojson") for c in conf)
    page = httpx.get(f"{live_server}/ogc/collections/bases/items?limit=3")
    assert page.headers["content-type"] == "application/geo+json"
    body = page.json()
    assert body["numberReturned"] == 3 and body["numberMatched"] == site_count(live_server)
    nxt = next(ln["href"] for ln in body["links"] if ln["rel"] == "next")
    assert "offset=3" in nxt and nxt.startswith("http://127.0.0.1")
    one = httpx.get(f"{live_server}/ogc/collections/bases/items/taji").json()
    assert one["id"] == "taji" and one["type"] == "Feature"
    later = httpx.get(f"{live_server}/ogc/collections/events/items?datetime=2026-01-01/..").json()
    assert later["features"] and all(f["properties"]["date"] >= "2026" for f in later["features"])


def test_gzip_for_large_bodies(live_server: str) -> None:
    r = httpx.get(f"{live_server}/bases.geojson", headers={"Accept-Encoding": "gzip"})
    assert r.headers.get("content-encoding") == "gzip"


def test_head_works_where_get_does(live_server: str) -> None:
    r = httpx.head(f"{live_server}/bases.geojson")
    assert r.status_code == 200 and r.headers["content-type"] == "application/geo+json"


def test_serve_refuses_to_start_on_missing_data(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "app", "serve", "--port", "1"], cwd=ROOT,
                          env={"BASES_GEODATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "bases.geojson" in lines[0] and "cannot read" in lines[0]


def test_serve_refuses_invalid_data(tmp_path: Path) -> None:
    (tmp_path / "bases.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [{}]}))
    proc = subprocess.run([sys.executable, "-m", "app", "serve"], cwd=ROOT,
                          env={"BASES_GEODATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "feature 0" in proc.stderr


def test_one_structured_log_line_per_request() -> None:
    proc, base = start_server(GEODATA)
    ids = [httpx.get(f"{base}{path}").headers["x-request-id"] for path in ("/bases", "/nope", "/bases.geojson")]
    err = stop_server(proc)
    lines = [json.loads(ln) for ln in err.splitlines() if ln.startswith("{")]
    by_id = {ln["request_id"]: ln for ln in lines}
    assert [by_id[i]["path"] for i in ids] == ["/bases", "/nope", "/bases.geojson"]
    assert [by_id[i]["status"] for i in ids] == [200, 404, 200]
    assert all(set(by_id[i]) == {"method", "path", "status", "ms", "request_id"} for i in ids)


@pytest.mark.parametrize("path", ["/bases.gpkg", "/bases.geojson", "/bases.csv"])
def test_downloads_serve_byte_ranges(live_server: str, path: str) -> None:
    whole = httpx.get(live_server + path)
    assert whole.headers["accept-ranges"] == "bytes"
    head = httpx.head(live_server + path, headers={"Accept-Encoding": "identity"})
    assert int(head.headers["content-length"]) == len(whole.content)
    part = httpx.get(live_server + path, headers={"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == whole.content[10:20]
    assert part.headers["content-range"] == f"bytes 10-19/{len(whole.content)}"
    tail = httpx.get(live_server + path, headers={"Range": "bytes=-7"})
    assert tail.status_code == 206 and tail.content == whole.content[-7:]
    beyond = httpx.get(live_server + path, headers={"Range": f"bytes={len(whole.content)}-"})
    assert beyond.status_code == 416 and beyond.headers["content-range"] == f"bytes */{len(whole.content)}"


def test_gdal_reads_the_downloads_remotely_with_a_bbox(live_server: str) -> None:
    """GDAL's /vsicurl/ (as pyogrio uses it) reads the GeoPackage by ranges, and a GeoJSON with a bbox."""
    box = (38.0, 32.0, 45.0, 37.5)
    gpkg = pyogrio.read_dataframe(f"/vsicurl/{live_server}/bases.gpkg", layer="bases", bbox=box)
    inside = bases(live_server, bbox=",".join(map(str, box)))
    assert differences(gpkg.to_dict("records"), inside) == []   # every field of every site in the box
    geo = pyogrio.read_dataframe(f"/vsicurl/{live_server}/bases.geojson", bbox=box)
    assert sorted(geo["id"]) == sorted(gpkg["id"])
    assert differences(geo.to_dict("records"), inside, ("id", "status", "last_reported", "last_reported_end")) == []


@pytest.mark.parametrize("collection", ["bases", "events"])
def test_owslib_pages_through_each_collection(live_server: str, collection: str) -> None:
    """A third-party OGC API client (OWSLib) pages a collection to its end: every feature once."""
    from owslib.ogcapi.features import Features

    api = Features(f"{live_server}/ogc")
    got: list[dict] = []  # type: ignore[type-arg]
    offset = 0
    while True:
        page = api.collection_items(collection, limit=7, offset=offset)
        got += page["features"]
        offset += 7
        if offset >= page["numberMatched"]:
            break
    assert len(got) == page["numberMatched"] == len({f["id"] for f in got}) > 0


@pytest.mark.parametrize(("path", "media", "name"), DOWNLOADS)
def test_a_download_that_matches_nothing_is_an_empty_file_not_an_error(live_server: str, path: str, media: str,
                                                                      name: str, tmp_path: Path) -> None:
    r = httpx.get(f"{live_server}{path}?country=ZW")   # no site is in Zimbabwe
    assert r.status_code == 200 and r.headers["content-type"] == media
    if path.endswith((".gpkg", ".geojson", ".kml")):
        (tmp_path / name).write_bytes(r.content)
        layer = {"bases.gpkg": "bases"}.get(name)
        frame = pyogrio.read_dataframe(tmp_path / name, layer=layer)
        assert frame.geometry.notna().sum() == 0   # the KML keeps its legend: placemarks without a position
    else:
        assert len(r.text.strip().splitlines()) == 1   # the header row only
