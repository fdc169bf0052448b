"""As of any date, only what was known then: for every site and a set of dates, the API, a download, the
site page and the map popup in Chromium agree with each other and with the rule, worked out here from the
source YAML (not from the app's code), and nothing dated after the date is shown unmarked."""

import calendar
import csv
import io
import itertools
import re
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
import yaml

from tests.chromium import Watched
from tests.conftest import GEODATA

ENDING = {"withdrawal", "handover"}
SETS = {"presence_reported": "active", "deployment": "active", "handover_announced": "handover_announced",
        "handover": "handed_over", "withdrawal_announced": "withdrawal_announced", "withdrawal": "withdrawn"}


def last_day(text: str) -> date:
    """The day by which a partial date has certainly passed."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(*parts)


def _load(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)   # dates stay text


def sources() -> dict[str, tuple[str, list[dict]]]:  # type: ignore[type-arg]
    """Each site's country and events (its own and the dataset-level ones naming it), from the YAML."""
    context = _load(GEODATA / "dataset.yaml").get("events", [])
    out = {}
    for path in sorted((GEODATA / "sites").glob("*.yaml")):
        site = _load(path)
        events = list(site.get("events", [])) + [e for e in context if site["id"] in (e.get("sites") or [])]
        events.sort(key=lambda e: (last_day(e["date"]), e["type"], e["source"]["outlet"]))
        out[site["id"]] = (site["country"], events)
    return out


SOURCES = sources()


def expected(site_id: str, on: date) -> dict:  # type: ignore[type-arg]
    """The rule of geodata/README.md: events count once their date's last day has passed; nations are
    present from the first event naming them until the site's withdrawal or handover; not the host."""
    country, events = SOURCES[site_id]
    known = [e for e in events if last_day(e["date"]) <= on]
    status, status_date, present = "unknown", None, set()
    for e in known:
        if e["type"] in SETS:
            status, status_date = SETS[e["type"]], e["date"]
        if e["type"] in ENDING:
            present = set()
        else:
            present |= {n for n in (e.get("nations") or []) if n != country}
    last = known[-1]["date"] if known else None
    return {"status": status, "status_date": status_date, "last_reported": last, "event_count": len(known),
            "nations": sorted(present), "stale": last is None or (on - last_day(last)).days > 365,
            "events": [e["id"] for e in known], "later": [e["id"] for e in events if last_day(e["date"]) > on]}


def dates_of(site_id: str) -> list[date]:
    """Before the first report, between each pair of its events (and on a day one counts from), today."""
    days = sorted({last_day(e["date"]) for e in SOURCES[site_id][1]})
    chosen = [days[0] - timedelta(days=1)] if days else []
    chosen += [a + (b - a) / 2 for a, b in itertools.pairwise(days) if (b - a).days > 1]
    chosen += [*days[-1:], date.today()]
    return sorted(set(chosen))


CASES = [(s, d) for s in SOURCES for d in dates_of(s)]
FIELDS = ("status", "status_date", "last_reported", "event_count", "nations", "stale")


def test_the_cases_cover_every_site_before_between_and_after() -> None:
    assert {s for s, _ in CASES} == set(SOURCES) and len(CASES) > 100


@pytest.mark.parametrize(("site", "on"), CASES, ids=[f"{s}@{d}" for s, d in CASES])
def test_api_answers_only_what_was_reported_by_then(live_server: str, http: httpx.Client, site: str, on: date) -> None:
    want = expected(site, on)
    body = http.get(f"{live_server}/bases/{site}", params={"as_of": on.isoformat()}).json()
    assert {k: body[k] for k in FIELDS} == {k: want[k] for k in FIELDS}
    assert body["as_of"] == on.isoformat()
    assert [e["id"] for e in body["events"]] == want["events"] and body["later_events"] == len(want["later"])
    every = http.get(f"{live_server}/bases/{site}", params={"as_of": on.isoformat(), "include_later": "true"}).json()
    assert [e["id"] for e in every["events"] if e["later"]] == want["later"]
    assert [e["id"] for e in every["events"] if not e["later"]] == want["events"]


@pytest.mark.parametrize("on", sorted({d for _, d in CASES}), ids=str)
def test_downloads_are_the_snapshot_of_the_date(live_server: str, http: httpx.Client, on: date) -> None:
    rows = csv.DictReader(io.StringIO(http.get(f"{live_server}/bases.csv", params={"as_of": on.isoformat()})
                                      .content.decode("utf-8-sig")))
    for row in rows:
        want = expected(row["id"], on)
        assert (row["status"], row["last_reported"], int(row["event_count"]), row["nations"]) == (
            want["status"], want["last_reported"] or "", want["event_count"], "; ".join(want["nations"]))
    geo = http.get(f"{live_server}/bases.geojson", params={"as_of": on.isoformat()}).json()
    for feature in geo["features"]:
        want = expected(feature["id"], on)
        assert [e["id"] for e in feature["properties"]["events"]] == want["events"]
        assert feature["properties"]["nations"] == want["nations"]


def _cell(page: str, fact: str) -> str:
    found = re.search(rf'data-fact="{fact}"[^>]*>(.*?)</td>', page, re.S)
    assert found, fact
    return re.sub(r"<[^>]+>", "", found.group(1)).split("—")[0].split("(")[0].strip()


@pytest.mark.parametrize(("site", "on"), CASES, ids=[f"{s}@{d}" for s, d in CASES])
def test_site_page_shows_the_date_and_greys_what_came_later(live_server: str, http: httpx.Client, site: str,
                                                            on: date) -> None:
    want = expected(site, on)
    page = http.get(f"{live_server}/bases/{site}.html", params={"as_of": on.isoformat(), "lang": "en"}).text
    assert f'data-status="{want["status"]}"' in page
    assert _cell(page, "last_reported") == (want["last_reported"] or "no report yet")
    assert _cell(page, "event_count") == str(want["event_count"])
    codes = re.search(r'data-fact="nations" data-codes="([^"]*)"', page)
    assert codes and codes.group(1) == ",".join(want["nations"])
    items = re.findall(r'<li class="atlas-event( atlas-later)?" data-event="([^"]+)"', page)
    assert [eid for later, eid in items if not later] == want["events"]
    assert [eid for later, eid in items if later] == want["later"]
    assert ("Reported after" in page) == bool(want["later"])


@pytest.mark.browser
def test_map_popups_follow_the_date(live_server: str, watched: Watched) -> None:
    page = watched.open(f"{live_server}/?lang=en")
    for site, on in CASES:
        want = expected(site, on)
        got = page.evaluate("""([id, day]) => {
            atlas.setDay(day); const m = atlas.markers[id]; m.openPopup();
            const box = m.getPopup().getElement(), fact = k => box.querySelector(`[data-fact="${k}"]`).textContent;
            const ids = sel => [...box.querySelectorAll(sel)].map(li => li.dataset.event);
            const out = {status: box.ownerDocument.querySelector(`.atlas-marker[data-site="${id}"]`).dataset.status,
                         last: fact("last_reported"), count: fact("event_count"),
                         nations: box.querySelector('[data-fact="nations"]').dataset.codes,
                         known: ids("li.atlas-event:not(.atlas-later)"), later: ids("li.atlas-later"),
                         line: !!box.querySelector(".atlas-later-line")};
            m.closePopup(); return out; }""", [site, on.isoformat()])
        where = f"{site} on {on}"
        assert got["status"] == want["status"], where
        assert got["last"].split(" — ")[0] == (want["last_reported"] or "no report yet"), where
        assert got["count"] == str(want["event_count"]), where
        assert got["nations"] == ",".join(want["nations"]), where
        assert (got["known"], got["later"], got["line"]) == (want["events"], want["later"], bool(want["later"])), where
