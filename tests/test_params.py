"""Strict, consistent parameters on every route, table-driven: unknown names, vocabularies, several values,
ranges, bboxes; and every download takes exactly the filters of its JSON route."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from app.web.strict import declared

ROOT = Path(__file__).resolve().parent.parent
APP = create_app(Settings(geodata_dir=ROOT / "geodata"))
PATH_VALUES = {"id": "taji", "collectionId": "bases", "featureId": "taji"}
EVENT_PATHS = {"/events/{id}", "/events/{id}.html"}


def routes() -> list[tuple[str, set[str]]]:
    """Every GET route of the app with the query parameters it declares."""
    out, stack = [], list(APP.routes)
    while stack:
        route = stack.pop(0)
        if hasattr(route, "original_router"):   # an included router: its own routes
            stack[:0] = route.original_router.routes
        elif isinstance(route, APIRoute) and "GET" in route.methods and route.path != "/docs" \
                and not (not route.include_in_schema and "{collectionId}" in route.path):   # the 404 for others
            out.append((route.path, declared(route.dependant)[0]))
    return out


ROUTES = routes()


def url(path: str) -> str:
    if path in EVENT_PATHS:
        return path.replace("{id}", "taji-2020-08-23-handover")
    for key, value in PATH_VALUES.items():
        path = path.replace("{" + key + "}", value)
    return path


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(APP) as c:
        yield c


def error(client: TestClient, target: str, **params: str | list[str]) -> dict:  # type: ignore[type-arg]
    r = client.get(target, params=params, headers={"Accept": "application/json"})
    assert r.status_code == 400, f"{target} {params}: {r.status_code} {r.text[:200]}"
    body: dict = r.json()["error"]  # type: ignore[type-arg]
    return body


def test_every_route_is_covered() -> None:
    paths = {p for p, _ in ROUTES}
    assert {"/bases", "/bases/{id}", "/events", "/events/{id}", "/bases.geojson", "/events.csv", "/geocode",
            "/ogc/collections/bases/items", "/ogc/collections/events/items", "/", "/ar/", "/about",
            "/table", "/table/events",
            "/charts/presence", "/charts/presence.svg", "/charts/presence.png", "/charts/events",
            "/charts/events.svg", "/charts/events.png", "/bases/{id}/presence.svg", "/bases/{id}/presence.png"} <= paths


def test_the_tables_and_charts_take_exactly_the_filters_of_their_json_route() -> None:
    known, paging, own = dict(ROUTES), {"limit", "offset"}, {"lang", "sort"}
    assert known["/table"] == known["/bases"] | own and known["/table/events"] == known["/events"] | own
    for chart in ("/charts/presence", "/charts/presence.svg", "/charts/presence.png"):
        assert known[chart] == known["/bases"] - paging | {"lang"}, chart
    for chart in ("/charts/events", "/charts/events.svg", "/charts/events.png"):
        assert known[chart] == known["/events"] - paging | {"lang"}, chart


@pytest.mark.parametrize(("path", "known"), ROUTES, ids=[p for p, _ in ROUTES])
def test_an_unknown_parameter_is_named_with_the_closest_known_one(client: TestClient, path: str,
                                                                  known: set[str]) -> None:
    body = error(client, url(path), zzz=1)
    assert body["parameter"] == "zzz" and "unknown parameter 'zzz'" in body["message"]
    assert sorted(body["allowed"]) == sorted(known)
    for name in sorted(known):
        if len(name) > 3:
            typo = error(client, url(path), **{name[:-1]: "x"})
            assert typo["did_you_mean"] == [name], (path, name)
            assert f"did you mean {name!r}" in typo["message"]


VOCABULARIES = [  # (route, parameter, a right value in the wrong case, a wrong value, its suggestion)
    ("/bases", "status", "Withdrawn", "withdrwn", "withdrawn"),
    ("/bases", "kind", "AIR_BASE", "airbase", "air_base"),
    ("/bases", "country", "sy", "SYR", None),
    ("/bases", "nation", "gb", "UK", None),
    ("/bases.csv", "status", "ACTIVE", "actve", "active"),
    ("/bases.geojson", "kind", "Oil_Field", "oilfield", "oil_field"),
    ("/events", "type", "Handover", "handovr", "handover"),
    ("/events", "nation", "us", "USA", None),
    ("/events.csv", "type", "ATTACK", "atack", "attack"),
    ("/events", "country", "iq", "IRQ", None),
    ("/table", "status", "Handed_Over", "handedover", "handed_over"),
    ("/table", "sort", "-Since", "-snce", "-since"),
    ("/table/events", "type", "Withdrawal", "withdrawl", "withdrawal"),
    ("/table/events", "sort", "Date", "dat", "date"),
    ("/charts/presence", "kind", "Air_Base", "airbase", "air_base"),
    ("/charts/presence.svg", "status", "Withdrawn", "withdrwn", "withdrawn"),
    ("/charts/events.svg", "type", "ATTACK", "atack", "attack"),
    ("/charts/events.png", "country", "sy", "SYR", None),
]
PAGES = ("/table", "/charts/")   # HTML or images: the same bytes for either case


@pytest.mark.parametrize(("path", "name", "cased", "wrong", "near"), VOCABULARIES)
def test_vocabularies_are_case_insensitive_and_a_wrong_value_gets_the_list(
        client: TestClient, path: str, name: str, cased: str, wrong: str, near: str | None) -> None:
    exact = cased.lower() if name in ("status", "kind", "type", "sort") else cased.upper()
    given, right = client.get(path, params={name: cased}), client.get(path, params={name: exact})
    assert given.status_code == right.status_code == 200
    if path.endswith((".csv", ".geojson")) or path.startswith(PAGES):
        assert given.content == right.content
    else:
        key = "bases" if path == "/bases" else "events"
        assert given.json()["count"] == right.json()["count"] > 0
        assert [i["id"] for i in given.json()[key]] == [i["id"] for i in right.json()[key]]
    body = error(client, path, **{name: wrong})
    assert body["parameter"] == name and body["allowed"]
    if near:
        assert body["did_you_mean"][0] == near and f"did you mean {near!r}" in body["message"]


def ids(client: TestClient, path: str, key: str, **params: str | list[str]) -> list[str]:
    body = client.get(path, params={**params, "limit": "1000"}).json()
    return [item["id"] for item in body[key]]


@pytest.mark.parametrize(("path", "key", "name", "values"), [
    ("/bases", "bases", "status", ["active", "withdrawn"]),
    ("/bases", "bases", "country", ["IQ", "SY"]),
    ("/bases", "bases", "kind", ["air_base", "oil_field"]),
    ("/events", "events", "type", ["handover", "withdrawal"]),
    ("/events", "events", "base", ["taji", "qaim"]),
])
def test_several_values_mean_any_of_them(client: TestClient, path: str, key: str, name: str,
                                         values: list[str]) -> None:
    each = [set(ids(client, path, key, **{name: v})) for v in values]
    assert all(each), f"no match for one of {values}: the test would prove nothing"
    union = sorted(set.union(*each))
    assert sorted(ids(client, path, key, **{name: ",".join(values)})) == union
    assert sorted(ids(client, path, key, **{name: values})) == union   # the parameter repeated


@pytest.mark.parametrize("path", ["/events", "/events.csv"])
def test_since_after_until_is_refused(client: TestClient, path: str) -> None:
    body = error(client, path, since="2021-01-01", until="2020-12-31")
    assert body["parameter"] == "since" and "after until" in body["message"]
    assert client.get(path, params={"since": "2020", "until": "2020"}).status_code == 200


@pytest.mark.parametrize("path", [p for p, known in ROUTES if "bbox" in known])
def test_a_reversed_bbox_names_the_axis_and_a_swap(client: TestClient, path: str) -> None:
    lat = error(client, url(path), bbox="38,37.5,45,32")
    assert "minlat 37.5 is above maxlat 32" in lat["message"] and "bbox=38,32,45,37.5" in lat["message"]
    if not path.startswith("/ogc/"):   # OGC API - Features reads west above east as a box across the antimeridian
        lon = error(client, url(path), bbox="45,32,38,37.5")
        assert "minlon 45 is above maxlon 38" in lon["message"]
    swapped = error(client, url(path), bbox="37.5,45,32,38")   # latitude first, and reversed
    assert "look like latitude,longitude" in swapped["message"] and "bbox=38,32,45,37.5" in swapped["message"]


def test_an_empty_box_that_holds_sites_latitude_first_says_so(client: TestClient) -> None:
    """A valid box (in Turkey) that is the data's box with latitude and longitude swapped: no site, and a hint."""
    empty = client.get("/bases", params={"bbox": "32,38,37.5,45"}).json()
    right = client.get("/bases", params={"bbox": "38,32,45,37.5"}).json()
    assert empty["count"] == 0 and right["count"] > 0
    assert empty["hint"] == ("no site in this box; with latitude and longitude swapped, bbox=38,32,45,37.5, "
                             f"it holds {right['count']}")
    assert "hint" not in right and "hint" not in client.get("/bases", params={"bbox": "0,0,1,1"}).json()
    assert "hint" not in client.get("/bases", params={"bbox": "100,0,170,10"}).json()   # 100 is no latitude


def test_single_valued_parameters_given_twice_are_refused(client: TestClient) -> None:
    body = error(client, "/bases", as_of=["2020-01-01", "2021-01-01"])
    assert body["parameter"] == "as_of" and "more than once" in body["message"]


def test_as_of_takes_a_month_or_a_year_and_says_which_day_it_used(client: TestClient) -> None:
    month = client.get("/bases", params={"as_of": "2020-06"}).json()
    assert (month["as_of"], month["as_of_requested"]) == ("2020-06-30", "2020-06")
    year = client.get("/bases/taji", params={"as_of": "2020"}).json()
    assert (year["as_of"], year["status"]) == ("2020-12-31", "handed_over")
    assert "as_of_requested" not in client.get("/bases", params={"as_of": "2020-06-30"}).json()
    assert error(client, "/bases", as_of="2999")["parameter"] == "as_of"
    assert error(client, "/bases", as_of="June 2020")["parameter"] == "as_of"


def test_geocode_without_q_is_a_400_like_the_others(client: TestClient) -> None:
    assert error(client, "/geocode")["parameter"] == "q"
    assert error(client, "/geocode", q=" ")["parameter"] == "q"


def test_each_download_takes_exactly_the_filters_of_its_json_route() -> None:
    known = dict(ROUTES)
    paging = {"limit", "offset"}
    for download in ("/bases.geojson", "/bases.csv", "/bases.kml", "/bases.gpkg"):
        assert known[download] == known["/bases"] - paging, download
    assert known["/events.csv"] == known["/events"] - paging


def test_a_paging_parameter_on_a_download_is_refused(client: TestClient) -> None:
    body = error(client, "/bases.geojson", limit="3")
    assert body["parameter"] == "limit" and "every match" in body["message"]


def test_geodata_readme_lists_every_public_field() -> None:
    from app.domain.schema import EVENT_FIELDS, SITE_FIELDS, SOURCE_FIELDS

    readme = (ROOT / "geodata" / "README.md").read_text("utf-8")
    for field in (*SITE_FIELDS, *EVENT_FIELDS, *SOURCE_FIELDS):
        assert f"| `{field.name}` | {field.type} | {field.description} |" in readme, field.name
