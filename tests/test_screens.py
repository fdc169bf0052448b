"""Screenshots of each changed view, in English and Arabic, at desktop and phone sizes, for a reader to
look at (artifacts/screenshots/); the checks that can be automated are made here too."""

import pytest
from playwright.sync_api import Browser

from tests.chromium import SHOTS, Watched, until

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
    "changes": ("/changes", True, None),
    "table-sy-2021-01-01": ("/table?country=SY&as_of=2021-01-01&sort=-since", True, None),
    "table-events-iq": ("/table/events?country=IQ&type=handover,withdrawal_announced,withdrawal&limit=12", True, None),
    "chart-presence": ("/charts/presence", True, None),
    "chart-events": ("/charts/events", True, None),
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


#: Visible context labels (town, governorate, site) inside the map's box, by kind, and whether any two overlap.
LABELS = """() => {
  const box = document.querySelector('.folium-map').getBoundingClientRect(), counts = {}, rects = [];
  for (const e of document.querySelectorAll('.ctx-label')) {
    const r = e.getBoundingClientRect(), style = getComputedStyle(e);
    if (style.display === 'none' || style.visibility !== 'visible' || !r.width) continue;
    if (r.left < box.left || r.right > box.right || r.top < box.top || r.bottom > box.bottom) continue;
    const kind = e.classList[1].slice(4);
    counts[kind] = (counts[kind] || 0) + 1;
    rects.push(r);
  }
  const overlaps = rects.some((a, i) => rects.slice(i + 1).some(b =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
  return {counts, overlaps};
}"""
#: The closer view: north-east Syria, where most sites are, two zooms in from the default.
CLOSER = [36.5, 40.9]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_map_context_labels(live_server: str, browser: Browser, lang: str, size: str) -> None:
    """Towns and sites are labelled at the default and a closer zoom, no two labels overlap; screenshots."""
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    watched = Watched(context.new_page())
    page = watched.open(f"{live_server}/?lang={lang}")
    page.wait_for_selector("html[data-context-ready]")
    default = page.evaluate("atlas.map.getZoom()")
    for view in ("default", "closer"):
        if view == "closer":
            done = page.evaluate("atlas.declutters")
            # returning nothing: setView hands back the map, which playwright would serialise for half a minute
            page.evaluate(f"() => {{ atlas.map.setView({CLOSER}, {default + 2}, {{animate: false}}); }}")
            until(page, f"atlas.declutters > {done}")
        found = page.evaluate(LABELS)
        assert found["counts"].get("town", 0) >= (2 if view == "default" else 1), (view, found)
        assert found["counts"].get("site", 0) >= 2, (view, found)
        assert not found["overlaps"], (view, found)
        page.wait_for_timeout(300)
        page.screenshot(path=str(SHOTS / f"map-context-{view}-{lang}-{size}.png"))
    labels = page.locator(".ctx-label[data-shown]")
    assert labels.first.get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    watched.check()
    context.close()
