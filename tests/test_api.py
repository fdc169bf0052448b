"""The JSON API through the app: filters return the right sites, errors share one shape."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(geodata_dir=ROOT / "geodata"))) as c:
        yield c


def ids(body: dict[str, Any]) -> list[str]:
    return [b["id"] for b in body["bases"]]


def test_healthz(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json()["status"] == "ok" and r.json()["sites"] >= 9


def test_bases_lists_every_site_with_the_documented_fields(client: TestClient) -> None:
    body = client.get("/bases?limit=1000").json()
    assert body["count"] == len(body["bases"]) >= 9
    assert set(body) >= {"count", "as_of", "bases", "links"}
    for base in body["bases"]:
        assert {"id", "name_en", "name_ar", "kind", "country", "admin1", "lon", "lat", "uncertainty_m",
                "status", "status_date", "nations", "event_count", "links"} <= set(base)
        assert [ln["rel"] for ln in base["links"]] == ["self", "events", "map", "alternate"]


def test_country_filter(client: TestClient) -> None:
    body = client.get("/bases?country=sy&limit=1000").json()
    assert body["bases"] and all(b["country"] == "SY" for b in body["bases"])
    assert {"tanf", "qasrak", "al-omar", "conoco"} <= set(ids(body))
    assert "taji" not in ids(body)


def test_kind_and_nation_filters(client: TestClient) -> None:
    air = ids(client.get("/bases?kind=air_base&limit=1000").json())
    assert "ain-al-asad" in air and "tanf" not in air
    british = ids(client.get("/bases?nation=GB&as_of=2020-03-15&limit=1000").json())
    assert "taji" in british and "conoco" not in british
    assert "taji" not in ids(client.get("/bases?nation=GB&limit=1000").json())   # handed over on 2020-08-23


def test_as_of_changes_taji_across_the_handover(client: TestClient) -> None:
    before = client.get("/bases/taji?as_of=2020-08-22").json()
    after = client.get("/bases/taji?as_of=2020-08-23").json()
    assert (before["status"], before["status_date"]) == ("withdrawal_announced", "2020-07-16")
    assert (after["status"], after["status_date"]) == ("handed_over", "2020-08-23")
    handed = ids(client.get("/bases?status=handed_over&as_of=2020-09-01&limit=1000").json())
    assert "taji" in handed
    assert "taji" not in ids(client.get("/bases?status=handed_over&as_of=2020-08-01").json())


def test_bbox_filter(client: TestClient) -> None:
    # a box around Baghdad and Taji, not Anbar or Syria
    body = client.get("/bases?bbox=44.0,33.0,45.0,33.8&limit=1000").json()
    assert {"taji", "baghdad-embassy"} <= set(ids(body))
    assert "ain-al-asad" not in ids(body) and "tanf" not in ids(body)


@pytest.mark.parametrize(("q", "site"), [("التاجي", "taji"), ("Camp Taji", "taji"), ("التنف", "tanf"),
                                         ("ain al asad", "ain-al-asad")])
def test_q_filter_uses_the_geocoder(client: TestClient, q: str, site: str) -> None:
    assert ids(client.get("/bases", params={"q": q}).json()) == [site]


def test_paging_has_next_links_that_walk_every_site(client: TestClient) -> None:
    seen: list[str] = []
    url: str | None = "/bases?limit=4"
    while url:
        body = client.get(url).json()
        seen += ids(body)
        url = next((ln["href"] for ln in body["links"] if ln["rel"] == "next"), None)
    assert seen == ids(client.get("/bases?limit=1000").json())


def test_base_detail_has_timeline_and_sources(client: TestClient) -> None:
    body = client.get("/bases/taji").json()
    assert body["location_source"] and body["events"]
    assert all(e["source"]["outlet"] and e["source"]["published"] for e in body["events"])


def test_unknown_base_is_404_with_suggestions(client: TestClient) -> None:
    r = client.get("/bases/tajj")
    assert r.status_code == 404
    assert "taji" in r.json()["error"]["did_you_mean"]


def test_events_filters(client: TestClient) -> None:
    body = client.get("/events?type=handover&since=2020-08-01&until=2020-08-31").json()
    assert [(e["sites"], e["date"]) for e in body["events"]] == [(["taji"], "2020-08-23")]
    gb = client.get("/events?nation=GB&base=taji").json()
    assert gb["events"] and all("GB" in e["nations"] and "taji" in e["sites"] for e in gb["events"])
    assert client.get("/bases/taji/events").json()["count"] == len(client.get("/bases/taji").json()["events"])


def test_geocode_endpoint_matches_the_cli_shape(client: TestClient) -> None:
    body = client.get("/geocode", params={"q": "قاعدة عين الأسد"}).json()
    assert set(body) == {"query", "match", "candidates"} and body["match"]["id"] == "ain-al-asad"
    assert client.get("/geocode", params={"q": "Ain al-Arab"}).json()["match"] is None


BAD = [
    ("/bases?as_of=2020-13-01", 400, "as_of"), ("/bases?as_of=yesterday", 400, "as_of"),
    ("/bases?bbox=1,2,3", 400, "bbox"), ("/bases?bbox=50,30,40,35", 400, "bbox"),
    ("/bases?bbox=10,-95,20,30", 400, "bbox"), ("/bases?bbox=a,b,c,d", 400, "bbox"),
    ("/bases?limit=-1", 400, "limit"), ("/bases?limit=100000", 400, "limit"),
    ("/bases?limit=ten", 400, "limit"), ("/bases?offset=-5", 400, "offset"),
    ("/bases?status=closed", 400, "status"), ("/bases?country=Iraq", 400, "country"),
    ("/bases?country=XX", 400, "country"), ("/bases?kind=castle", 400, "kind"),
    ("/bases?nation=USA", 400, "nation"), ("/events?type=party", 400, "type"),
    ("/events?since=2020-02-30", 400, "since"), ("/events?base=nowhere", 400, "base"),
    ("/bases/taji?as_of=2999", 400, "as_of"), ("/geocode", 400, "q"),
    ("/bases?q=" + "x" * 500, 400, "q"), ("/bases.csv?country=ZZ", 400, "country"),
    ("/ogc/collections/bases/items?bbox=1,2", 400, "bbox"),
    ("/ogc/collections/bases/items?limit=0", 400, "limit"),
    ("/ogc/collections/bases/items?datetime=2020-99-01", 400, "datetime"),
    ("/ogc/collections/bases/items?colour=red", 400, "colour"),
    ("/ogc/collections/nope/items", 404, "collectionId"),
    ("/bases/nowhere", 404, "id"),
]


@pytest.mark.parametrize(("url", "status", "param"), BAD)
def test_bad_input_gets_a_4xx_naming_the_parameter(client: TestClient, url: str, status: int,
                                                   param: str) -> None:
    r = client.get(url)
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json"
    err = r.json()["error"]
    assert set(err) >= {"status", "code", "message", "parameter"}
    assert err["status"] == status and err["parameter"] == param and err["message"]


def test_every_error_body_has_the_same_shape(client: TestClient) -> None:
    shapes = {tuple(sorted(k for k in client.get(u).json()["error"]
                           if k in {"status", "code", "message", "parameter"})) for u, _, _ in BAD}
    shapes.add(tuple(sorted(client.get("/no/such/route").json()["error"])))
    assert shapes == {("code", "message", "parameter", "status")}


def test_etag_gives_304(client: TestClient) -> None:
    first = client.get("/bases?country=IQ")
    again = client.get("/bases?country=IQ", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/bases?country=SY", headers={"If-None-Match": first.headers["etag"]}).status_code == 200


def test_cors_and_cache_headers(client: TestClient) -> None:
    r = client.get("/bases", headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "max-age" in r.headers["cache-control"]


def test_openapi_documents_every_parameter(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path, item in spec["paths"].items():
        for op in item.values():
            for param in op.get("parameters", []):
                assert param.get("description"), f"{path} {param['name']} undocumented"


def test_ogc_event_pages_walk_every_event_once(client: TestClient) -> None:
    whole = client.get("/ogc/collections/events/items?limit=10000").json()
    ids, offset = [], 0
    while True:
        page = client.get(f"/ogc/collections/events/items?limit=7&offset={offset}").json()
        assert page["numberMatched"] == whole["numberMatched"]
        ids += [f["id"] for f in page["features"]]
        if len(page["features"]) < 7:
            break
        offset += 7
    assert ids == [f["id"] for f in whole["features"]] and len(ids) == whole["numberMatched"]
    assert client.get("/ogc/collections/events/items?offset=100000").json()["features"] == []
