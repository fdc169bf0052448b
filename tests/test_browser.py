"""The map and pages in real headless Chromium; every request off 127.0.0.1 is blocked and fails."""

import json
import re
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Page

from tests.chromium import Watched, shot
from tests.conftest import GEODATA, start_server, stop_server
from tests.xss import make_xss_geodata

pytestmark = pytest.mark.browser


def site_count() -> int:
    return len(json.loads((GEODATA / "bases.geojson").read_text("utf-8"))["features"])


def taji_status(page: Page) -> str:
    return page.locator('.atlas-marker[data-site="taji"]').get_attribute("data-status") or ""


def test_one_marker_per_site_and_a_screenshot(live_server: str, watched: Watched) -> None:
    page = watched.open(f"{live_server}/?lang=en")
    page.wait_for_timeout(500)
    assert page.locator(".atlas-marker[data-site]").count() == site_count()
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".atlas-fullscreen").count() == 1
    shot(page, "map-en")


def test_clicking_a_marker_opens_its_popup(live_server: str, watched: Watched) -> None:
    page = watched.open(f"{live_server}/?lang=en")
    page.locator('.atlas-marker[data-site="taji"]').click()
    popup = page.locator(".atlas-popup")
    popup.wait_for()
    text = popup.inner_text()
    assert "Camp Taji" in text and "معسكر التاجي" in text
    assert "Sputnik, 2020-07-16" in text and "RT, 2020-08-23" in text
    assert popup.locator(".atlas-event").count() >= 2
    assert "base=taji" in page.url


def test_dates_in_the_url_draw_taji_differently(live_server: str, watched: Watched) -> None:
    page = watched.open(f"{live_server}/?as_of=2020-06-01")
    assert taji_status(page) == "active"
    shot(page, "map-2020-06-01")
    page = watched.open(f"{live_server}/?as_of=2020-09-01")
    assert taji_status(page) == "handed_over"
    shot(page, "map-2020-09-01")


def test_moving_the_date_control_recolours_without_reload(live_server: str, watched: Watched) -> None:
    page = watched.open(f"{live_server}/?as_of=2020-06-01")
    page.evaluate("window.__sameDocument = true")
    page.fill("#atlas-date-input", "2020-07-20")
    page.dispatch_event("#atlas-date-input", "change")
    assert taji_status(page) == "withdrawal_announced"
    slider = page.locator("#atlas-date")
    slider.focus()
    page.keyboard.press("End")
    assert taji_status(page) == "handed_over"
    assert page.evaluate("window.__sameDocument") is True
    assert "as_of" not in page.url or "as_of=20" in page.url


def test_arabic_is_right_to_left_with_arabic_labels(live_server: str, watched: Watched) -> None:
    page = watched.open(f"{live_server}/?lang=ar")
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    assert page.locator(".folium-map").evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert "أطلس قواعد التحالف" in page.inner_text("header")
    assert "الحالة" in page.inner_text(".atlas-panel")
    page.locator('.atlas-marker[data-site="taji"]').click()
    popup = page.locator(".atlas-popup")
    assert popup.get_attribute("dir") == "rtl"
    assert "معسكر التاجي" in popup.locator("h3").inner_text()
    shot(page, "map-ar")


@pytest.mark.parametrize(("query", "site"), [("قاعدة التنف", "tanf"), ("Ain al-Assad airbase", "ain-al-asad")])
def test_search_finds_a_site_in_either_script(live_server: str, watched: Watched, query: str, site: str) -> None:
    page = watched.open(f"{live_server}/")
    page.fill("#atlas-q", query)
    page.click("#atlas-search button[type=submit]")
    page.wait_for_url(re.compile(f"base={site}"))
    assert page.locator(".atlas-popup").count() == 1


def test_a_link_with_base_reproduces_the_view(live_server: str, watched: Watched) -> None:
    page = watched.open(f"{live_server}/?base=tanf&lang=en")
    page.locator(".atlas-popup").wait_for()
    assert "Al-Tanf" in page.locator(".atlas-popup h3").inner_text()


def test_site_page_and_about_page(live_server: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{live_server}/bases/taji.html?lang=ar")
    page.wait_for_selector("#site-map.leaflet-container")
    assert page.get_attribute("html", "dir") == "rtl"
    assert "RT، 2020-08-23" in page.inner_text("main")   # the Arabic comma in an Arabic page
    page.goto(f"{live_server}/about")
    assert "derived from events" in page.inner_text("main")


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    proc, base = start_server(make_xss_geodata(tmp_path_factory.mktemp("xss") / "geodata"))
    yield base
    stop_server(proc)


def test_hostile_data_stays_inert_in_the_map_and_pages(xss_server: str, watched: Watched) -> None:
    page = watched.open(f"{xss_server}/?lang=en")
    assert page.locator(".atlas-marker[data-site]").count() == 2
    page.locator('.atlas-marker[data-site="alpha"]').click()
    popup = page.locator(".atlas-popup")
    popup.wait_for()
    assert "<script>window.__xss=1</script>" in popup.inner_text()
    assert popup.locator("img, script").count() == 0
    assert popup.locator("a[href^='javascript']").count() == 0
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    for url in ("/bases/alpha.html", "/about"):
        page.goto(xss_server + url)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__xss") is None
        assert page.locator("main img").count() == 0
        assert page.locator("main a[href^='javascript']").count() == 0
    assert httpx.get(f"{xss_server}/healthz").status_code == 200


def test_docs_render_every_operation(live_server: str, watched: Watched) -> None:
    """Swagger UI (5, from the registry package) renders the OpenAPI 3.1 document: one block an operation."""
    spec = httpx.get(f"{live_server}/openapi.json").json()
    operations = sum(len(methods) for methods in spec["paths"].values())
    page = watched.page
    page.goto(f"{live_server}/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    assert page.locator(".opblock").count() == operations
    assert "Unable to render" not in page.inner_text("body")
    shot(page, "docs")
