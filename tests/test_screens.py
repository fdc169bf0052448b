"""Screenshots of each changed view, in English and Arabic, at desktop and phone sizes, for a reader to
look at (artifacts/screenshots/); the checks that can be automated are made here too."""

import pytest
from playwright.sync_api import Browser

from tests.chromium import SHOTS, Watched

pytestmark = pytest.mark.browser
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
VIEWS = {   # name: (path, whether it is a document page that must not scroll sideways)
    "map-taji-2020-08-01": ("/?base=taji&as_of=2020-08-01", False),
    "site-taji-2020-08-01": ("/bases/taji.html?as_of=2020-08-01", True),
    "event-taji-handover": ("/events/taji-2020-08-23-handover.html", True),
    "error-unknown-parameter": ("/bases?statu=withdrawn", True),
    "about": ("/about", True),
    "changes": ("/changes", True),
    "table-sy-2021-01-01": ("/table?country=SY&as_of=2021-01-01&sort=-since", True),
    "table-events-iq": ("/table/events?country=IQ&type=handover,withdrawal_announced,withdrawal&limit=12", True),
    "chart-presence": ("/charts/presence", True),
    "chart-events": ("/charts/events", True),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("view", VIEWS)
def test_screenshot(live_server: str, browser: Browser, view: str, lang: str, size: str) -> None:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    watched = Watched(context.new_page())
    page = watched.page
    path, document = VIEWS[view]
    page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}",
              wait_until="networkidle")
    if view.startswith("map"):
        page.wait_for_selector(".atlas-popup")
        assert page.locator(".atlas-later").count() == 1   # the handover, reported after the date
        direction = page.evaluate("getComputedStyle(document.querySelector('.atlas-popup')).direction")
        assert direction == ("rtl" if lang == "ar" else "ltr")
    else:
        assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    if document:
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "scrolls sideways"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"{view}-{lang}-{size}.png"), full_page=document)
    if not view.startswith("error"):
        watched.check()
    context.close()
