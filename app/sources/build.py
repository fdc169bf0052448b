"""`bases build`: validated sources -> geodata/bases.geojson (RFC 7946), deterministic and atomic."""

import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from app.domain.bulk import paused_gc
from app.domain.dates import known_by, parse_period
from app.domain.models import ContextEvent, Dataset, Event, Site
from app.domain.timeline import STATUS_OF, last_reported, presence_after, sort_key, status_at, transitions
from app.names.normalise import name_keys
from app.sources.borders import BORDERS_FILE
from app.sources.checks import SiteRef, check_refs, read_released
from app.sources.reading import DATASET_FILE, SITES_DIR, Problem, read_dataset, read_site, site_paths
from app.sources.version import data_version, dataset_newest, file_digest, site_newest

#: From this many site files on, the build spreads over the machine's cores.
PARALLEL_ABOVE = 4000
Progress = Callable[[int], None]


class BuildError(Exception):
    """The sources have problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the sources")
        self.problems = problems


def _event(event: Event, dataset: Dataset, sites: list[str], dumped: dict[str, Any] | None = None
           ) -> dict[str, Any]:
    """An event as built: its fields, the sites it concerns, and its `via` publication spelled out."""
    out = dumped if dumped is not None else event.model_dump(exclude={"countries", "sites", "scope_note"})
    out["sites"] = sites
    for src, dumped_src in zip(event.sources, [out["source"], *out.get("also", [])], strict=True):
        if src.via:
            dumped_src["via"] = {"id": src.via, **dataset.publications[src.via].model_dump(exclude_none=True)}
        note = affiliation(src.outlet, dataset)
        if note is not None:
            dumped_src["affiliation"] = note
    if isinstance(event, ContextEvent):
        out["scope_note"] = event.scope_note
    return out


def affiliation(outlet: str, dataset: Dataset) -> dict[str, Any] | None:
    """The note on an outlet's affiliation, if the data set has one ("RT" also covers "RT (via X)")."""
    for known in sorted(dataset.outlets, key=lambda o: -len(o.outlet)):
        if outlet == known.outlet or outlet.startswith(known.outlet + " "):
            return known.model_dump(exclude={"outlet"}, exclude_none=True)
    return None


def site_events(site: Site, dataset: Dataset) -> list[dict[str, Any]]:
    """Return a site's own events and the dataset-level events that concern it, in order."""
    dumped = site.model_dump(include={"events"})["events"]
    events = [_event(e, dataset, [site.id], d) for e, d in zip(site.events, dumped, strict=True)]
    events += [_event(c, dataset, sorted(c.sites)) for c in dataset.events if site.id in c.sites]
    return sorted(events, key=sort_key)


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
        "searched_to": site.searched_to or dataset.searched_to,
        "status": status, "status_date": status_date, "last_reported": last_reported(events),
        "nations": presence_after(events, site.country)[-1] if events else [],
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


@dataclass
class Chunk:
    """Some site files, parsed and turned into feature lines: what one process hands back."""

    problems: list[Problem] = field(default_factory=list)
    refs: list[SiteRef] = field(default_factory=list)
    lines: dict[str, bytes] = field(default_factory=dict)
    reports: list[str] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)   # file -> SHA-256 of its bytes (the data version)
    newest: list[date | None] = field(default_factory=list)


def build_chunk(geodata: Path, paths: list[Path]) -> Chunk:
    """Parse site files and render each one's feature line (runs in a worker for large sets)."""
    out = Chunk()
    with paused_gc():
        dataset = read_dataset(geodata, [])   # its problems are the main process's to report
        for path in paths:
            site = read_site(path, dataset, out.problems)
            if site is None:
                continue
            feat = feature(site, dataset)
            rel = f"{SITES_DIR}/{path.name}"
            out.refs.append(SiteRef.of(site, rel))
            out.digests[rel] = file_digest(path)
            out.newest.append(site_newest(site))
            out.lines[site.id] = orjson.dumps(feat)
            if feat["properties"]["last_reported"]:
                out.reports.append(feat["properties"]["last_reported"])
    return out


def _chunks(geodata: Path, paths: list[Path], progress: Progress | None = None) -> list[Chunk]:
    """Split the work over the machine's cores when there is enough of it; report progress."""
    workers = min(os.cpu_count() or 1, 4)
    if len(paths) < PARALLEL_ABOVE or workers < 2:
        chunk = build_chunk(geodata, paths)
        if progress:
            progress(len(paths))
        return [chunk]
    size = max(500, len(paths) // 64)
    parts = [paths[i:i + size] for i in range(0, len(paths), size)]
    chunks = []
    with ProcessPoolExecutor(workers) as pool:
        futures = {pool.submit(build_chunk, geodata, part): len(part) for part in parts}
        for done in as_completed(futures):
            chunks.append(done.result())
            if progress:
                progress(futures[done])
    return chunks


def atlas_member(dataset: Dataset, reports: list[str], version: dict[str, Any] | None = None) -> dict[str, Any]:
    """The collection's foreign member: currency, data version, status rules, publications, facts, events."""
    reports = [*reports, *(c.date for c in dataset.events)]
    return {
        "title": "Coalition Bases Atlas",
        "data_as_of": max(reports, key=known_by) if reports else None,
        **(version or {}),
        "searched_to": dataset.searched_to, "searched_note": dataset.searched_note,
        "outlets": [o.model_dump(exclude_none=True) for o in dataset.outlets],
        "status_types": dict(STATUS_OF),
        "publications": {k: v.model_dump(exclude_none=True) for k, v in sorted(dataset.publications.items())},
        "facts": [f.model_dump() for f in dataset.facts],
        "context_events": [{**_event(c, dataset, sorted(c.sites)), "countries": c.countries}
                           for c in sorted(dataset.events, key=lambda c: sort_key(c.model_dump()))],
    }


def render(head: dict[str, Any], lines: list[bytes]) -> bytes:
    """Serialise deterministically: same data, same bytes (UTF-8).

    One feature a line, after a first line holding the collection's other members: a diff shows
    which sites changed, and the server reads the file a line at a time (app.store.load.read_collection).
    """
    body = [orjson.dumps(head)[:-1] + b',"features":[', b",\n".join(lines)] if lines else \
        [orjson.dumps(head)[:-1] + b',"features":[']
    return b"\n".join([*body, b"]}"]) + b"\n"


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


def count_sites(geodata: Path) -> int:
    """How many site files a build will read (for a progress bar)."""
    return len(site_paths(geodata, []))


def build_bytes(geodata: Path, progress: Progress | None = None) -> bytes:
    """Validate the sources and return the built file's bytes; BuildError on any problem."""
    problems: list[Problem] = []
    dataset = read_dataset(geodata, problems)
    chunks = _chunks(geodata, site_paths(geodata, problems), progress)
    refs = sorted((r for c in chunks for r in c.refs), key=lambda r: r.rel)
    problems += [p for c in chunks for p in c.problems]
    problems += check_refs(refs, dataset, geodata / "borders" / BORDERS_FILE, read_released(geodata))
    if problems:
        raise BuildError(sorted(problems))
    lines = {k: v for c in chunks for k, v in c.lines.items()}
    digests = {k: v for c in chunks for k, v in c.digests.items()}
    if (geodata / DATASET_FILE).exists():
        digests[DATASET_FILE] = file_digest(geodata / DATASET_FILE)
    version = data_version(digests, [dataset_newest(dataset), *(d for c in chunks for d in c.newest)])
    head = {"type": "FeatureCollection",
            "bbox": [min(r.lon for r in refs), min(r.lat for r in refs), max(r.lon for r in refs),
                     max(r.lat for r in refs)] if refs else [],
            "atlas": atlas_member(dataset, [d for c in chunks for d in c.reports], version)}
    return render(head, [lines[k] for k in sorted(lines)])


def build(geodata: Path, out: Path | None = None, progress: Progress | None = None) -> Path:
    """Build geodata/bases.geojson atomically; the previous file stays if anything fails."""
    body = build_bytes(geodata, progress)
    target = out or geodata / "bases.geojson"
    write_atomic(target, body)
    return target


def is_current(geodata: Path, out: Path | None = None) -> bool:
    """Tell whether the committed build equals a fresh build of the sources."""
    target = out or geodata / "bases.geojson"
    return target.exists() and target.read_bytes() == build_bytes(geodata)
