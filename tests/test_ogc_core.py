"""OGC API - Features Part 1 details that standard clients trip on (issue 14's first points)."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
ITEMS = "/ogc/collections/bases/items"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(geodata_dir=ROOT / "geodata")))


@pytest.mark.parametrize("path", ["/ogc", "/ogc/"])
def test_both_landing_paths_serve_the_landing_page(client: TestClient, path: str) -> None:
    r = client.get(path, follow_redirects=False)
    assert r.status_code == 200 and {"service-desc", "conformance", "data"} <= {ln["rel"] for ln in r.json()["links"]}


@pytest.mark.parametrize(("query", "parameter"), [("limit=unlimited", "limit"), ("offset=-1", "offset"),
                                                   ("limit=0", "limit"), ("skipGeometry=maybe", "skipGeometry")])
def test_invalid_paging_is_a_400(client: TestClient, query: str, parameter: str) -> None:
    r = client.get(f"{ITEMS}?{query}")
    assert r.status_code == 400 and r.json()["error"]["parameter"] == parameter


def test_a_limit_above_the_maximum_is_served_at_the_maximum(client: TestClient) -> None:
    body = client.get(f"{ITEMS}?limit=10001").json()
    assert body["numberReturned"] == min(body["numberMatched"], 10000)


def test_skip_geometry_and_properties(client: TestClient) -> None:
    kept = client.get(f"{ITEMS}?skipGeometry=false&limit=2").json()["features"]
    assert all(f["geometry"]["type"] == "Point" for f in kept)
    slim = client.get(f"{ITEMS}?skipGeometry=true&properties=id,status&limit=2").json()["features"]
    assert all(f["geometry"] is None and set(f["properties"]) == {"id", "status"} for f in slim)
