"""The table and the charts in real headless Chromium against a real uvicorn: the map and the table agree on
what a filter and a date select, the presence chart's rows and colours, Arabic right to left, no sideways
scroll on a phone."""

import httpx
import pytest
from playwright.sync_api import Browser, Page

from tests.chromium import Watched

pytestmark = pytest.mark.browser
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
DRAWN = "document.querySelectorAll('.leaflet-marker-pane .atlas-marker[data-site]').length"


def open_page(browser: Browser, size: str) -> Watched:
    width, height = SIZES[size]
    return Watched(browser.new_context(viewport={"width": width, "height": height}).new_page())


def untick(page: Page, kind: str, keep: str) -> None:
    for box in page.locator(f"input[data-{kind}-toggle]").all():
        if box.get_attribute("value") != keep and box.is_checked():
            box.uncheck(force=True)   # on a phone the panel scrolls: force, the click is a real one all the same


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize(("country", "status", "day"), [("IQ", "handed_over", "2021-01-01"),
                                                        ("SY", "withdrawn", "2021-01-01")])
def test_the_map_and_the_table_agree_for_a_filter_and_a_date(live_server: str, browser: Browser, lang: str,
                                                             size: str, country: str, status: str, day: str) -> None:
    watched = open_page(browser, size)
    page = watched.open(f"{live_server}/?lang={lang}&as_of={day}")
    if size == "phone":   # the filters are in the drawer there
        page.click("#atlas-drawer-open")
    untick(page, "status", status)
    untick(page, "country", country)
    if size == "phone":
        page.click("#atlas-drawer-close")
    drawn = page.evaluate(DRAWN)
    api = httpx.get(f"{live_server}/bases", params={"country": country, "status": status, "as_of": day}).json()
    assert drawn == api["count"] > 0
    page.locator("#atlas-table-link").click()
    page.wait_for_url("**/table?**")
    assert f"as_of={day}" in page.url and f"status={status}" in page.url and f"country={country}" in page.url
    rows = page.locator("#atlas-table tbody tr")
    assert rows.count() == drawn
    assert sorted(rows.evaluate_all("rs => rs.map(r => r.dataset.site)")) == sorted(b["id"] for b in api["bases"])
    assert page.evaluate("getComputedStyle(document.querySelector('#atlas-table')).direction") == \
        ("rtl" if lang == "ar" else "ltr")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "scrolls sideways"
    watched.check()
    page.context.close()


def test_a_row_flies_the_map_to_its_site(live_server: str, browser: Browser) -> None:
    watched = open_page(browser, "desktop")
    page = watched.page
    page.goto(f"{live_server}/table?lang=ar&as_of=2020-08-01&country=IQ")
    page.locator("tr[data-site='taji'] a.atlas-map-link").click()
    page.wait_for_selector("html[data-atlas-ready]")
    page.wait_for_selector(".atlas-popup")
    assert page.evaluate("window.atlas.state.base") == "taji"
    assert page.evaluate("window.atlas.state.asOf") == "2020-08-01"
    assert page.evaluate("window.atlas.markers.taji.isPopupOpen()")
    assert page.evaluate("window.atlas.map.getBounds().contains(window.atlas.markers.taji.getLatLng())")
    watched.check()
    page.context.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_presence_chart_in_the_browser(live_server: str, browser: Browser, lang: str, size: str) -> None:
    watched = open_page(browser, size)
    page = watched.page
    page.goto(f"{live_server}/charts/presence?lang={lang}", wait_until="networkidle")
    assert page.locator("svg g.atlas-presence-row").count() == 32
    taji = page.locator("g[data-site='taji'] rect[data-status='handed_over']")
    assert taji.get_attribute("data-from") == "2020-08-23"
    assert taji.evaluate("r => getComputedStyle(r).fill") == "rgb(44, 123, 182)"   # the map's handed over
    label = "document.querySelector('g[data-site=taji] text')"
    assert page.evaluate(f"getComputedStyle({label}).direction") == ("rtl" if lang == "ar" else "ltr")
    box = page.evaluate(f"(() => {{ const b = {label}.getBoundingClientRect(), s = document.querySelector("
                        "'svg.atlas-chart-svg').getBoundingClientRect(); "
                        "return [b.left - s.left, s.right - b.right]; })()")
    near, far = (box[1], box[0]) if lang == "ar" else (box[0], box[1])
    assert near < far, "the site's name is not on the side its script starts from"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "scrolls sideways"
    watched.check()
    page.context.close()


@pytest.mark.parametrize("path", ["/table/events?country=SY", "/charts/events", "/bases/taji.html"])
def test_no_sideways_scroll_on_a_phone(live_server: str, browser: Browser, path: str) -> None:
    for lang in ("en", "ar"):
        watched = open_page(browser, "phone")
        page = watched.page
        page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}", wait_until="networkidle")
        assert page.evaluate("getComputedStyle(document.body).direction") == ("rtl" if lang == "ar" else "ltr")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (path, lang)
        watched.check()
        page.context.close()


def test_printing_keeps_the_chart_and_the_table_and_drops_the_controls(live_server: str, browser: Browser) -> None:
    watched = open_page(browser, "desktop")
    page = watched.page
    page.goto(f"{live_server}/table?lang=ar&country=SY", wait_until="networkidle")
    page.emulate_media(media="print")
    assert page.locator("form.atlas-filters").is_hidden() and page.locator("nav.atlas-tabs").is_hidden()
    assert page.locator("#atlas-table tbody tr").first.is_visible()
    page.goto(f"{live_server}/charts/presence?lang=ar", wait_until="networkidle")
    assert page.locator("figure.atlas-chart svg").is_visible()
    width = page.evaluate("document.querySelector('figure.atlas-chart svg').getBoundingClientRect().width")
    assert width <= page.evaluate("document.documentElement.clientWidth")
    watched.check()
    page.context.close()
