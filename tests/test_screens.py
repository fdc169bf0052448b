"""Screenshots of each changed view, in English and Arabic, at desktop and phone sizes, for a reader to
look at (artifacts/screenshots/); the checks that can be automated are made here too."""

import pytest
from playwright.sync_api import Browser

from tests.chromium import SHOTS, Watched

pytestmark = pytest.mark.browser
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
VIEWS = {   # name: (path, whether it is a document page (a full-page shot), what to do before the shot)
    "map-taji-2020-08-01": ("/?base=taji&as_of=2020-08-01", False, None),
    "map-2020-08-01": ("/?as_of=2020-08-01", False, None),
    "map-drawer-open": ("/?as_of=2020-08-01", False, "drawer"),
    "map-print": ("/?as_of=2020-08-01&status=active,handed_over,withdrawn", False, "print"),
    "site-taji-2020-08-01": ("/bases/taji.html?as_of=2020-08-01", True, None),
    "event-taji-handover": ("/events/taji-2020-08-23-handover.html", True, None),
    "about": ("/about", True, None),
    "error-unknown-parameter": ("/bases?statu=withdrawn", True, None),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("view", VIEWS)
def test_screenshot(live_server: str, browser: Browser, view: str, lang: str, size: str) -> None:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    watched = Watched(context.new_page())
    page = watched.page
    path, document, action = VIEWS[view]
    if action == "drawer" and size == "desktop":
        pytest.skip("the panel is a drawer on phones only")
    page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}",
              wait_until="networkidle")
    if action == "drawer":
        page.click("#atlas-drawer-open")
        assert page.locator("#atlas-panel").is_visible()
    if action == "print":
        page.emulate_media(media="print")
        assert page.locator("#atlas-key .atlas-key-legend").is_visible()
    if view.startswith("map-taji"):
        page.wait_for_selector(".atlas-popup")
        assert page.locator(".atlas-later").count() == 1   # the handover, reported after the date
        direction = page.evaluate("getComputedStyle(document.querySelector('.atlas-popup')).direction")
        assert direction == ("rtl" if lang == "ar" else "ltr")
    else:
        assert page.get_attribute("html", "dir") == ("rtl" if lang == "ar" else "ltr")
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth"), "scrolls sideways"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"{view}-{lang}-{size}.png"), full_page=document)
    if not view.startswith("error"):
        watched.check()
    context.close()
