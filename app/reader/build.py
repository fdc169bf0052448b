"""Make a reader from the loaded store: its geocoder, its events and the outlets of their sources."""

from datetime import date

from app.domain.dates import parse_period
from app.reader.outlets import Outlets
from app.reader.propose import Known, Reader
from app.store import Store
from app.store.views import events_of


def reader_of(store: Store) -> Reader:
    """Return a reader over the store's sites, events and outlets (decodes every event once)."""
    known: list[Known] = []
    outlets: set[str] = set()
    for feature in store.features:
        site = feature["properties"]["id"]
        for event in events_of(feature):
            first, last = parse_period(event["date"])
            known.append(Known(site, event["type"], first, last, event["id"]))
            outlets.update(src["outlet"] for src in [event["source"], *event.get("also", [])])
    return Reader(store.geocoder, Outlets(outlets), known)


def day(text: str | None) -> date | None:
    """Parse a --published day (YYYY-MM-DD); None when not given; ValueError naming it if malformed."""
    if not text:
        return None
    first, last = parse_period(text)
    if first != last:
        raise ValueError(f"{text!r} is not a day (YYYY-MM-DD)")
    return first
