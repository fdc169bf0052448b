"""A site's status at a date, derived from its events; never stored by hand."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from app.domain.dates import known_by

#: The status an event type sets; types absent here (attack, agreement, statement) set none.
STATUS_OF: dict[str, str] = {
    "presence_reported": "active",
    "deployment": "active",
    "handover_announced": "handover_announced",
    "handover": "handed_over",
    "withdrawal_announced": "withdrawal_announced",
    "withdrawal": "withdrawn",
}
STATUSES = ("unknown", "active", "handover_announced", "handed_over",
            "withdrawal_announced", "withdrawn")
UNKNOWN = "unknown"
#: A site whose newest report is older than this is flagged as stale.
STALE_DAYS = 365


def sort_key(event: Mapping[str, Any]) -> tuple[date, str, str]:
    """Order events by the day they are known by, then type and outlet, for stable output."""
    return known_by(event["date"]), event["type"], event["source"]["outlet"]


def status_at(events: Iterable[Mapping[str, Any]], on: date | None = None) -> tuple[str, str | None]:
    """Return (status, date of the event that set it) as of `on` (default: all events).

    An event counts once the whole period its date names has passed: "2020-07" counts from
    2020-07-31. Ties on a day go to the later event in sort order.
    """
    best: tuple[str, str | None] = (UNKNOWN, None)
    for event in sorted(events, key=sort_key):
        status = STATUS_OF.get(event["type"])
        if status is None:
            continue
        if on is not None and known_by(event["date"]) > on:
            break
        best = (status, event["date"])
    return best


def last_reported(events: Iterable[Mapping[str, Any]]) -> str | None:
    """Return the date of the newest event (of any type), or None."""
    dates = [e["date"] for e in events]
    return max(dates, key=known_by) if dates else None


def transitions(events: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, str]]:
    """Return (day it counts from, status, status_date) for each status-setting event, in order.

    The map re-colours markers from this list alone, so the rule lives here, once.
    """
    out = []
    for event in sorted(events, key=sort_key):
        status = STATUS_OF.get(event["type"])
        if status is not None:
            out.append((known_by(event["date"]).isoformat(), status, event["date"]))
    return out


#: Event types that end a site's presence: the site's own withdrawal or handover.
ENDING = frozenset({"withdrawal", "handover"})


def counts_by(event: Mapping[str, Any], on: date) -> bool:
    """Tell whether an event counts as reported on `on`: the whole period its date names has passed."""
    return known_by(event["date"]) <= on


def presence_after(events: Iterable[Mapping[str, Any]], host: str | None = None) -> list[list[str]]:
    """Return the nations present at a site after each of its events (events in sort order).

    The rule (geodata/README.md): a nation is present from the first event that names it at the
    site until the site's own withdrawal or handover (which names the nations that leave); the
    host country's own forces are not a presence. Nobody is present before the first report.
    """
    present: set[str] = set()
    out = []
    for event in events:
        if event["type"] in ENDING:
            present.clear()
        else:
            present.update(n for n in event["nations"] if n != host)
        out.append(sorted(present))
    return out


def is_stale(last: str | None, on: date) -> bool:
    """Tell whether a site had no report in the 12 months before `on` (or none at all)."""
    return last is None or (on - known_by(last)).days > STALE_DAYS


def snapshot(events: Sequence[Mapping[str, Any]], on: date, host: str | None = None) -> dict[str, Any]:
    """Return what was reported of a site by `on`: status, its date, newest report, count, nations, stale.

    `events` are the site's events in sort order; only those that count by `on` are read.
    """
    known = [e for e in events if counts_by(e, on)]
    status, status_date = status_at(known)
    last = known[-1]["date"] if known else None
    nations = presence_after(known, host)[-1] if known else []
    return {"status": status, "status_date": status_date, "last_reported": last, "event_count": len(known),
            "nations": nations, "stale": is_stale(last, on)}
