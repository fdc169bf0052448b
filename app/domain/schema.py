"""The public schema: the fields of a site and of an event that leave the server, defined once for every format.

JSON and GeoJSON use the fields as they are; the flat formats (CSV, KML ExtendedData, GeoPackage,
OGC features) join lists with "; " and take an event's source as its own columns. Internal fields
of the build (name keys, status changes, nations named) are in none of them.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.dates import typed_date


@dataclass(frozen=True)
class Field:
    """One public field: its name, type (JSON Schema words), and meaning."""

    name: str
    type: str
    description: str
    summary: bool = True   # in a site's summary (lists, flat downloads), not only its full record
    format: str | None = None   # JSON Schema's format: "date" for a full-date bound


def dated(field: Field) -> tuple[Field, ...]:
    """A date field (ISO text, maybe partial) and its three typed companions (see app.domain.dates.typed_date)."""
    name, keep = field.name, field.summary
    return (field,
            Field(f"{name}_precision", "string", f"How precise {name} is: day, month or year.", keep),
            Field(f"{name}_start", "string", f"First day {name} may stand for (a full date).", keep, "date"),
            Field(f"{name}_end", "string", f"Last day {name} may stand for (a full date).", keep, "date"))


SITE_FIELDS = (
    Field("id", "string", "Stable slug of the site."),
    Field("name_en", "string", "Name in English."),
    Field("name_ar", "string", "Name in Arabic."),
    Field("kind", "string", "Kind of site (air_base, base, garrison, oil_field, ...)."),
    Field("country", "string", "ISO 3166-1 alpha-2 code of the country the site is in."),
    Field("admin1", "string", "Governorate or province, in English."),
    Field("lon", "number", "Longitude, WGS84."),
    Field("lat", "number", "Latitude, WGS84."),
    Field("uncertainty_m", "integer", "Honest radius of the position, in metres."),
    Field("status", "string", "Status as last reported on `as_of` (derived from the events)."),
    *dated(Field("status_date", "string", "Date of the event that set that status (ISO 8601, may be partial).")),
    *dated(Field("last_reported", "string", "Date of the newest event on or before `as_of`.")),
    Field("event_count", "integer", "Events reported on or before `as_of`."),
    Field("nations", "array<string>", "Nations present on `as_of`, by the rule in geodata/README.md."),
    Field("stale", "boolean", "No report in the 12 months before `as_of`."),
    *dated(Field("searched_to", "string", "The date up to which the sources were searched for this site's reports.")),
    Field("aliases", "array<string>", "Other names, both scripts.", summary=False),
    *dated(Field("first_reported", "string", "Date of the first event on or before `as_of`.", summary=False)),
    Field("location_source", "string", "Where the position was taken from."),
    Field("location_url", "string", "Link to the position's source.", summary=False),
    Field("location_checked_against", "string", "A second source or check of the position.", summary=False),
    Field("location_note", "string", "What the position and radius stand for.", summary=False),
)
EVENT_FIELDS = (
    Field("id", "string", "Stable id of the event (never changes once released)."),
    *dated(Field("date", "string", "When it happened (ISO 8601; a month or a year when only that is known).")),
    Field("type", "string", "Event type, from the fixed vocabulary."),
    Field("status_set", "string", "The status the event sets at its sites, or null."),
    Field("sites", "array<string>", "Ids of the sites it concerns (several for a coalition-wide event)."),
    Field("nations", "array<string>", "ISO alpha-2 codes of the forces concerned."),
    Field("summary_en", "string", "What happened, in the atlas's own English words."),
    Field("summary_ar", "string", "What happened, in the atlas's own Arabic words."),
    Field("source", "object", "The source the status follows: outlet, published, url, via (a publication it "
                              "reached us through), official, note, affiliation (a sourced note on the outlet)."),
    Field("sources", "array<object>", "Every source of the event, that one first, each with what it says where "
                                      "they differ."),
    Field("certainty", "string", "confirmed (an official statement by a party, or two independent outlets), "
                                 "reported (one outlet) or contested (sources disagree)."),
    Field("note", "string", "For a contested event: how the sources differ and which way the status follows."),
    Field("scope_note", "string", "For a coalition-wide event: what it covers."),
)
#: An event's source as the flat formats' columns.
SOURCE_FIELDS = (
    Field("outlet", "string", "The outlet the status follows."),
    *dated(Field("published", "string", "When that outlet published it (ISO 8601, may be partial).")),
    Field("url", "string", "Link to the report, when known."),
    Field("via", "string", "The publication the report reached us through, if any."),
)
SOURCE_COLUMNS = tuple(f.name for f in SOURCE_FIELDS)
SITE_SUMMARY = tuple(f.name for f in SITE_FIELDS if f.summary)
SITE_ALL = tuple(f.name for f in SITE_FIELDS)
FLAT_NAMES = {"source": SOURCE_COLUMNS, "sources": ("other_sources",)}
EVENT_COLUMNS = tuple(n for f in EVENT_FIELDS for n in FLAT_NAMES.get(f.name, (f.name,)))
#: The site fields that are dates (each with its _precision, _start and _end), summary ones first.
SITE_DATES = tuple(f.name for f in SITE_FIELDS if f"{f.name}_precision" in SITE_ALL)
SUMMARY_DATES = tuple(n for n in SITE_DATES if n in SITE_SUMMARY)
#: Every column of the flat formats that holds a full date (a bound of a partial one).
DATE_COLUMNS = frozenset(f.name for f in (*SITE_FIELDS, *EVENT_FIELDS, *SOURCE_FIELDS) if f.format == "date")


def _via(via: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: via[k] for k in ("id", "outlet", "title_en", "title_ar", "published", "url") if k in via}
    return {**out, **typed_date("published", out["published"])} if "published" in out else out


def _source(src: Mapping[str, Any]) -> dict[str, Any]:
    via = src.get("via")
    return {"outlet": src["outlet"], **typed_date("published", src["published"]), "url": src.get("url"),
            "via": _via(via) if via else None, "official": bool(src.get("official")), "note": src.get("note"),
            "affiliation": src.get("affiliation")}


def public_event(event: Mapping[str, Any], status_set: str | None) -> dict[str, Any]:
    """Return an event's public fields (its sources as the public source objects)."""
    sources = [_source(s) for s in (event["source"], *event.get("also", []))]
    return {"id": event["id"], **typed_date("date", event["date"]), "type": event["type"], "status_set": status_set,
            "sites": event["sites"], "nations": event["nations"], "summary_en": event["summary_en"],
            "summary_ar": event["summary_ar"], "source": sources[0], "sources": sources,
            "certainty": event.get("certainty", "reported"), "note": event.get("note"),
            "scope_note": event.get("scope_note")}


def flat_event(event: Mapping[str, Any]) -> dict[str, Any]:
    """Return a public event with its source as columns (outlet, published, url, via outlet)."""
    src = event["source"]
    out = {k: v for k, v in event.items() if k not in ("source", "sources")}
    out.update(outlet=src["outlet"], **typed_date("published", src["published"]), url=src.get("url"),
               via=(src.get("via") or {}).get("outlet"),
               other_sources=" | ".join(", ".join(str(s[k]) for k in ("outlet", "published", "url") if s.get(k))
                                        for s in event.get("sources", [])[1:]) or None)
    return out
