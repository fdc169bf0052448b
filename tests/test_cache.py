"""The whole-response cache: a repeat gets the same answer as the first request, in every respect."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import Settings
from app.web.cache import Prepared, ResponseCache

ROOT = Path(__file__).resolve().parent.parent
REPEATED = ["/bases?country=SY", "/bases/taji", "/bases/taji/events", "/events?type=handover",
            "/geocode?q=Taji", "/dataset", "/ogc/collections/bases/items?limit=3",
            "/ogc/collections/bases/items/tanf"]


@pytest.fixture(scope="module")
def pair() -> Iterator[tuple[TestClient, TestClient]]:
    """The app with its cache, and the same app with the cache off."""
    cached = create_app(Settings(geodata_dir=ROOT / "geodata"))
    plain = create_app(Settings(geodata_dir=ROOT / "geodata", response_cache_mb=0))
    with TestClient(cached) as a, TestClient(plain) as b:
        yield a, b


VOLATILE = {"x-request-id", "date", "content-length"}   # gzip levels differ: compared decoded


@pytest.mark.parametrize("url", REPEATED)
def test_a_repeat_matches_the_uncached_answer(pair: tuple[TestClient, TestClient], url: str) -> None:
    cached, plain = pair
    first, again, reference = cached.get(url), cached.get(url), plain.get(url)
    for r in (first, again):
        assert r.status_code == 200 and r.content == reference.content
        assert {k: v for k, v in r.headers.items() if k not in VOLATILE} == \
            {k: v for k, v in reference.headers.items() if k not in VOLATILE}


def test_a_repeat_honours_if_none_match_gzip_and_head(pair: tuple[TestClient, TestClient]) -> None:
    cached, _ = pair
    url = "/ogc/collections/bases/items?limit=20"
    body = cached.get(url)
    tag = body.headers["etag"]
    assert cached.get(url, headers={"If-None-Match": tag}).status_code == 304
    zipped = cached.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip" and zipped.content == body.content
    head = cached.head(url)
    assert head.status_code == 200 and head.content == b"" and head.headers["etag"] == tag


def test_links_follow_the_host_asked_for(pair: tuple[TestClient, TestClient]) -> None:
    cached, _ = pair
    one = cached.get("/bases?limit=1", headers={"Host": "atlas.example"}).json()
    two = cached.get("/bases?limit=1", headers={"Host": "mirror.example"}).json()
    assert one["links"][0]["href"].startswith("http://atlas.example/")
    assert two["links"][0]["href"].startswith("http://mirror.example/")


def test_errors_and_pages_pass_through(pair: tuple[TestClient, TestClient]) -> None:
    cached, _ = pair
    for _ in range(2):
        bad = cached.get("/bases?country=XX")
        assert bad.status_code == 400 and bad.json()["error"]["parameter"] == "country"
        page = cached.get("/bases/taji", headers={"Accept": "text/html"})
        assert page.headers["content-type"].startswith("text/html")
    assert cached.get("/bases/taji").headers["content-type"] == "application/json"
    assert cached.get("/bases/taji").headers["vary"] == "Accept, Accept-Language, Accept-Encoding"


def test_the_budget_drops_the_least_recently_used() -> None:
    cache = ResponseCache(budget_bytes=8 * 100, largest=100)
    for i in range(12):
        cache._put((i,), Prepared(b"x" * 100, "application/json"))
    assert cache.held <= cache.budget and list(cache.entries) == [(i,) for i in range(4, 12)]
    assert cache._entry([{"type": "http.response.start", "status": 200,
                          "headers": [(b"content-type", b"application/json")]},
                         {"type": "http.response.body", "body": b"y" * 101}]) is None


def test_a_live_repeat_is_byte_identical(live_server: str) -> None:
    url = f"{live_server}/bases?country=IQ&as_of=2020-06-01"
    first = httpx.get(url, headers={"Accept-Encoding": "identity"})
    again = httpx.get(url, headers={"Accept-Encoding": "gzip"})
    assert again.headers["content-encoding"] == "gzip"
    assert first.content == again.content and first.headers["etag"] == again.headers["etag"]


def test_a_large_prepared_body_goes_out_whole_in_slices() -> None:
    from app.web.cache import CHUNK
    from app.web.edge import Edge

    async def nothing(scope: object, receive: object, send: object) -> None:
        raise AssertionError("a prepared path must not reach the app")

    big = bytes(range(256)) * (9 * CHUNK // 256 + 7)
    edge = Edge(nothing, prepared={"/big": Prepared(big, "application/geo+json")})  # type: ignore[arg-type]
    client = TestClient(edge)   # no lifespan: the app is never entered
    got = client.get("/big", headers={"Accept-Encoding": "identity"})
    assert got.content == big and got.headers["content-length"] == str(len(big))
    head = client.head("/big", headers={"Accept-Encoding": "identity"})
    assert head.content == b"" and head.headers["content-length"] == str(len(big))
