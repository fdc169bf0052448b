"""The charts: one row per site, its bars' colours the status app.domain.timeline gives on each day, the map's
colours, events per month adding up to /events; SVG that parses, PNG that is one; both languages."""

import re
import struct
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from app.domain.timeline import STATUS_OF, status_at
from app.formats.months import ticks
from app.formats.presence import START, segments
from app.formats.svg import EVENT_COLOURS, STATUS_COLOURS, TimeScale
from app.main import create_app
from app.settings import Settings
from app.store.views import events_of

ROOT = Path(__file__).resolve().parent.parent
NS = {"s": "http://www.w3.org/2000/svg"}
APP = create_app(Settings(geodata_dir=ROOT / "geodata"))


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(APP) as c:
        yield c


def svg(client: TestClient, path: str, **params: str) -> etree._Element:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"] == "image/svg+xml"
    assert r.headers["content-disposition"].startswith("attachment; filename=")
    return etree.fromstring(r.content)


def scale_of(root: etree._Element, cls: str) -> TimeScale:
    g = root.xpath(f"//s:g[@class='{cls}']", namespaces=NS)[0]
    return TimeScale(date.fromisoformat(g.get("data-start")), date.fromisoformat(g.get("data-end")),
                     float(g.get("data-x0")), float(g.get("data-x1")), g.get("data-rtl") == "true")


def bars(root: etree._Element, site: str) -> list[etree._Element]:
    return root.xpath(f"//s:g[@data-site='{site}']/s:rect[@data-status]", namespaces=NS)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_one_row_per_site(client: TestClient, lang: str) -> None:
    root = svg(client, "/charts/presence.svg", lang=lang)
    rows = root.xpath("//s:g[@class='atlas-presence-row']/@data-site", namespaces=NS)
    store = APP.state.store
    assert len(rows) == len(store.features) == 32
    assert sorted(rows) == sorted(store.by_id)
    assert root.get("lang") == lang and root.get("direction") == ("rtl" if lang == "ar" else "ltr")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_taji_bar_changes_colour_on_the_day_of_the_handover(client: TestClient, lang: str) -> None:
    root = svg(client, "/charts/presence.svg", lang=lang)
    scale = scale_of(root, "atlas-presence")
    handover = date(2020, 8, 23)
    by_status = {b.get("data-status"): b for b in bars(root, "taji")}
    after, before = by_status["handed_over"], by_status["withdrawal_announced"]
    assert after.get("fill") == STATUS_COLOURS["handed_over"] == "#2c7bb6"
    assert before.get("fill") == STATUS_COLOURS["withdrawal_announced"]
    assert (after.get("data-from"), before.get("data-to")) == ("2020-08-23", "2020-08-22")
    x, w = float(after.get("x")), float(after.get("width"))
    bx, bw = float(before.get("x")), float(before.get("width"))
    edge = scale.x(handover)
    if lang == "ar":   # time runs right to left: the handover is the right edge of the later bar
        assert abs(x + w - edge) < 0.02 and abs(bx - edge) < 0.02 and x < bx
    else:
        assert abs(x - edge) < 0.02 and abs(bx + bw - edge) < 0.02 and bx < x


def colour_on(root: etree._Element, site: str, day: date) -> str:
    for bar in bars(root, site):
        if bar.get("data-from") <= day.isoformat() <= bar.get("data-to"):
            return str(bar.get("fill"))
    return STATUS_COLOURS["unknown"]


def test_every_bar_has_the_status_timeline_gives_on_its_days(client: TestClient) -> None:
    root = svg(client, "/charts/presence.svg")
    store = APP.state.store
    days = [START + timedelta(days=d) for d in range(0, (date.today() - START).days, 61)]
    checked = 0
    for feature in store.features:
        events = events_of(feature)
        edges = [date.fromisoformat(t[0]) for t in feature["_transitions"]]
        for day in days + edges + [e - timedelta(days=1) for e in edges]:
            if START <= day <= date.today():
                assert colour_on(root, feature["id"], day) == STATUS_COLOURS[status_at(events, day)[0]], \
                    (feature["id"], day)
                checked += 1
    assert checked > 32 * 60


@pytest.mark.parametrize(("transitions", "expected"), [
    ([], [("2014-01-01", "unknown")]),
    ([("2016-03-31", "active", "2016-03")], [("2014-01-01", "unknown"), ("2016-03-31", "active")]),
    ([("2012-05-01", "active", "2012-05-01")], [("2014-01-01", "active")]),   # before the chart: from its start
    ([("2016-01-01", "active", "2016-01-01"), ("2017-01-01", "active", "2017-01-01")],   # the same again: one span
     [("2014-01-01", "unknown"), ("2016-01-01", "active")]),
    ([("2016-01-01", "handover_announced", "2016-01-01"), ("2016-01-01", "handed_over", "2016-01-01")],
     [("2014-01-01", "unknown"), ("2016-01-01", "handed_over")]),   # two on a day: the later one
    ([("2030-01-01", "withdrawn", "2030-01-01")], [("2014-01-01", "unknown")]),   # after the end: unseen
])
def test_segments(transitions: list[tuple[str, str, str]], expected: list[tuple[str, str]]) -> None:
    spans = segments(transitions, date(2014, 1, 1), date(2020, 12, 31))
    assert [(a.isoformat(), s) for a, _, s, _ in spans] == expected
    assert spans[-1][1] == date(2021, 1, 1)
    assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))


def test_the_colours_are_the_maps() -> None:
    css = (ROOT / "app/pages/static/atlas.css").read_text("utf-8")
    for status, colour in STATUS_COLOURS.items():
        found = re.search(rf"\.status-{status} \{{[^}}]*background: #([0-9a-f]{{3,6}})", css)
        assert found, status
        digits = found.group(1) if len(found.group(1)) == 6 else "".join(c * 2 for c in found.group(1))
        assert colour == f"#{digits}", status
    for kind, colour in EVENT_COLOURS.items():   # a type that sets a status takes its colour (but deployment,
        if kind in STATUS_OF and kind != "deployment":   # beside presence reported: a lighter green)
            assert colour == STATUS_COLOURS[STATUS_OF[kind]], kind


@pytest.mark.parametrize("params", [{}, {"type": "attack"}, {"country": "SY", "since": "2020"}])
def test_events_per_month_add_up_to_the_events(client: TestClient, params: dict[str, str]) -> None:
    root = svg(client, "/charts/events.svg", **params)
    events = client.get("/events", params={**params, "limit": "1000"}).json()["events"]
    drawn: Counter[tuple[str, str]] = Counter()
    for part in root.xpath("//s:g[@class='atlas-month']/s:rect", namespaces=NS):
        drawn[(part.getparent().get("data-month"), part.get("data-type"))] += int(part.get("data-count"))
    wanted = Counter((e["date"][:7], e["type"]) for e in events if len(e["date"]) >= 7)
    assert drawn == wanted and sum(drawn.values()) > 0


@pytest.mark.parametrize(("most", "expected"), [(0, [0, 1]), (3, [0, 1, 2, 3]), (19, [0, 5, 10, 15, 20]),
                                                (7, [0, 2, 4, 6, 8]), (120, [0, 20, 40, 60, 80, 100, 120])])
def test_ticks(most: int, expected: list[int]) -> None:
    assert ticks(most) == expected


@pytest.mark.parametrize("path", ["/charts/presence.png", "/charts/events.png", "/bases/taji/presence.png"])
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_png_is_a_png_twice_the_svgs_size(client: TestClient, path: str, lang: str) -> None:
    r = client.get(path, params={"lang": lang})
    assert r.status_code == 200 and r.headers["content-type"] == "image/png"
    assert r.content[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", r.content[16:24])
    root = svg(client, path.replace(".png", ".svg"), lang=lang)
    assert (width, height) == (2 * int(root.get("width")), 2 * int(root.get("height")))
    assert client.get(path, params={"lang": lang}).content == r.content   # deterministic


def test_a_sites_chart_is_on_its_page_and_has_one_row(client: TestClient) -> None:
    page = client.get("/bases/taji.html", params={"lang": "ar"}).text
    assert page.count('class="atlas-presence-row"') == 1 and 'data-site="taji"' in page
    assert "/bases/taji/presence.svg?lang=ar" in page
    root = svg(client, "/bases/taji/presence.svg")
    assert len(root.xpath("//s:g[@class='atlas-presence-row']", namespaces=NS)) == 1
    assert "atlas-presence-mark" not in page   # today: nothing to mark
    dated = client.get("/bases/taji.html", params={"as_of": "2020-08-01"}).text
    assert 'class="atlas-presence-mark" data-day="2020-08-01"' in dated   # the page's day, on its chart


def test_the_charts_take_the_filters_of_their_table(client: TestClient) -> None:
    root = svg(client, "/charts/presence.svg", country="IQ", status="handed_over", as_of="2021-01-01")
    rows = root.xpath("//s:g[@class='atlas-presence-row']/@data-site", namespaces=NS)
    ids = [b["id"] for b in client.get("/bases", params={"country": "IQ", "status": "handed_over",
                                                          "as_of": "2021-01-01"}).json()["bases"]]
    assert sorted(rows) == sorted(ids) and len(ids) == 8


def test_a_presence_chart_of_too_many_sites_is_a_400_that_says_how_to_narrow_it(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from app.cli import main
    from app.sources.build import build
    from app.store import Store

    assert CliRunner().invoke(main, ["synth", str(tmp_path), "--sites", "1200", "--events", "1300"]).exit_code == 0
    store = Store.load(build(tmp_path))
    with TestClient(create_app(Settings(geodata_dir=ROOT / "geodata"), store=store)) as big:
        r = big.get("/charts/presence.svg", headers={"Accept": "application/json"})
        assert r.status_code == 400 and "at most 1000 sites" in r.json()["error"]["message"]
        assert "narrow them" in r.json()["error"]["message"]
        country = store.features[0]["properties"]["country"]
        narrowed = big.get("/table", params={"country": country, "limit": "1"})
        count = int(etree.HTML(narrowed.content).xpath("string(//main/@data-count)"))
        assert 0 < count <= 1000
        assert big.get("/charts/presence.svg", params={"country": country}).status_code == 200
        assert big.get("/charts/presence", headers={"Accept": "text/html"}).status_code == 400
