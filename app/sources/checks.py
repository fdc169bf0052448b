"""Cross-record checks of the parsed sources (ids, countries, names, links), staleness, and `load`."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.domain.bulk import paused_gc
from app.domain.dates import known_by
from app.domain.models import Dataset, Site
from app.domain.timeline import STALE_DAYS
from app.names.geocoder import Geocoder
from app.sources.borders import BORDERS_FILE, countries_at
from app.sources.reading import DATASET_FILE, RELEASED_FILE, SITES_DIR, Problem, Sources, read_sources


@dataclass(frozen=True)
class SiteRef:
    """What the cross-record checks need of a site (small enough to pass between processes)."""

    id: str
    rel: str
    lon: float
    lat: float
    country: str
    name_en: str
    name_ar: str
    aliases: tuple[str, ...]
    event_ids: tuple[str, ...] = ()

    @classmethod
    def of(cls, site: Site, rel: str) -> "SiteRef":
        """Take a parsed site's reference."""
        return cls(site.id, rel, site.location.lon, site.location.lat, site.country, site.name_en,
                   site.name_ar, (*site.aliases.en, *site.aliases.ar), tuple(e.id for e in site.events))


def read_released(geodata: Path) -> frozenset[str]:
    """Return the event ids of released data (geodata/released-event-ids.txt), which never change."""
    path = geodata / RELEASED_FILE
    if not path.exists():
        return frozenset()
    lines = (line.strip() for line in path.read_text("utf-8").splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


def check_sources(src: Sources, borders: Path, released: frozenset[str] = frozenset()) -> list[Problem]:
    """Cross-record checks of parsed sources."""
    refs = [SiteRef.of(s, rel) for s, rel in zip(src.sites, src.files, strict=True)]
    return check_refs(refs, src.dataset, borders, released)


def check_event_ids(refs: list[SiteRef], dataset: Dataset, released: frozenset[str]) -> list[Problem]:
    """Every event id is unique across the sources, and every released id is still there."""
    owners: dict[str, str] = {}
    problems: list[Problem] = []
    placed = [(ref.rel, ref.id, n, eid) for ref in refs for n, eid in enumerate(ref.event_ids)]
    placed += [(DATASET_FILE, "", n, ctx.id) for n, ctx in enumerate(dataset.events)]
    for rel, site, n, eid in placed:
        if eid in owners:
            problems.append(Problem(rel, site, f"events[{n}].id", f"duplicate event id {eid!r}, also in {owners[eid]}"))
        owners.setdefault(eid, rel)
    for eid in sorted(released - set(owners)):
        problems.append(Problem(RELEASED_FILE, "", eid, "this released event id is gone: ids never change once "
                                "released, so restore it (or, for an event withdrawn on purpose, remove its line)"))
    return problems


def check_refs(refs: list[SiteRef], dataset: Dataset, borders: Path,
               released: frozenset[str] = frozenset()) -> list[Problem]:
    """Cross-record checks: ids against file names and each other, countries, names, links."""
    problems: list[Problem] = check_event_ids(refs, dataset, released)
    seen: dict[str, str] = {}
    found = countries_at(borders, [(r.lon, r.lat) for r in refs]) if borders.exists() else []
    for n, ref in enumerate(refs):
        if ref.id != Path(ref.rel).stem:
            problems.append(Problem(ref.rel, ref.id, "id", f"differs from the file name {Path(ref.rel).stem!r}"))
        if ref.id in seen:
            problems.append(Problem(ref.rel, ref.id, "id", f"duplicate id, also in {seen[ref.id]}"))
        seen.setdefault(ref.id, ref.rel)
        if not borders.exists():
            problems.append(Problem(ref.rel, ref.id, "location", f"no borders layer at {borders}"))
        elif found[n] != ref.country:
            problems.append(Problem(ref.rel, ref.id, "location", f"({ref.lon}, {ref.lat}) lies in "
                                    f"{found[n] or 'no country'}, not in {ref.country}"))
    for i, ctx in enumerate(dataset.events):
        for sid in sorted(set(ctx.sites) - set(seen)):
            problems.append(Problem(DATASET_FILE, "", f"events[{i}].sites", f"unknown site {sid!r}"))
    geocoder = Geocoder.from_records(
        {"id": r.id, "name_en": r.name_en, "name_ar": r.name_ar, "lon": r.lon, "lat": r.lat,
         "aliases": list(r.aliases)} for r in refs)
    for key, owners in sorted(geocoder.claimants().items()):
        if len(owners) > 1:
            problems.append(Problem(SITES_DIR, ",".join(sorted(owners)), "aliases",
                                    f"the name {key!r} (normalised) is claimed by {len(owners)} sites"))
    return problems


def stale(src: Sources, today: date) -> list[Problem]:
    """Warn about sites whose newest report (own or dataset-level event) is over 12 months old."""
    newest: dict[str, str] = {}
    for ctx in src.dataset.events:
        for sid in ctx.sites:
            newest[sid] = max(newest.get(sid, ctx.date), ctx.date, key=known_by)
    warnings = []
    for site, rel in zip(src.sites, src.files, strict=True):
        days = [e.date for e in site.events] + ([newest[site.id]] if site.id in newest else [])
        last = max(days, key=known_by) if days else None
        if last is None or (today - known_by(last)).days > STALE_DAYS:
            warnings.append(Problem(rel, site.id, "events",
                                    f"newest report {last or '(none)'} is over 12 months old"))
    return warnings


def load(geodata: Path, borders: Path | None = None) -> Sources:
    """Read and check the sources; `problems` lists everything wrong, sorted."""
    with paused_gc():
        src = read_sources(geodata)
        src.problems += check_sources(src, borders or geodata / "borders" / BORDERS_FILE, read_released(geodata))
    src.problems.sort()
    return src
