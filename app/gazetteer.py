"""Read the hand-edited sources in geodata/ and report every problem at once."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import orjson
import yaml
from pydantic import BaseModel, ValidationError

from app.borders import BORDERS_FILE, countries_at
from app.dates import known_by
from app.geocode import Geocoder
from app.models import Dataset, Site
from app.perf import paused_gc
from app.timeline import STALE_DAYS

M = TypeVar("M", bound=BaseModel)
SITES_DIR = "sites"
DATASET_FILE = "dataset.yaml"


class _TextDates(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML loader that keeps dates as the text the editor wrote."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _TextDates.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the sources: where, and what."""

    file: str
    site: str
    field: str
    message: str

    def __str__(self) -> str:
        where = ":".join(p for p in (self.file, self.site, self.field) if p)
        return f"{where}: {self.message}"


@dataclass
class Sources:
    """The parsed sources, and the problems found in them."""

    sites: list[Site] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    dataset: Dataset = field(default_factory=Dataset)
    problems: list[Problem] = field(default_factory=list)


def _field(loc: Iterable[int | str]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _read_source(path: Path, rel: str, problems: list[Problem]) -> Any:
    try:
        text = path.read_text("utf-8")
        if path.suffix == ".json":  # machine-written gazetteers (bases synth): JSON, read fast
            return orjson.loads(text)
        return yaml.load(text, Loader=_TextDates)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, orjson.JSONDecodeError) as exc:
        problems.append(Problem(rel, "", "", "cannot read: " + " ".join(str(exc).split())))
        return None


def _parse(model: type[M], raw: Any, rel: str, site: str, problems: list[Problem],
           context: dict[str, Any]) -> M | None:
    if raw is None:
        return None
    try:
        return model.model_validate(raw, context=context)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(Problem(rel, site, _field(err["loc"]), err["msg"].removeprefix("Value error, ")))
        return None


def read_dataset(geodata: Path, problems: list[Problem]) -> Dataset:
    """Parse dataset.yaml (publications, facts, dataset-level events); empty if absent."""
    path = geodata / DATASET_FILE
    if not path.exists():
        return Dataset()
    raw = _read_source(path, DATASET_FILE, problems) or {}
    pubs = raw.get("publications") if isinstance(raw, dict) else None
    return _parse(Dataset, raw, DATASET_FILE, "", problems, {"publications": set(pubs or {})}) or Dataset()


def site_paths(geodata: Path, problems: list[Problem]) -> list[Path]:
    """Return the site files (YAML by hand, JSON by machine), in name order."""
    site_dir = geodata / SITES_DIR
    if not site_dir.is_dir():
        problems.append(Problem(f"{SITES_DIR}/", "", "", "folder of site files is missing"))
        return []
    return sorted([*site_dir.glob("*.yaml"), *site_dir.glob("*.json")])


def read_site(path: Path, dataset: Dataset, problems: list[Problem]) -> Site | None:
    """Parse one site file; its problems are appended, None if it is unusable."""
    rel = f"{SITES_DIR}/{path.name}"
    raw = _read_source(path, rel, problems)
    label = raw.get("id", path.stem) if isinstance(raw, dict) else path.stem
    return _parse(Site, raw, rel, str(label), problems, {"publications": set(dataset.publications)})


def read_sources(geodata: Path) -> Sources:
    """Parse the dataset file and every site file; collect problems instead of stopping."""
    out = Sources()
    out.dataset = read_dataset(geodata, out.problems)
    for path in site_paths(geodata, out.problems):
        site = read_site(path, out.dataset, out.problems)
        if site is not None:
            out.sites.append(site)
            out.files.append(f"{SITES_DIR}/{path.name}")
    return out


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

    @classmethod
    def of(cls, site: Site, rel: str) -> "SiteRef":
        """Take a parsed site's reference."""
        return cls(site.id, rel, site.location.lon, site.location.lat, site.country, site.name_en,
                   site.name_ar, (*site.aliases.en, *site.aliases.ar))


def check_sources(src: Sources, borders: Path) -> list[Problem]:
    """Cross-record checks of parsed sources."""
    return check_refs([SiteRef.of(s, rel) for s, rel in zip(src.sites, src.files, strict=True)], src.dataset, borders)


def check_refs(refs: list[SiteRef], dataset: Dataset, borders: Path) -> list[Problem]:
    """Cross-record checks: ids against file names and each other, countries, names, links."""
    problems: list[Problem] = []
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
        src.problems += check_sources(src, borders or geodata / "borders" / BORDERS_FILE)
    src.problems.sort()
    return src
