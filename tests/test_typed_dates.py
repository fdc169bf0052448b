"""Typed dates in every format: each date with its precision and the full days it may stand for (issue 14, item 3)."""

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.domain.dates import typed_date
from app.domain.schema import EVENT_COLUMNS, SITE_DATES, SOURCE_COLUMNS
from app.formats.tabular import SITE_COLUMNS
from app.main import create_app
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
COMPANIONS = ("_precision", "_start", "_end")


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(geodata_dir=ROOT / "geodata")))


def typed(record: dict[str, Any], name: str) -> bool:
    """The record's date `name` comes with the companions typed_date gives it."""
    return {k: record.get(k) for k in typed_date(name, None)} == typed_date(name, record[name])


def csv_rows(client: TestClient, path: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(client.get(path).content.decode("utf-8-sig"))))


def test_columns_follow_each_date() -> None:
    for name in SITE_DATES:
        at = SITE_COLUMNS.index(name)
        assert SITE_COLUMNS[at + 1:at + 4] == tuple(name + c for c in COMPANIONS)
    assert EVENT_COLUMNS[1:5] == ("date", "date_precision", "date_start", "date_end")
    assert SOURCE_COLUMNS[1:5] == ("published", "published_precision", "published_start", "published_end")


def test_bases_json_and_geojson(client: TestClient) -> None:
    sites = client.get("/bases?limit=1000").json()["bases"]
    assert all(typed(s, n) for s in sites for n in ("status_date", "last_reported", "searched_to"))
    assert {s["last_reported_precision"] for s in sites} >= {"day", "month"}
    one = next(s for s in sites if s["last_reported_precision"] == "month")
    assert one["last_reported_start"].endswith("-01") and one["last_reported_start"][:7] == one["last_reported"]
    features = client.get("/bases.geojson").json()["features"]
    assert all(typed(f["properties"], n) for f in features for n in SITE_DATES)
    detail = client.get(f"/bases/{one['id']}").json()
    assert typed(detail, "first_reported") and all(typed(e, "date") for e in detail["events"])


def test_events_json_with_its_sources(client: TestClient) -> None:
    events = client.get("/events?limit=1000").json()["events"]
    assert {e["date_precision"] for e in events} >= {"day", "month"}
    assert all(typed(e, "date") and all(typed(s, "published") for s in e["sources"]) for e in events)
    vias = [s["via"] for e in events for s in e["sources"] if s["via"]]   # a publication's date is often unknown
    assert vias and all(typed(v, "published") for v in vias if "published" in v)


def test_csv_of_sites_and_of_events(client: TestClient) -> None:
    sites = {r["id"]: r for r in csv_rows(client, "/bases.csv")}
    for site in client.get("/bases?limit=1000").json()["bases"]:
        for name in ("last_reported", "status_date"):
            assert {k: sites[site["id"]][k] for k in typed_date(name, None)} == \
                {k: v or "" for k, v in typed_date(name, site[name]).items()}
    events = csv_rows(client, "/events.csv")
    month = [e for e in events if e["date_precision"] == "month"]
    assert month and all(e["date_end"][:7] == e["date"] and e["date_start"] < e["date_end"] for e in month)
    assert all(e["published_start"] <= e["published_end"] for e in events)


def test_kml_extended_data(client: TestClient) -> None:
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    root = ET.fromstring(client.get("/bases.kml").content)
    sites = {s["id"]: s for s in client.get("/bases?limit=1000").json()["bases"]}
    for mark in root.findall("k:Document/k:Placemark", ns):
        data = {d.get("name"): d.findtext("k:value", namespaces=ns) for d in mark.iter(f"{{{ns['k']}}}Data")}
        expected = typed_date("last_reported", sites[mark.get("id")]["last_reported"])  # type: ignore[index]
        assert {k: data[k] for k in expected} == {k: v or "" for k, v in expected.items()}
