"""Security: headers and CSP, methods, caps, path traversal, and hostile text through every output."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from tests.conftest import GEODATA
from tests.xss import IMG, JS_URL, RLO, SCRIPT, make_xss_geodata


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(geodata_dir=GEODATA))) as c:
        yield c


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = make_xss_geodata(tmp_path_factory.mktemp("hostile") / "geodata")
    with TestClient(create_app(Settings(geodata_dir=folder))) as c:
        yield c


@pytest.mark.parametrize("path", ["/", "/?lang=ar", "/about", "/bases/taji.html", "/docs"])
def test_pages_have_a_strict_csp(client: TestClient, path: str) -> None:
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "http" not in csp.split("img-src")[0]   # no remote script or style origin
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert len(r.headers["x-request-id"]) == 16


def test_frame_ancestors_follows_the_setting() -> None:
    app = create_app(Settings(geodata_dir=GEODATA, frame_ancestors="https://news.example.org"))
    with TestClient(app) as c:
        assert "frame-ancestors https://news.example.org" in c.get("/").headers["content-security-policy"]


def test_api_responses_get_a_deny_all_csp(client: TestClient) -> None:
    assert client.get("/bases").headers["content-security-policy"].startswith("default-src 'none'")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "TRACE"])
def test_only_get_head_options(client: TestClient, method: str) -> None:
    r = client.request(method, "/bases")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


def test_head_and_options(client: TestClient) -> None:
    assert client.head("/bases/taji").status_code == 200
    r = client.options("/bases", headers={"Origin": "https://x.org", "Access-Control-Request-Method": "GET"})
    assert r.status_code == 204 and r.headers["access-control-allow-origin"] == "*"
    assert "GET" in r.headers["access-control-allow-methods"]


def test_query_length_is_capped(client: TestClient) -> None:
    r = client.get("/bases?q=" + "a" * 5000)
    assert r.status_code == 414 and r.json()["error"]["code"] == "query_too_long"


TRAVERSAL = ["/static/app/../../settings.py", "/static/app/%2e%2e/%2e%2e/settings.py",
             "/static/app/%252e%252e/%252e%252e/settings.py", "/static/vendor/leaflet/..%2f..%2f..%2fapp%2fsettings.py",
             "/static/app/..%5c..%5csettings.py", "/static/vendor/swagger/../../../../../../etc/passwd",
             "/static/app/%2e%2e%2f%2e%2e%2fpyproject.toml", "/bases.geojson/../settings.py",
             "/bases/..%2f..%2fpyproject.toml", "/bases/%2e%2e%2fsettings.py.html"]


@pytest.mark.parametrize("path", TRAVERSAL)
def test_no_path_traversal(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code in (400, 404), r.status_code
    assert b"BaseSettings" not in r.content and b"root:" not in r.content and b"[project]" not in r.content


def test_hostile_text_in_json_and_geojson_is_data(hostile: TestClient) -> None:
    body = hostile.get("/bases/alpha").json()
    assert body["name_en"].startswith(SCRIPT) and RLO in body["name_en"]
    fc = json.loads(hostile.get("/bases.geojson").content)
    assert any(SCRIPT in f["properties"]["name_en"] for f in fc["features"])
    assert hostile.get("/bases.geojson").headers["content-type"] == "application/geo+json"


def test_csv_cells_cannot_run_as_formulas(hostile: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(hostile.get("/bases.csv").content.decode("utf-8-sig"))))
    assert rows and all(r["admin1"].startswith("'=") for r in rows)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "@")) or value == ""
    events = hostile.get("/events.csv").content.decode("utf-8-sig")
    assert SCRIPT in events   # kept as text; a CSV has no markup


def test_kml_stays_well_formed(hostile: TestClient) -> None:
    root = ET.fromstring(hostile.get("/bases.kml").content)
    names = [e.text or "" for e in root.iter("{http://www.opengis.net/kml/2.2}name")]
    assert any(SCRIPT in n for n in names)


@pytest.mark.parametrize("path", ["/", "/bases/alpha.html", "/about", "/bases/alpha.html?lang=ar", "/table?lang=ar",
                                  "/table/events", "/charts/presence", "/charts/events?lang=ar",
                                  "/charts/presence.svg", "/bases/alpha/presence.svg?lang=ar"])
def test_html_pages_escape_hostile_text(hostile: TestClient, path: str) -> None:
    text = hostile.get(path).text
    assert SCRIPT not in text and IMG not in text
    assert f'href="{JS_URL}' not in text


def test_map_data_cannot_close_its_script(hostile: TestClient) -> None:
    text = hostile.get("/").text
    script = text[text.rindex("<script>"):]
    assert script.count("</script>") == 1   # the data's </script> is escaped inside the JSON


def test_bad_data_refuses_to_start(tmp_path: Path) -> None:
    from app.domain.errors import DataError
    for content, reason in ((None, "cannot read"), (b"{", "not valid JSON"),
                            (b'{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
                            (b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": '
                             b'{"type": "Point", "coordinates": [1, 2]}, "properties": {"id": "x"}}]}', "lacks")):
        folder = tmp_path / reason.replace(" ", "-")
        folder.mkdir()
        if content is None:
            (folder / "bases.geojson").mkdir()   # a folder where the file should be: unreadable
        else:
            (folder / "bases.geojson").write_bytes(content)
        with pytest.raises(DataError, match=reason):
            create_app(Settings(geodata_dir=folder))


def test_missing_borders_refuses_to_start(tmp_path: Path) -> None:
    from app.domain.errors import DataError
    (tmp_path / "bases.geojson").write_bytes((GEODATA / "bases.geojson").read_bytes())
    with pytest.raises(DataError, match=r"countries\.geojson"):
        create_app(Settings(geodata_dir=tmp_path))
