"""The hot queries answered before the router (app.web.fast) give the framework's answer, byte for byte:
the same status, headers and body, for good requests and for every kind of mistake."""

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from app.web.fast import Fast

ROOT = Path(__file__).resolve().parent.parent
CQL = "filter=country%3D%27SY%27%20AND%20status%3D%27handed_over%27"
ASKED = [
    "/bases", "/bases?country=SY&status=handed_over", "/bases?country=sy,iq&kind=air_base", "/bases?nation=GB",
    "/bases?as_of=2020-09", "/bases?as_of=2019&status=active&limit=3&offset=2", "/bases?bbox=38,32,45,37.5",
    "/bases?q=%D8%A7%D9%84%D8%AA%D8%A7%D8%AC%D9%8A", "/bases?limit=1000", "/bases?status=handed_over&status=active",
    "/bases?contry=SY", "/bases?country=XX", "/bases?country=%20SY", "/bases?as_of=2999", "/bases?as_of=2020-13",
    "/bases?limit=0", "/bases?limit=abc", "/bases?limit=1&limit=2", "/bases?bbox=45,37.5,38,32", "/bases?bbox=1,2,3",
    "/bases?offset=-1", "/bases?kind=airbase", "/bases?q=" + "x" * 201, "/bases?limit=2&offset=3&country=IQ",
    "/bases?as_of=2020-09&limit=1&q=t", "/bases?country=SY&country=IQ&status=active,handed_over",
    f"/ogc/collections/bases/items?{CQL}", "/ogc/collections/bases/items", "/ogc/collections/bases/items?limit=2",
    "/ogc/collections/bases/items?limit=2&offset=3&skipGeometry=true&properties=id,status",
    "/ogc/collections/bases/items?filter=status%20IN%20(%27active%27)&bbox=38,32,45,37.5",
    "/ogc/collections/bases/items?limit=abc", "/ogc/collections/bases/items?limit=0",
    "/ogc/collections/bases/items?limit=20000",
    "/ogc/collections/bases/items?skipGeometry=yes", "/ogc/collections/bases/items?filter=country%3D",
    "/ogc/collections/bases/items?filter=nope%3D1", f"/ogc/collections/bases/items?{CQL}&filter-lang=cql2-text",
    "/ogc/collections/bases/items?crs=http://www.opengis.net/def/crs/EPSG/0/4326",
    "/ogc/collections/bases/items?type=x",
    "/ogc/collections/bases/items?datetime=2020-01-01/2020-12-31", "/ogc/collections/bases/items?datetime=2021/2020",
]


def _apps() -> tuple[FastAPI, FastAPI]:
    fast = create_app(Settings(geodata_dir=ROOT / "geodata", response_cache_mb=0))
    framework = create_app(Settings(geodata_dir=ROOT / "geodata", response_cache_mb=0))
    framework.user_middleware = [m for m in framework.user_middleware if m.cls is not Fast]
    assert len(framework.user_middleware) == len(fast.user_middleware) - 1
    return fast, framework


FAST, FRAMEWORK = _apps()


def _answer(client: TestClient, method: str, url: str, headers: dict[str, str]
            ) -> tuple[int, list[tuple[str, str]], bytes]:
    r = client.request(method, url, headers=headers)
    return r.status_code, [(k, v) for k, v in r.headers.multi_items() if k != "x-request-id"], r.content


@pytest.mark.parametrize("url", ASKED)
@pytest.mark.parametrize("method, headers", [("GET", {}), ("HEAD", {}), ("GET", {"Accept-Encoding": "gzip"}),
                                             ("GET", {"Range": "bytes=0-99"}), ("GET", {"Range": "bytes=999999-"}),
                                             ("GET", {"If-None-Match": "*"}), ("GET", {"Host": "atlas.example:8443"}),
                                             ("GET", {"Host": "not a host"})])
def test_fast_answers_are_the_frameworks(url: str, method: str, headers: dict[str, str]) -> None:
    with TestClient(FAST) as fast, TestClient(FRAMEWORK) as framework:
        assert _answer(fast, method, url, headers) == _answer(framework, method, url, headers)


def test_a_known_etag_is_a_304_from_both() -> None:
    with TestClient(FAST) as fast, TestClient(FRAMEWORK) as framework:
        tag = fast.get("/bases?country=SY").headers["etag"]
        assert tag == framework.get("/bases?country=SY").headers["etag"]
        for client in (fast, framework):
            assert client.get("/bases?country=SY", headers={"If-None-Match": tag}).status_code == 304
