"""The map's geographic context in real Chromium: the place search, and the browser's folding of names."""

import json

import pytest
from playwright.sync_api import Browser

from app.names.normalise import normalise
from tests.chromium import Watched
from tests.conftest import GEODATA

pytestmark = pytest.mark.browser
TOWNS = {f["properties"]["name_en"]: f for f in
         json.loads((GEODATA / "context" / "towns.geojson").read_text("utf-8"))["features"]}


@pytest.mark.parametrize(("query", "lang", "town", "near"), [
    ("Hasakah", "en", "Hasakah", "hasakah-ghwairan"),
    ("الحسكة", "ar", "Hasakah", "hasakah-ghwairan"),
    ("حسكة", "ar", "Hasakah", "hasakah-ghwairan"),      # without the article, as app.names folds it
    ("Kirkuk", "en", "Kirkuk", "k1-kirkuk"),
    ("al-Mayadin", "en", "Al Mayadin", "al-omar"),
])
def test_search_flies_to_a_town_and_lists_the_sites_near_it(live_server: str, watched: Watched, query: str,
                                                             lang: str, town: str, near: str) -> None:
    page = watched.open(f"{live_server}/?lang={lang}")
    page.wait_for_selector("html[data-context-ready]")
    page.fill("#atlas-q", query)
    page.click("#atlas-search button[type=submit]")
    feature = TOWNS[town]
    found = page.locator(f'.ctx-found[data-place="town:{feature["properties"]["id"]}"]')
    found.wait_for()
    listed = page.locator(".ctx-near a[data-site]")
    assert listed.count() >= 1
    assert near in [listed.nth(i).get_attribute("data-site") for i in range(listed.count())]
    lon, lat = feature["geometry"]["coordinates"]
    near_it = (f"(() => {{ const c = atlas.map.getCenter(); "   # polled from here: the page's CSP forbids eval
               f"return Math.abs(c.lat - {lat}) < 0.3 && Math.abs(c.lng - {lon}) < 0.3 "
               f"&& atlas.map.getZoom() >= 8; }})()")   # the flight over: there and zoomed in
    for _ in range(100):
        if page.evaluate(near_it):
            break
        page.wait_for_timeout(100)
    assert page.evaluate(near_it), "the map did not fly to the place"
    assert page.evaluate("atlas.map.getZoom()") >= 8
    name = feature["properties"]["name_ar" if lang == "ar" else "name_en"]
    assert name in found.inner_text()
    listed.first.click()                        # a listed site opens its popup
    page.locator(".atlas-popup").wait_for()


def test_search_finds_a_governorate_and_lists_the_sites_inside_it(live_server: str, watched: Watched) -> None:
    page = watched.open(f"{live_server}/?lang=en")
    page.wait_for_selector("html[data-context-ready]")
    page.fill("#atlas-q", "Al Anbar")
    page.click("#atlas-search button[type=submit]")
    page.locator('.ctx-found[data-place="governorate:IQ-AN"]').wait_for()
    sites = {a.get_attribute("data-site") for a in page.locator(".ctx-near a[data-site]").all()}
    assert {"ain-al-asad", "qaim", "taqaddum"} <= sites
    assert "taji" not in sites                  # Baghdad governorate, not Anbar


def test_a_site_name_still_opens_the_site(live_server: str, watched: Watched) -> None:
    page = watched.open(f"{live_server}/?lang=en")
    page.wait_for_selector("html[data-context-ready]")
    page.fill("#atlas-q", "Manbij")             # a town and an alias of a site: the site wins
    page.click("#atlas-search button[type=submit]")
    page.locator(".atlas-popup").wait_for()
    assert page.locator(".ctx-found").count() == 0


FOLDED = ["الحسكة", "الحسكه", "حسكة", "أربيل", "إربيل", "اربيل", "دير الزور", "القائم", "قاعدة التنف",
          "بالموصل", "والرقة", "Al-Hasakah", "Deir ez-Zor", "Tell Tamer", "Al Qā’im", "Ālbū Kamāl",
          "Camp Taji", "K-1 Air Base", "Qayyarah Airfield West", "Union III", "Abū Ġarīb", "ٱلرمادي"]


def test_the_browser_folds_names_as_app_names_does(live_server: str, browser: Browser) -> None:
    context = browser.new_context()
    watched = Watched(context.new_page())
    page = watched.open(f"{live_server}/?lang=en")
    page.wait_for_selector("html[data-context-ready]")
    folded = page.evaluate("(names) => names.map(n => atlas.fold(n))", FOLDED)
    assert folded == [normalise(n) for n in FOLDED]
    watched.check()
    context.close()

