"""`bases build`: validated sources -> geodata/bases.geojson (RFC 7946), deterministic and atomic."""

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from app.dates import known_by, parse_period
from app.gazetteer import Problem, Sources, load
from app.geocode import name_keys
from app.models import ContextEvent, Dataset, Event, Site
from app.perf import paused_gc
from app.timeline import STATUS_OF, last_reported, sort_key, status_at, transitions

PRESENCE = {"presence_reported", "deployment"}


class BuildError(Exception):
    """The sources have problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the sources")
        self.problems = problems


def _event(event: Event, dataset: Dataset, dumped: dict[str, Any] | None = None) -> dict[str, Any]:
    out = dumped if dumped is not None else event.model_dump(exclude={"id", "countries", "sites", "scope_note"})
    via = event.source.via
    if via:
        pub = dataset.publications[via]
        out["source"]["via"] = {"id": via, **pub.model_dump(exclude_none=True)}
    if isinstance(event, ContextEvent):
        out["context_id"] = event.id
        out["scope_note"] = event.scope_note
    return out


def site_events(site: Site, dataset: Dataset) -> list[dict[str, Any]]:
    """Return a site's own events and the dataset-level events that concern it, in order."""
    dumped = site.model_dump(include={"events"})["events"]
    events = [_event(e, dataset, d) for e, d in zip(site.events, dumped, strict=True)]
    events += [_event(c, dataset) for c in dataset.events if site.id in c.sites]
    return sorted(events, key=sort_key)


def _nations(events: Iterable[dict[str, Any]]) -> list[str]:
    return sorted({n for e in events if e["type"] in PRESENCE for n in e["nations"]})


def feature(site: Site, dataset: Dataset) -> dict[str, Any]:
    """Return the GeoJSON Feature of one site, status derived from its events."""
    events = site_events(site, dataset)
    status, status_date = status_at(events)
    loc = site.location
    props = {
        "id": site.id, "name_en": site.name_en, "name_ar": site.name_ar,
        "aliases": [*site.aliases.en, *site.aliases.ar], "kind": site.kind,
        "country": site.country, "admin1": site.admin1, "uncertainty_m": loc.uncertainty_m,
        "location_source": loc.source, "location_url": loc.url,
        "location_checked_against": loc.checked_against, "location_note": loc.note,
        "status": status, "status_date": status_date, "last_reported": last_reported(events),
        "nations": _nations(events),
        # derived for fast loading and querying; documented in geodata/README.md
        "status_changes": [list(t) for t in transitions(events)],
        "nations_named": sorted({n for e in events for n in e["nations"]}),
        "name_keys": sorted(name_keys([site.name_en, site.name_ar, *site.aliases.en, *site.aliases.ar])),
        "event_count": len(events),
        "first_reported": min((e["date"] for e in events), key=lambda d: parse_period(d)[0], default=None),
        "events": events,   # last, so a reader can take the rest of a line without parsing them
    }
    return {"type": "Feature", "id": site.id,
            "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
            "properties": props}


def collection(src: Sources) -> dict[str, Any]:
    """Return the FeatureCollection of all sites, with dataset-level facts as a foreign member."""
    features = [feature(s, src.dataset) for s in sorted(src.sites, key=lambda s: s.id)]
    lons = [f["geometry"]["coordinates"][0] for f in features]
    lats = [f["geometry"]["coordinates"][1] for f in features]
    reports = [f["properties"]["last_reported"] for f in features if f["properties"]["last_reported"]]
    reports += [c.date for c in src.dataset.events]
    atlas = {
        "title": "Coalition Bases Atlas",
        "data_as_of": max(reports, key=known_by) if reports else None,
        "status_types": dict(STATUS_OF),
        "publications": {k: v.model_dump(exclude_none=True)
                         for k, v in sorted(src.dataset.publications.items())},
        "facts": [f.model_dump() for f in src.dataset.facts],
        "context_events": [{**_event(c, src.dataset), "sites": c.sites, "countries": c.countries}
                           for c in sorted(src.dataset.events, key=lambda c: sort_key(c.model_dump()))],
    }
    bbox = [min(lons), min(lats), max(lons), max(lats)] if features else []
    return {"type": "FeatureCollection", "bbox": bbox, "atlas": atlas, "features": features}


def render(data: dict[str, Any]) -> bytes:
    """Serialise deterministically: same data, same bytes (UTF-8).

    One feature a line, after a first line holding the collection's other members: a diff shows
    which sites changed, and the server reads the file a line at a time (store.read_collection).
    """
    head = {k: v for k, v in data.items() if k != "features"}
    lines = [orjson.dumps(head)[:-1] + b',"features":[']
    lines += [orjson.dumps(f) + b"," for f in data["features"]]
    if data["features"]:
        lines[-1] = lines[-1][:-1]
    return b"\n".join([*lines, b"]}"]) + b"\n"


def write_atomic(path: Path, body: bytes) -> None:
    """Write a file so that readers see the old file or the new one, never a part."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)   # mkstemp makes 0600; the build is meant to be read by others
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_bytes(geodata: Path) -> bytes:
    """Validate the sources and return the built file's bytes; BuildError on any problem."""
    src = load(geodata)
    if src.problems:
        raise BuildError(src.problems)
    with paused_gc():
        return render(collection(src))


def build(geodata: Path, out: Path | None = None) -> Path:
    """Build geodata/bases.geojson atomically; the previous file stays if anything fails."""
    body = build_bytes(geodata)
    target = out or geodata / "bases.geojson"
    write_atomic(target, body)
    return target


def is_current(geodata: Path, out: Path | None = None) -> bool:
    """Tell whether the committed build equals a fresh build of the sources."""
    target = out or geodata / "bases.geojson"
    return target.exists() and target.read_bytes() == build_bytes(geodata)
