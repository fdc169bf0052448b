"""The reader's page /read: the form, the proposals in the pasted text, the body cap, inert text, screenshots."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser

from app.main import create_app
from app.settings import Settings
from tests.chromium import SHOTS, Watched
from tests.test_reader import ARTICLE, FACTS
from tests.xss import FORMULA, IMG, JS_URL, RLO, SCRIPT

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = f"Rockets hit Camp Taji yesterday {SCRIPT} {IMG} {JS_URL} {RLO} {FORMULA}, Reuters reported."
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
SAMPLE = {"en": "Rockets struck Camp Taji on 11 March 2020, the Los Angeles Times reported. Syrian troops deployed "
                "to the town of al-Tanf on Thursday.",
          "ar": "وفقا لـ رويترز، سقطت صواريخ على معسكر التاجي يوم الأربعاء. وانتشرت قوات سورية في بلدة التنف أمس."}


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(geodata_dir=ROOT / "geodata"))) as c:
        yield c


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_form(client: TestClient, lang: str) -> None:
    r = client.get(f"/read?lang={lang}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert f'dir="{"rtl" if lang == "ar" else "ltr"}"' in r.text and 'method="post"' in r.text
    assert "form-action 'self'" in r.headers["content-security-policy"]


def test_article_proposals_are_highlighted(client: TestClient) -> None:
    r = client.post("/read?lang=en", data={"text": ARTICLE.read_text("utf-8")})
    assert r.status_code == 200
    assert r.text.count('<mark class="read-name"') == len(FACTS)
    for site, *_, event in FACTS:
        assert f'href="/bases/{site}.html?lang=en"' in r.text and f"/events/{event}.html" in r.text


def test_nothing_is_written(client: TestClient) -> None:
    before = {p: p.read_bytes() for p in (ROOT / "geodata" / "sites").iterdir()}
    client.post("/read", data={"text": "The coalition handed Camp Taji over on 24 August 2020, AFP said."})
    assert {p: p.read_bytes() for p in (ROOT / "geodata" / "sites").iterdir()} == before


@pytest.mark.parametrize(("data", "parameter"), [
    ({"text": "   "}, "text"), ({"text": "x", "published": "2020-13-01"}, "published"),
    ({"text": "x", "published": "2020-07"}, "published"),
])
def test_bad_form_is_a_400(client: TestClient, data: dict[str, str], parameter: str) -> None:
    r = client.post("/read", data=data, headers={"Accept": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["parameter"] == parameter


def test_other_content_types_are_refused(client: TestClient) -> None:
    r = client.post("/read", content=b"text=hi", headers={"content-type": "text/plain", "Accept": "application/json"})
    assert r.status_code == 400 and "application/x-www-form-urlencoded" in r.json()["error"]["message"]


@pytest.mark.parametrize(("method", "path"), [("POST", "/"), ("POST", "/about"), ("POST", "/bases/taji"),
                                              ("PUT", "/read"), ("DELETE", "/read"), ("PATCH", "/read")])
def test_other_methods_stay_refused(client: TestClient, method: str, path: str) -> None:
    r = client.request(method, path)
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


def test_body_cap_by_content_length(live_server: str) -> None:
    r = httpx.post(f"{live_server}/read", content=b"text=" + b"a" * 210_000,
                   headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"
    assert "200 KB" in r.json()["error"]["message"]


def test_body_cap_when_streamed(live_server: str) -> None:
    def chunks() -> Iterator[bytes]:   # chunked: no Content-Length, so the edge counts what arrives
        for _ in range(8):
            yield b"a" * 65536

    with httpx.Client() as http:
        r = http.post(f"{live_server}/read", content=chunks(),
                      headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"


def test_hostile_text_is_escaped(client: TestClient) -> None:
    r = client.post("/read", data={"text": HOSTILE, "outlet": IMG})
    assert r.status_code == 200 and "Camp Taji" in r.text
    assert SCRIPT not in r.text and IMG not in r.text and "&lt;script&gt;" in r.text


@pytest.mark.browser
def test_hostile_text_stays_inert_in_chromium(live_server: str, browser: Browser) -> None:
    context = browser.new_context()
    watched = Watched(context.new_page())
    page = watched.page
    page.goto(f"{live_server}/read?lang=en")
    page.fill("#read-text", HOSTILE)
    page.fill("input[name=outlet]", IMG)
    page.click("button[type=submit]")
    page.wait_for_selector(".read-text")
    assert page.evaluate("window.__xss") is None
    assert page.locator(".read-text img, .read-text script").count() == 0
    assert SCRIPT in page.inner_text(".read-text")
    watched.check()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_screenshot(live_server: str, browser: Browser, lang: str, size: str) -> None:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    watched = Watched(context.new_page())
    page = watched.page
    page.goto(f"{live_server}/read?lang={lang}")
    page.fill("#read-text", SAMPLE[lang])
    page.fill("input[name=published]", "2020-03-12")
    page.click("button[type=submit]")
    page.wait_for_selector(".read-table")
    assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.locator("mark.read-name").count() == 2 and page.locator("mark.read-unmatched").count() == 1
    note = page.evaluate("getComputedStyle(document.querySelector('.read-note')).direction")
    assert note == ("rtl" if lang == "ar" else "ltr")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "scrolls sideways"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"read-{lang}-{size}.png"), full_page=True)
    watched.check()
    context.close()


def test_reading_is_bounded_in_time(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("app.web.routes.read.READ_SECONDS", 0.0)
    r = client.post("/read", data={"text": "Rockets hit Camp Taji."}, headers={"Accept": "application/json"})
    assert r.status_code == 503 and r.json()["error"]["code"] == "too_slow"
    assert "shorter" in r.json()["error"]["message"]
