"""The map's view in real Chromium at 1280x800 and 390x844, in both languages: the phone's drawer, popups
inside the map, Arabic direction, the date bar, the link to a view, its downloads and the print layout."""

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Page

from tests.chromium import Watched, until

pytestmark = pytest.mark.browser
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
LANGS = ["en", "ar"]


@pytest.fixture
def sized(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Watched]:
    """A watched page of the size named by the test's `size` parameter, allowed to use the clipboard."""
    width, height = SIZES[request.node.callspec.params["size"]]
    context = browser.new_context(viewport={"width": width, "height": height})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    w = Watched(context.new_page())
    yield w
    w.check()
    context.close()


def box(page: Page, selector: str) -> dict[str, float]:
    return page.locator(selector).first.evaluate(
        "e => { const r = e.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom}; }")


def assert_inside(inner: dict[str, float], outer: dict[str, float]) -> None:
    assert inner["l"] >= outer["l"] - 1 and inner["r"] <= outer["r"] + 1, (inner, outer)
    assert inner["t"] >= outer["t"] - 1 and inner["b"] <= outer["b"] + 1, (inner, outer)


def no_sideways_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth"))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", ["phone"])
def test_on_a_phone_the_map_fills_the_screen_and_the_panel_is_a_drawer(live_server: str, sized: Watched,
                                                                        lang: str, size: str) -> None:
    page = sized.open(f"{live_server}/?lang={lang}")
    mapbox = box(page, ".folium-map")
    assert mapbox["r"] - mapbox["l"] >= 0.9 * 390 and mapbox["b"] - mapbox["t"] >= 0.8 * 844, mapbox
    assert no_sideways_scroll(page)
    panel, opener = page.locator("#atlas-panel"), page.locator("#atlas-drawer-open")
    assert not panel.is_visible() and opener.get_attribute("aria-expanded") == "false"
    opener.click()                                    # opens, and the reader's focus goes into it
    assert panel.is_visible() and opener.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "atlas-panel-title"
    assert_inside(box(page, "#atlas-panel"), {"l": 0, "t": 0, "r": 390, "b": 844})
    page.keyboard.press("Escape")                     # the keyboard closes it, focus back on its button
    assert not panel.is_visible() and page.evaluate("document.activeElement.id") == "atlas-drawer-open"
    page.keyboard.press("Enter")
    assert panel.is_visible()
    page.click("#atlas-drawer-close")
    assert not panel.is_visible() and opener.get_attribute("aria-expanded") == "false"
    assert page.locator("#atlas-key-day").inner_text() == page.locator("#atlas-date-input").input_value()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
def test_popups_opened_by_link_or_search_lie_inside_the_map(live_server: str, sized: Watched,
                                                           lang: str, size: str) -> None:
    page = sized.open(f"{live_server}/?base=taji&as_of=2020-08-01&lang={lang}")
    page.locator(".leaflet-popup").wait_for()
    page.wait_for_timeout(300)
    assert_inside(box(page, ".leaflet-popup"), box(page, ".folium-map"))
    popup = page.locator(".atlas-popup")
    direction, align = popup.evaluate("e => [getComputedStyle(e).direction, getComputedStyle(e).textAlign]")
    assert direction == ("rtl" if lang == "ar" else "ltr")
    assert align in (("right", "start") if lang == "ar" else ("left", "start"))
    assert popup.locator("dd").first.evaluate("e => getComputedStyle(e).direction") == direction
    if size == "phone":
        page.click("#atlas-drawer-open")
    page.fill("#atlas-q", "Ain al-Assad airbase" if lang == "en" else "قاعدة التنف")
    page.click("#atlas-search button[type=submit]")
    until(page, "document.querySelectorAll('.leaflet-popup').length === 1 && !location.search.includes('base=taji')")
    page.wait_for_timeout(300)
    assert not page.locator("#atlas-panel").is_visible() or size == "desktop"   # the drawer made way
    assert_inside(box(page, ".leaflet-popup"), box(page, ".folium-map"))
    assert no_sideways_scroll(page)


@pytest.mark.parametrize("size", ["desktop"])
def test_arabic_mixed_runs_are_isolated_and_dates_do_not_break(live_server: str, sized: Watched, size: str) -> None:
    page = sized.open(f"{live_server}/?base=taji&as_of=2020-09-01&lang=ar")
    popup = page.locator(".atlas-popup")
    popup.wait_for()
    days = popup.locator(".atlas-day")
    assert days.count() >= 8
    for i in range(days.count()):
        style = days.nth(i).evaluate("e => [getComputedStyle(e).unicodeBidi, getComputedStyle(e).whiteSpace, e.dir]")
        assert style == ["isolate", "nowrap", "ltr"], style
    radius = popup.locator(".atlas-distance")
    assert radius.inner_text() == "±3 كم"             # Camp Taji: 3000 m, in Arabic units
    assert radius.evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"
    assert "Baghdad" not in popup.inner_text() and "بغداد" in popup.inner_text()   # the governorate in Arabic
    assert "«التحالف الدولي ضد داعش ـ المهام والواجبات»" in popup.inner_text()   # the via publication
    outlets = popup.locator(".atlas-event-source bdi:not([dir])")
    assert outlets.count() >= 4 and all(outlets.nth(i).evaluate("e => getComputedStyle(e).unicodeBidi") == "isolate"
                                        for i in range(outlets.count()))
    page.goto(f"{live_server}/bases/taji.html?lang=ar&as_of=2020-09-01")
    assert page.locator("main").evaluate("e => [getComputedStyle(e).direction, getComputedStyle(e).textAlign]") in (
        ["rtl", "start"], ["rtl", "right"])
    assert page.locator(".atlas-distance").inner_text() == "(±3 كم)"
    for i in range(page.locator("main .atlas-event-date").count()):
        assert page.locator("main .atlas-event-date").nth(i).evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
def test_the_date_bar_shows_years_and_marks_where_events_fall(live_server: str, sized: Watched,
                                                              lang: str, size: str) -> None:
    page = sized.open(f"{live_server}/?lang={lang}")
    if size == "phone":
        page.click("#atlas-drawer-open")
    years = page.locator(".atlas-year")
    labels = [int(t) for t in years.all_inner_texts()]
    assert len(labels) >= 4 and labels == sorted(labels) and 2020 in labels
    marks = page.locator(".atlas-event-mark")
    days = set(page.evaluate("Object.values(atlas.sites).flatMap(s => s.events.map(e => e.counts_from))"))
    assert 10 <= marks.count() <= 400 and set(marks.evaluate_all("ms => ms.map(m => m.dataset.day)")) <= days

    def x(selector: str) -> float:
        return float(page.locator(selector).evaluate(
            "e => { const r = e.getBoundingClientRect(); return (r.left + r.right) / 2; }"))
    handover = page.evaluate("""() => { const ms = [...document.querySelectorAll('.atlas-event-mark')];
        const d = '2020-08-23'; return ms.filter(m => m.dataset.day <= d).map(m => m.dataset.day).pop(); }""")
    at, y2020 = x(f'.atlas-event-mark[data-day="{handover}"]'), x('.atlas-year[data-year="2020"]')
    assert (at > y2020) == (lang == "en"), "time runs left to right in English, right to left in Arabic"
    page.locator('.atlas-year[data-year="2020"]').click()   # a year label takes the date there
    assert page.locator("#atlas-date-input").input_value() == "2020-01-01"
    assert page.locator("#atlas-date").get_attribute("aria-valuetext") == "2020-01-01"
    assert no_sideways_scroll(page)


@pytest.mark.parametrize("size", SIZES)
def test_popups_follow_the_chosen_date(live_server: str, sized: Watched, size: str) -> None:
    page = sized.open(f"{live_server}/?base=taji&as_of=2020-08-01&lang=en")
    popup = page.locator(".atlas-popup")
    popup.wait_for()
    assert popup.locator(".atlas-later").count() == 1
    assert "2020-08-01" in popup.locator(".atlas-later-line").inner_text()
    page.evaluate("atlas.setDay('2020-09-01')")
    assert popup.locator(".atlas-later").count() == 0
    assert "handed over" in popup.locator('[data-fact="status"]').inner_text()
    page.evaluate("atlas.setDay('2020-03-01')")
    assert popup.locator(".atlas-later").count() == 3 and popup.locator(".atlas-event:not(.atlas-later)").count() == 1


def _view(page: Page) -> dict[str, object]:
    return page.evaluate("""() => ({date: document.getElementById('atlas-date-input').value,
        unchecked: [...document.querySelectorAll('input[data-status-toggle], input[data-country-toggle]')]
                   .filter(b => !b.checked).map(b => b.value).sort(),
        popup: document.querySelector('.atlas-popup h3') && document.querySelector('.atlas-popup h3').textContent,
        center: [atlas.map.getCenter().lat.toFixed(4), atlas.map.getCenter().lng.toFixed(4)],
        zoom: atlas.map.getZoom(),
        markers: document.querySelectorAll('.atlas-marker[data-site]').length})""")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
def test_copy_link_restores_the_whole_view(live_server: str, sized: Watched, browser: Browser,
                                           lang: str, size: str) -> None:
    page = sized.open(f"{live_server}/?lang={lang}")
    page.evaluate("atlas.setDay('2021-06-30')")
    if size == "phone":
        page.click("#atlas-drawer-open")
    page.uncheck('input[data-status-toggle][value="withdrawn"]')
    page.uncheck('input[data-country-toggle][value="SY"]')
    # in a function returning nothing: a bare call would hand back Leaflet's object (the map, every layer
    # and node it holds), which playwright serialises for half a minute
    page.evaluate("() => { atlas.markers['taji'].openPopup(); }")
    page.evaluate("() => { atlas.map.setView([33.4, 44.1], 9, {animate: false}); }")
    page.wait_for_timeout(800)   # the popup keeps itself in view: the camera settles after its pan
    before = _view(page)
    page.click("button[data-copy-link]")
    until(page, "document.querySelector('.atlas-copy-status').textContent !== ''")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.url and "#map=9/" in copied
    query = parse_qs(urlsplit(copied).query)
    assert query["as_of"] == ["2021-06-30"] and query["base"] == ["taji"] and query["country"] == ["IQ"]
    assert "withdrawn" not in query["status"][0].split(",") and "active" in query["status"][0].split(",")
    fresh_context = browser.new_context(viewport={"width": SIZES[size][0], "height": SIZES[size][1]})
    fresh = Watched(fresh_context.new_page())
    fresh.open(copied)
    fresh.page.locator(".atlas-popup").wait_for()
    fresh.page.wait_for_timeout(300)
    after = _view(fresh.page)
    assert after == before, (before, after)
    fresh.check()
    fresh_context.close()
    assert httpx.get(copied.split("#")[0].replace("status=", "status=nope,")).status_code == 400


def _marker_ids(page: Page) -> set[str]:
    return set(page.evaluate("[...document.querySelectorAll('.atlas-marker[data-site]')].map(m => m.dataset.site)"))


@pytest.mark.parametrize("size", ["desktop"])
def test_download_links_carry_the_view(live_server: str, sized: Watched, size: str) -> None:
    page = sized.open(f"{live_server}/?lang=en&as_of=2020-08-01")
    page.uncheck('input[data-status-toggle][value="active"]')
    page.uncheck('input[data-country-toggle][value="SY"]')
    shown = _marker_ids(page)
    assert shown and all(i for i in shown)
    links = {a["text"]: a["href"] for a in page.locator("a[data-download]").evaluate_all(
        "as => as.map(a => ({text: a.textContent, href: a.href}))")}
    assert set(links) == {"GeoJSON", "CSV", "KML", "GeoPackage", "Events (CSV)"}
    geo = httpx.get(links["GeoJSON"])
    assert geo.status_code == 200 and {f["properties"]["id"] for f in geo.json()["features"]} == shown
    assert {f["properties"]["status"] for f in geo.json()["features"]} & {"active"} == set()
    rows = list(csv.DictReader(io.StringIO(httpx.get(links["CSV"]).content.decode("utf-8-sig"))))
    assert {r["id"] for r in rows} == shown
    for name in ("KML", "GeoPackage"):
        got = httpx.get(links[name])
        assert got.status_code == 200 and "attachment" in got.headers["content-disposition"]
        assert parse_qs(urlsplit(links[name]).query) == parse_qs(urlsplit(links["GeoJSON"]).query)
    events = list(csv.DictReader(io.StringIO(httpx.get(links["Events (CSV)"]).content.decode("utf-8-sig"))))
    assert events and all(r["date"] <= "2020-08-01" for r in events)
    sites_col = next(c for c in events[0] if c in ("sites", "bases", "site"))
    assert all(set(r[sites_col].split("; ")) & shown for r in events)
    ogc = page.locator("#atlas-ogc-url").input_value()
    assert ogc.startswith(live_server + "/ogc/collections/bases/items?") and "datetime=2020-08-01" in ogc
    assert httpx.get(ogc).status_code == 200 and "country=IQ" in ogc
    page.click("button[data-copy='atlas-ogc-url']")
    until(page, "document.querySelector('.atlas-copy-status').textContent !== ''")
    assert page.evaluate("navigator.clipboard.readText()") == ogc


@pytest.mark.parametrize("size", ["phone"])
def test_site_and_event_pages_offer_their_own_downloads(live_server: str, sized: Watched, size: str) -> None:
    page = sized.page
    page.goto(f"{live_server}/bases/taji.html?lang=en&as_of=2020-09-01")
    geo = httpx.get(page.locator('a[data-download][data-path="/bases.geojson"]').evaluate("a => a.href")).json()
    assert [f["properties"]["id"] for f in geo["features"]] == ["taji"]
    assert geo["features"][0]["properties"]["status"] == "handed_over"
    events = page.locator('a[data-download="events"]').evaluate("a => a.href")
    rows = list(csv.DictReader(io.StringIO(httpx.get(events).content.decode("utf-8-sig"))))
    assert len(rows) == 4
    ogc = json.loads(httpx.get(page.locator("#atlas-ogc-url").input_value()).content)
    assert [f["id"] for f in ogc["features"]] == ["taji"]
    page.goto(f"{live_server}/events/taji-2020-08-23-handover.html?lang=ar")
    rows = list(csv.DictReader(io.StringIO(httpx.get(
        page.locator('a[data-download="events"]').evaluate("a => a.href")).content.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == ["taji-2020-08-23-handover"]
    assert no_sideways_scroll(page)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", SIZES)
def test_print_keeps_the_map_legend_date_and_credit_not_the_panel(live_server: str, sized: Watched,
                                                                  lang: str, size: str) -> None:
    page = sized.open(f"{live_server}/?lang={lang}&as_of=2020-08-01")
    page.emulate_media(media="print")
    assert not page.locator("#atlas-panel").is_visible()
    assert not page.locator(".leaflet-control-zoom").is_visible()
    key = page.locator("#atlas-key")
    assert key.is_visible() and "2020-08-01" in key.inner_text()
    assert page.locator(".atlas-key-legend li").count() == 6 and page.locator(".atlas-key-legend").is_visible()
    assert "Natural Earth" in page.locator(".atlas-key-credit").inner_text()
    assert page.locator(".atlas-header h1").is_visible()
    assert_inside(box(page, "#atlas-key"), box(page, ".folium-map"))


@pytest.mark.parametrize("size", ["desktop"])
def test_the_site_page_marker_has_its_status_colour_and_shape(live_server: str, sized: Watched, size: str) -> None:
    page = sized.open(f"{live_server}/?lang=en")
    style = ("e => { const s = getComputedStyle(e); "
             "return [s.backgroundColor, s.borderRadius, s.transform, s.borderStyle]; }")
    legend = page.locator(".atlas-legend .status-handed_over").evaluate(style)
    page.goto(f"{live_server}/bases/taji.html?lang=en&as_of=2020-09-01")
    page.locator("#site-map .atlas-marker").wait_for()
    assert page.locator("#site-map .atlas-marker").evaluate(style) == legend
    page.goto(f"{live_server}/bases/taji.html?lang=en&as_of=2020-07-20")
    page.locator("#site-map .atlas-marker").wait_for()
    assert page.locator("#site-map .atlas-marker").evaluate(style) != legend
    assert "status-withdrawal_announced" in (page.locator("#site-map .atlas-marker").get_attribute("class") or "")


@pytest.mark.parametrize("size", ["phone"])
def test_no_page_scrolls_sideways_on_a_phone(live_server: str, sized: Watched, size: str) -> None:
    """Every page a reader can reach, in both languages: the maps, every site and event page, about, errors."""
    sites = [b["id"] for b in httpx.get(f"{live_server}/bases?limit=1000").json()["bases"]]
    events = [e["id"] for e in httpx.get(f"{live_server}/events?limit=1000").json()["events"]]
    paths = (["/", "/?base=taji&as_of=2020-08-01", "/about", "/bases?statu=x", "/bases/nope.html"]
             + [f"/bases/{s}.html" for s in sites] + [f"/events/{e}.html" for e in events])
    page, wide = sized.page, []
    page.set_extra_http_headers({"Accept": "text/html"})
    for lang in LANGS:
        for path in paths:
            page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}", wait_until="load")
            if not no_sideways_scroll(page):
                wide.append(f"{path} ({lang})")
    sized.errors = [e for e in sized.errors if "404" not in e and "400" not in e]   # the error pages' own status
    assert len(paths) > 200 and wide == []


def test_every_event_page_links_downloads_that_hold_its_event(live_server: str, http: httpx.Client) -> None:
    """Months and years included: OGC takes them as an interval of days, events.csv as since/until."""
    events = http.get(f"{live_server}/events?limit=1000").json()["events"]
    assert any(len(e["date"]) < 10 for e in events)
    for event in events:
        page = http.get(f"{live_server}/events/{event['id']}.html?lang=en").text
        csv_href = re.search(r'data-path="/events.csv" href="([^"]+)"', page)
        ogc_href = re.search(r'id="atlas-ogc-url"[^>]*value="([^"]+)"', page, re.S)
        assert csv_href and ogc_href, event["id"]
        rows = csv.DictReader(io.StringIO(http.get(live_server + html.unescape(csv_href[1])).text.lstrip("\ufeff")))
        assert event["id"] in {r["id"] for r in rows}, event["id"]
        ogc = http.get(live_server + html.unescape(ogc_href[1]))
        assert ogc.status_code == 200 and event["id"] in {f["id"] for f in ogc.json()["features"]}, event["id"]
