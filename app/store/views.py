"""How a loaded site is shown on a date: only what had been reported by then (app.domain.schema's fields)."""

from datetime import date
from typing import Any

import orjson

from app.domain.dates import typed_date
from app.domain.schema import SITE_SUMMARY, SUMMARY_DATES, public_event
from app.domain.timeline import STATUS_OF, UNKNOWN, counts_by, is_stale, snapshot


def original(feature: dict[str, Any]) -> dict[str, Any]:
    """Return a loaded site's Feature exactly as built, events included (see app.store.load.compact)."""
    built: dict[str, Any] = orjson.loads(feature["_events"])
    return built


def events_of(feature: dict[str, Any]) -> list[dict[str, Any]]:
    """Return a loaded site's events as built (oldest first)."""
    events: list[dict[str, Any]] = original(feature)["properties"]["events"]
    return events


def status_on(feature: dict[str, Any], on: date) -> tuple[str, str | None]:
    """Return a site's (status, status_date) as last reported on or before `on`."""
    day, found = on.isoformat(), (UNKNOWN, None)
    for counts_from, status, status_date in feature["_transitions"]:
        if counts_from > day:
            break
        found = (status, status_date)
    return found


def lonlat(feature: dict[str, Any]) -> tuple[float, float]:
    """Return a Point feature's longitude and latitude."""
    lon, lat = feature["geometry"]["coordinates"]
    return float(lon), float(lat)


def state_on(feature: dict[str, Any], on: date) -> dict[str, Any]:
    """What had been reported of a site by `on`: status, status_date, last_reported, event_count, nations,
    stale, first_reported. On or after its newest report this is the build's own (no events decoded)."""
    props = feature["properties"]
    last_day = feature["_last_day"]
    if last_day is None or on.isoformat() >= last_day:
        state = {k: props[k] for k in ("status", "status_date", "last_reported", "event_count", "nations",
                                       "first_reported")}
        state["stale"] = is_stale(props["last_reported"], on)
        return state
    events = events_of(feature)
    state = snapshot(events, on, props["country"])
    state["first_reported"] = events[0]["date"] if events and counts_by(events[0], on) else None
    return state


def summary(feature: dict[str, Any], on: date, state: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the public summary of a site as of a date (no events); `state` if already worked out."""
    props = feature["properties"]
    lon, lat = lonlat(feature)
    out = {**props, **(state or state_on(feature, on)), "lon": lon, "lat": lat}
    for name in SUMMARY_DATES:
        out.update(typed_date(name, out.get(name)))
    return {k: out.get(k) for k in SITE_SUMMARY}


def timeline(feature: dict[str, Any], on: date, include_later: bool = False) -> tuple[list[dict[str, Any]], int]:
    """Return a site's public events up to `on` (with `include_later`, the later ones too, marked
    `later: true`), and how many were reported after `on`."""
    out, later = [], 0
    for event in events_of(feature):
        after = not counts_by(event, on)
        later += after
        if after and not include_later:
            continue
        record = public_event(event, STATUS_OF.get(event["type"]))
        if include_later:
            record["later"] = after
        out.append(record)
    return out, later


def detail(feature: dict[str, Any], on: date, include_later: bool = False) -> dict[str, Any]:
    """Return a site with everything public: aliases, location's source, timeline; all as of a date."""
    props = feature["properties"]
    state = state_on(feature, on)
    out = {**summary(feature, on, state), "aliases": props["aliases"],
           **typed_date("first_reported", state["first_reported"])}
    out.update({k: props.get(k) for k in ("location_url", "location_checked_against", "location_note")})
    out["events"], out["later_events"] = timeline(feature, on, include_later)
    return out
