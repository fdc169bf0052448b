"""The real data set: every seed site, every statement of the source article, sourced and current."""

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.domain.timeline import STATUS_OF, status_at
from app.sources.checks import load

ROOT = Path(__file__).resolve().parent.parent
GEODATA = ROOT / "geodata"
SEEDS = ["ain-al-asad", "erbil", "taji", "tanf", "qasrak", "al-omar", "conoco", "besmaya",
         "baghdad-embassy"]

# Each statement the article makes about a site (../shared/source/FACTS.md): site, type, outlet, date.
ARTICLE_STATEMENTS = [
    ("ain-al-asad", "presence_reported", "Euronews", "2020-01-07"),
    ("erbil", "presence_reported", "Euronews", "2020-01-07"),
    ("baghdad-embassy", "presence_reported", "Euronews", "2020-01-07"),
    ("al-omar", "presence_reported", "RT", "2021-03-23"),
    ("conoco", "presence_reported", "RT", "2021-03-23"),
    ("tanf", "presence_reported", "RT", "2021-03-23"),
    ("tanf", "presence_reported", "Sky News Arabia", "2020-10-14"),
    ("qasrak", "presence_reported", "Sky News Arabia", "2020-10-14"),
    ("taji", "withdrawal_announced", "Sputnik", "2020-07-16"),
    ("taji", "handover", "RT", "2020-08-23"),
    ("besmaya", "handover_announced", "RT", "2020-07-23"),
]


@pytest.fixture(scope="module")
def built() -> dict[str, dict[str, Any]]:
    data = json.loads((GEODATA / "bases.geojson").read_text("utf-8"))
    return {f["id"]: f for f in data["features"]}


def test_sources_have_no_problems() -> None:
    assert [str(p) for p in load(GEODATA).problems] == []


@pytest.mark.parametrize("site", SEEDS)
def test_seed_site_present_with_both_names_and_a_sourced_location(
        built: dict[str, dict[str, Any]], site: str) -> None:
    props = built[site]["properties"]
    assert props["name_en"] and any("\u0600" <= c <= "\u06ff" for c in props["name_ar"])
    assert props["location_source"] and props["uncertainty_m"] > 0
    assert props["location_url"] or props["location_checked_against"]


@pytest.mark.parametrize(("site", "kind", "outlet", "day"), ARTICLE_STATEMENTS)
def test_article_statement_is_an_event(built: dict[str, dict[str, Any]], site: str, kind: str,
                                       outlet: str, day: str) -> None:
    events = built[site]["properties"]["events"]
    hits = [e for e in events if e["type"] == kind and e["source"]["outlet"] == outlet
            and e["source"]["published"] == day]
    assert hits, f"{site}: no {kind} event from {outlet} on {day}"
    assert hits[0]["source"]["via"]["id"] == "ecci-2021"


@pytest.mark.parametrize(("day", "status"), [
    (date(2020, 8, 1), "withdrawal_announced"),
    (date(2020, 8, 22), "withdrawal_announced"),
    (date(2020, 9, 1), "handed_over"),
])
def test_taji_status_across_the_handover(built: dict[str, dict[str, Any]], day: date,
                                         status: str) -> None:
    assert status_at(built["taji"]["properties"]["events"], day)[0] == status


def test_every_event_is_dated_and_attributed(built: dict[str, dict[str, Any]]) -> None:
    for site, feat in built.items():
        for event in feat["properties"]["events"]:
            src = event["source"]
            assert event["date"] and src["outlet"] and src["published"], (site, event)
            assert event["summary_en"] and event["summary_ar"], (site, event)


def test_status_today_is_set_by_the_newest_status_event(built: dict[str, dict[str, Any]]) -> None:
    for site, feat in built.items():
        props = feat["properties"]
        setting = [e for e in props["events"] if e["type"] in STATUS_OF]
        assert setting, f"{site} has no status-setting event"
        newest = setting[-1]
        assert status_at(props["events"], date.today()) == (STATUS_OF[newest["type"]], newest["date"])
        assert (props["status"], props["status_date"]) == (STATUS_OF[newest["type"]], newest["date"])
