"""Every claim graded: an event's sources and certainty, validated; and the repo's data holds to it."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from app.domain.models import Event
from app.sources.checks import load

ROOT = Path(__file__).resolve().parent.parent
ONE = {"outlet": "Fixture News", "published": "2020-01-08"}
OTHER = {"outlet": "Other Wire", "published": "2020-01-09"}
SAME = {"outlet": "Fixture News (via Syndicate)", "published": "2020-01-09"}
OFFICIAL = {"outlet": "Coalition press release", "published": "2020-01-08", "official": True}


def event(certainty: str, source: dict, also: list[dict] | None = None, note: str | None = None) -> Event:  # type: ignore[type-arg]
    return Event.model_validate({"id": "x-2020-01-07-attack", "date": "2020-01-07", "type": "attack",
                                 "summary_en": "A fixture.", "summary_ar": "حدث تجريبي.", "source": source,
                                 "also": also or [], "certainty": certainty, "note": note})


@pytest.mark.parametrize(("certainty", "source", "also", "note"), [
    ("reported", ONE, [], None),
    ("confirmed", OFFICIAL, [], None),
    ("confirmed", ONE, [OTHER], None),
    ("contested", ONE, [OTHER], "One says a drone, the other rockets; the status follows neither."),
])
def test_certainties_that_fit_their_sources(certainty: str, source: dict, also: list[dict],  # type: ignore[type-arg]
                                            note: str | None) -> None:
    assert event(certainty, source, also, note).certainty == certainty


@pytest.mark.parametrize(("certainty", "source", "also", "note", "message"), [
    ("confirmed", ONE, [], None, "confirmed needs an official statement"),
    ("confirmed", ONE, [SAME], None, "confirmed needs"),   # the same outlet twice is not independent
    ("contested", ONE, [], "a note", "contested needs at least two sources"),
    ("contested", ONE, [OTHER], None, "contested needs"),
    ("likely", ONE, [], None, "Input should be 'confirmed', 'reported' or 'contested'"),
])
def test_certainties_that_do_not_fit_are_refused(certainty: str, source: dict, also: list[dict],  # type: ignore[type-arg]
                                                 note: str | None, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        event(certainty, source, also, note)


def test_a_source_published_before_the_event_is_refused() -> None:
    with pytest.raises(ValidationError, match="published 2020-01-01, before the event"):
        event("reported", ONE, [{"outlet": "Early", "published": "2020-01-01"}])


def test_every_event_of_the_data_has_sources_and_a_certainty() -> None:
    src = load(ROOT / "geodata")
    assert not src.problems
    events = [e for s in src.sites for e in s.events] + list(src.dataset.events)
    assert events and all(e.sources and e.certainty for e in events)
    assert all(len(e.sources) >= 2 and e.note for e in events if e.certainty == "contested")


def test_every_site_is_sourced_with_an_honest_radius() -> None:
    src = load(ROOT / "geodata")
    for site in src.sites:
        loc = site.location
        assert loc.source.strip() and loc.uncertainty_m > 0, site.id
        assert loc.url or loc.note, f"{site.id}: a location needs its URL, or a note saying how it was derived"
        assert site.events, f"{site.id}: no site without a sourced event"
