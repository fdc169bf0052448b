"""Released builds: a compact record of each (geodata/releases/<version>.json), and what changed between them.

A record keeps, for every site, its names and derived status, and for every event its date, type,
sites and a short hash of each field, so the changelog can say which events were added, which
were corrected (and in which fields) and which sites changed status, without keeping whole builds.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson

RELEASES_DIR = "releases"
EVENT_KEYS = ("date", "type", "sites")   # kept in clear, for the changelog to name the event


def _short(value: Any) -> str:
    return hashlib.sha256(orjson.dumps(value, option=orjson.OPT_SORT_KEYS)).hexdigest()[:12]


def _event(event: dict[str, Any]) -> dict[str, Any]:
    return {**{k: event[k] for k in EVENT_KEYS}, "fields": {k: _short(v) for k, v in sorted(event.items())}}


def record(collection: dict[str, Any], number: int, released: date) -> dict[str, Any]:
    """The release record of a build (its parsed GeoJSON): version, sites with status, events with field hashes."""
    atlas = collection.get("atlas", {})
    sites: dict[str, Any] = {}
    events: dict[str, Any] = {}
    for feat in collection["features"]:
        props = feat["properties"]
        sites[props["id"]] = {k: props[k] for k in ("name_en", "name_ar", "status", "status_date")}
        for event in props["events"]:
            events.setdefault(event["id"], _event(event))
    for event in atlas.get("context_events", []):
        events.setdefault(event["id"], _event({k: v for k, v in event.items() if k != "countries"}))
    return {"number": number, "version": atlas.get("data_version"), "date": atlas.get("data_version_date"),
            "sources_sha256": atlas.get("sources_sha256"), "released": released.isoformat(),
            "sites": dict(sorted(sites.items())), "events": dict(sorted(events.items()))}


def read_releases(geodata: Path) -> list[dict[str, Any]]:
    """Every release record in the folder, oldest first (by number)."""
    folder = geodata / RELEASES_DIR
    found = [orjson.loads(p.read_bytes()) for p in folder.glob("*.json")] if folder.is_dir() else []
    return sorted(found, key=lambda r: int(r["number"]))


def write_release(geodata: Path, rec: dict[str, Any]) -> Path:
    """Write a release record (indented, keys sorted: a diff of the folder reads well)."""
    folder = geodata / RELEASES_DIR
    folder.mkdir(exist_ok=True)
    path = folder / f"{rec['version']}.json"
    path.write_bytes(orjson.dumps(rec, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n")
    return path


@dataclass
class Changes:
    """What one release changed since the one before it (everything is added in the first)."""

    number: int
    version: str
    date: str | None
    released: str
    previous: str | None
    sites_added: list[dict[str, Any]] = field(default_factory=list)
    sites_removed: list[dict[str, Any]] = field(default_factory=list)
    events_added: list[dict[str, Any]] = field(default_factory=list)
    events_corrected: list[dict[str, Any]] = field(default_factory=list)
    events_removed: list[dict[str, Any]] = field(default_factory=list)
    status_changes: list[dict[str, Any]] = field(default_factory=list)

    def is_empty(self) -> bool:
        """Whether nothing the changelog lists changed (a release of an unchanged build)."""
        return not any((self.sites_added, self.sites_removed, self.events_added, self.events_corrected,
                        self.events_removed, self.status_changes))


def _by_date(events: dict[str, dict[str, Any]], ids: set[str]) -> list[dict[str, Any]]:
    return sorted(({"id": i, **{k: events[i][k] for k in EVENT_KEYS}} for i in ids), key=lambda e: (e["date"], e["id"]))


def diff(old: dict[str, Any] | None, new: dict[str, Any]) -> Changes:
    """What changed from one release record to the next (from nothing, for the first)."""
    before = old or {"sites": {}, "events": {}}
    out = Changes(new["number"], new["version"], new.get("date"), new["released"], old["version"] if old else None)
    sites_old, sites_new = before["sites"], new["sites"]
    out.sites_added = [{"id": s, **sites_new[s]} for s in sorted(set(sites_new) - set(sites_old))]
    out.sites_removed = [{"id": s, **sites_old[s]} for s in sorted(set(sites_old) - set(sites_new))]
    ev_old, ev_new = before["events"], new["events"]
    out.events_added = _by_date(ev_new, set(ev_new) - set(ev_old))
    out.events_removed = _by_date(ev_old, set(ev_old) - set(ev_new))
    for event in _by_date(ev_new, set(ev_new) & set(ev_old)):
        was, now = ev_old[event["id"]]["fields"], ev_new[event["id"]]["fields"]
        changed = sorted(k for k in set(was) | set(now) if was.get(k) != now.get(k))
        if changed:
            out.events_corrected.append({**event, "fields": changed})
    for site in sorted(set(sites_new) & set(sites_old)):
        was, now = sites_old[site], sites_new[site]
        if (was["status"], was["status_date"]) != (now["status"], now["status_date"]):
            out.status_changes.append({"id": site, "name_en": now["name_en"], "name_ar": now["name_ar"],
                                       "from": was["status"], "from_date": was["status_date"],
                                       "to": now["status"], "to_date": now["status_date"]})
    return out


def changelog(releases: list[dict[str, Any]]) -> list[Changes]:
    """What each release changed, newest first."""
    return [diff(releases[i - 1] if i else None, rec) for i, rec in enumerate(releases)][::-1]


def update_cff(path: Path, version: str, released: str) -> bool:
    """Set CITATION.cff's `version` and `date-released` to a release's, keeping its comments; False if absent."""
    from ruamel.yaml import YAML

    if not path.exists():
        return False
    yaml = YAML()
    yaml.preserve_quotes, yaml.width = True, 4096   # keep the file's own line breaks
    yaml.indent(mapping=2, sequence=4, offset=2)
    doc = yaml.load(path.read_text("utf-8"))
    doc["version"], doc["date-released"] = version, released
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(doc, fh)
    return True
