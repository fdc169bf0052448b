"""How a site is shown: its flat properties with the status it had on a given date."""

from datetime import date
from typing import Any

import orjson

from app.domain.dates import known_by
from app.domain.timeline import STALE_DAYS, UNKNOWN

SUMMARY_KEYS = ("id", "name_en", "name_ar", "kind", "country", "admin1", "uncertainty_m",
                "status", "status_date", "last_reported", "nations")


def original(feature: dict[str, Any]) -> dict[str, Any]:
    """Return a loaded site's Feature exactly as built, events included (see app.store.load.compact)."""
    built: dict[str, Any] = orjson.loads(feature["_events"])
    return built


def events_of(feature: dict[str, Any]) -> list[dict[str, Any]]:
    """Return a loaded site's events."""
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


def summary(feature: dict[str, Any], on: date) -> dict[str, Any]:
    """Return the flat summary of a site as of a date (no events)."""
    props = feature["properties"]
    status, status_date = status_on(feature, on)
    lon, lat = lonlat(feature)
    out = {k: props.get(k) for k in SUMMARY_KEYS}
    last = props.get("last_reported")
    out.update(lon=lon, lat=lat, status=status, status_date=status_date, event_count=props["event_count"],
               stale=last is None or (on - known_by(last)).days > STALE_DAYS)
    return out


def detail(feature: dict[str, Any], on: date) -> dict[str, Any]:
    """Return a site with everything: aliases, location source, full timeline; status as of a date."""
    props = feature["properties"]
    out = summary(feature, on)
    out.update(aliases=props["aliases"], location_source=props["location_source"],
               location_url=props.get("location_url"),
               location_checked_against=props.get("location_checked_against"),
               location_note=props.get("location_note"), events=events_of(feature),
               status_changes=[list(t) for t in feature["_transitions"]])
    return out
