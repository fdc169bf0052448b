"""OGC API - Features Part 3: CQL2 filters on items, checked against the atlas's own /bases and /events answers."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from app.formats.cql import compile_filter
from app.formats.queryables import fields_of
from app.main import create_app
from app.settings import Settings
from app.web.ogcquery import INDEXED

ROOT = Path(__file__).resolve().parent.parent
Site = dict[str, Any]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(Settings(geodata_dir=ROOT / "geodata")))


@pytest.fixture(scope="module")
def sites(client: TestClient) -> list[Site]:
    return client.get("/bases?limit=1000").json()["bases"]


def _ids(client: TestClient, cid: str, query: str) -> set[str]:
    r = client.get(f"/ogc/collections/{cid}/items?limit=10000&{query}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["numberMatched"] == len(body["features"])
    return {f["id"] for f in body["features"]}


def _text(expr: str) -> str:
    return "filter=" + quote(expr)


INSIDE = (38.0, 34.0, 42.0, 37.5)


def _in_box(s: Site) -> bool:
    return INSIDE[0] <= s["lon"] <= INSIDE[2] and INSIDE[1] <= s["lat"] <= INSIDE[3]


CASES: list[tuple[str, Callable[[Site], bool]]] = [
    ("country = 'SY'", lambda s: s["country"] == "SY"),
    ("country = 'SY' AND status = 'handed_over'", lambda s: s["country"] == "SY" and s["status"] == "handed_over"),
    ("country = 'IQ' OR kind = 'oil_field'", lambda s: s["country"] == "IQ" or s["kind"] == "oil_field"),
    ("NOT (country = 'IQ')", lambda s: s["country"] != "IQ"),
    ("status IN ('withdrawn', 'handed_over')", lambda s: s["status"] in ("withdrawn", "handed_over")),
    ("status NOT IN ('active')", lambda s: s["status"] != "active"),
    ("event_count > 5", lambda s: s["event_count"] > 5),
    ("event_count BETWEEN 3 AND 6", lambda s: 3 <= s["event_count"] <= 6),
    ("uncertainty_m <= 2000 AND stale = false", lambda s: s["uncertainty_m"] <= 2000 and not s["stale"]),
    ("name_en LIKE '%Asad%'", lambda s: "Asad" in s["name_en"]),
    ("name_ar LIKE 'قاعدة%'", lambda s: s["name_ar"].startswith("قاعدة")),
    ("admin1 IS NOT NULL AND country = 'SY'", lambda s: s["admin1"] is not None and s["country"] == "SY"),
    ("status_date_start >= DATE('2025-01-01')",
     lambda s: s["status_date_start"] is not None and s["status_date_start"] >= "2025-01-01"),
    ("last_reported_end < DATE('2022-01-01') AND country = 'IQ'",
     lambda s: s["last_reported_end"] is not None and s["last_reported_end"] < "2022-01-01" and s["country"] == "IQ"),
    ("S_INTERSECTS(geometry, BBOX(38, 34, 42, 37.5))", _in_box),
    ("S_INTERSECTS(geometry, POLYGON((38 34, 42 34, 42 37.5, 38 37.5, 38 34))) AND kind <> 'garrison'",
     lambda s: _in_box(s) and s["kind"] != "garrison"),
]


@pytest.mark.parametrize(("expr", "expected"), CASES, ids=[c[0] for c in CASES])
def test_cql2_text_selects_what_bases_says(client: TestClient, sites: list[Site], expr: str,
                                           expected: Callable[[Site], bool]) -> None:
    want = {s["id"] for s in sites if expected(s)}
    assert want and want != {s["id"] for s in sites}, "a case that tells nothing apart"
    assert _ids(client, "bases", _text(expr)) == want


def test_cql2_json_and_text_agree(client: TestClient) -> None:
    as_json = {"op": "and", "args": [
        {"op": "=", "args": [{"property": "country"}, "SY"]},
        {"op": "s_intersects", "args": [{"property": "geometry"}, {"bbox": [38, 34, 42, 37.5]}]}]}
    got = _ids(client, "bases", "filter-lang=cql2-json&filter=" + quote(json.dumps(as_json)))
    assert got == _ids(client, "bases", _text("country = 'SY' AND S_INTERSECTS(geometry, BBOX(38,34,42,37.5))"))
    assert got


def test_filter_combines_with_bbox_and_the_own_parameters(client: TestClient, sites: list[Site]) -> None:
    want = {s["id"] for s in sites if _in_box(s) and s["country"] == "SY" and s["event_count"] > 2}
    assert _ids(client, "bases", "bbox=38,34,42,37.5&country=SY&" + _text("event_count > 2")) == want


@pytest.mark.parametrize(("expr", "exact"), [
    ("country = 'SY' AND status = 'handed_over'", True), ("status IN ('active', 'withdrawn')", True),
    ("country = 'SY' AND event_count >= 10", False), ("country = 'SY' OR country = 'IQ'", False),
    ("country = 'SY' AND country = 'IQ'", False), ("S_INTERSECTS(geometry, BBOX(38, 34, 42, 37.5))", False)])
def test_which_filters_the_indexes_answer_alone(expr: str, exact: bool) -> None:
    fields = fields_of("bases", ("IQ", "SY"))
    assert compile_filter(expr, None, fields, INDEXED["bases"]).exact is exact


def test_a_filter_the_indexes_answer_alone_gives_what_evaluating_it_gives(client: TestClient,
                                                                         sites: list[Site]) -> None:
    # equality and IN on indexed fields skip the evaluator (only the page's features are made): the traps
    assert _ids(client, "bases", _text("country = 'SY' AND country = 'IQ'")) == set()
    assert _ids(client, "bases", "country=IQ&" + _text("country = 'SY'")) == set()
    want = {s["id"] for s in sites if s["country"] == "IQ" and s["status"] in ("active", "handed_over")
            and s["kind"] == "air_base"}
    expr = "country = 'IQ' AND status IN ('active', 'handed_over') AND kind = 'air_base'"
    assert want and _ids(client, "bases", _text(expr)) == want
    past = client.get("/bases?as_of=2020-06-01&status=active&limit=1000").json()["bases"]
    got = _ids(client, "bases", "datetime=2020-06-01&" + _text("status = 'active'"))
    assert got == {s["id"] for s in past} and got
    page = client.get(f"/ogc/collections/bases/items?limit=2&offset=1&{_text(expr)}").json()
    assert page["numberMatched"] == len(want) and [f["id"] for f in page["features"]] == sorted(want)[1:3]
    events = client.get("/events?limit=1000").json()["events"]
    handovers = {e["id"] for e in events if e["type"] == "handover" and e["sites"]}
    assert handovers and _ids(client, "events", _text("type = 'handover'")) == handovers
    assert _ids(client, "events", "type=withdrawal&" + _text("type = 'handover'")) == set()


def test_events_filter_by_type_date_and_outlet(client: TestClient) -> None:
    events = client.get("/events?limit=1000").json()["events"]
    want = {e["id"] for e in events if e["type"] == "handover" and e["date"] >= "2020" and e["sites"]}
    assert _ids(client, "events", _text("type = 'handover' AND date_end >= DATE('2020-01-01')")) == want
    outlet = events[0]["source"]["outlet"]
    got = _ids(client, "events", _text(f"outlet = '{outlet}'"))
    assert got == {e["id"] for e in events if e["source"]["outlet"] == outlet and e["sites"]}


@pytest.mark.parametrize(("query", "words"), [
    (_text("countr = 'SY'"), "'countr' is not a queryable"),
    (_text("country = 'SY' AND"), "cannot be read as cql2-text"),
    (_text("event_count > '5'"), "event_count is a number"),
    (_text("status = 'gone'"), "its values: active"),
    (_text("status_date_start > 'soon'"), "DATE('YYYY-MM-DD')"),
    (_text("status_date > DATE('2020-01-01')"), "compare status_date_start or status_date_end"),
    (_text("event_count LIKE '5%'"), "LIKE needs text"),
    (_text("S_CROSSES(geometry, POINT(40 35))"), "not implemented here"),
    ("filter-lang=cql3&" + _text("country = 'SY'"), "filter-lang"),
    ("filter-lang=cql2-json&filter=" + quote("{'op': '='"), "not JSON"),
    ("filter-lang=cql2-json", "go with a filter"),
    (_text("country = 'SY'") + "&filter-crs=EPSG:3857", "filter-crs"),
])
def test_a_bad_filter_is_a_400_that_names_the_fix(client: TestClient, query: str, words: str) -> None:
    r = client.get(f"/ogc/collections/bases/items?{query}")
    assert r.status_code == 400, r.text
    assert words in r.json()["error"]["message"] or words in r.json()["error"]["parameter"]


def test_queryables_are_a_json_schema_of_typed_fields(client: TestClient) -> None:
    r = client.get("/ogc/collections/bases/queryables")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/schema+json")
    props = r.json()["properties"]
    assert props["status"]["enum"][0] == "active" and props["event_count"]["type"] == "integer"
    assert props["status_date_start"] == {**props["status_date_start"], "type": "string", "format": "date"}
    assert props["status_date"]["type"] == "string" and "format" not in props["status_date"]
    assert props["geometry"]["x-ogc-role"] == "primary-geometry"
    events = client.get("/ogc/collections/events/queryables").json()["properties"]
    assert {"type", "date", "date_start", "outlet", "published_start"} <= set(events)


def test_the_collection_links_its_schema_for_typed_clients(client: TestClient) -> None:
    links = client.get("/ogc/collections/bases").json()["links"]
    href = next(ln["href"] for ln in links if ln["rel"] == "describedby")
    assert next(ln for ln in links if ln["rel"].endswith("/ogc/1.0/schema"))["href"].endswith("/bases/schema")
    schema = client.get(href.replace("http://testserver", "")).json()
    fields = schema["properties"]["properties"]["properties"]
    assert fields["last_reported_end"]["format"] == "date" and fields["uncertainty_m"]["type"] == "integer"


def test_a_box_across_the_antimeridian_is_read_as_one(client: TestClient) -> None:
    assert _ids(client, "bases", "bbox=170,20,50,40") == _ids(client, "bases", "bbox=-180,20,50,40")
    assert _ids(client, "bases", "bbox=170,20,30,40") == set()


def test_epsg_4326_sends_latitude_first(client: TestClient) -> None:
    crs = "http://www.opengis.net/def/crs/EPSG/0/4326"
    plain = client.get("/ogc/collections/bases/items/taji").json()["geometry"]["coordinates"]
    r = client.get(f"/ogc/collections/bases/items/taji?crs={quote(crs)}")
    assert r.json()["geometry"]["coordinates"] == plain[::-1] and r.headers["content-crs"] == f"<{crs}>"
    boxed = _ids(client, "bases", f"bbox=34,38,37.5,42&bbox-crs={quote(crs)}")
    assert boxed == _ids(client, "bases", "bbox=38,34,42,37.5")
