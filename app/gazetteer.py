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


def read_sources(geodata: Path) -> Sources:
    """Parse the dataset file and every site file; collect problems instead of stopping."""
    out = Sources()
    dataset_path = geodata / DATASET_FILE
    if dataset_path.exists():
        raw = _read_source(dataset_path, DATASET_FILE, out.problems) or {}
        pubs = raw.get("publications") if isinstance(raw, dict) else None
        context = {"publications": set(pubs or {})}
        out.dataset = _parse(Dataset, raw, DATASET_FILE, "", out.problems, context) or Dataset()
    context = {"publications": set(out.dataset.publications)}
    site_dir = geodata / SITES_DIR
    if not site_dir.is_dir():
        out.problems.append(Problem(f"{SITES_DIR}/", "", "", "folder of site files is missing"))
    paths = sorted([*site_dir.glob("*.yaml"), *site_dir.glob("*.json")]) if site_dir.is_dir() else []
    for path in paths:
        rel = f"{SITES_DIR}/{path.name}"
        raw = _read_source(path, rel, out.problems)
        label = raw.get("id", path.stem) if isinstance(raw, dict) else path.stem
        site = _parse(Site, raw, rel, str(label), out.problems, context)
        if site is not None:
            out.sites.append(site)
            out.files.append(rel)
    return out


def check_sources(src: Sources, borders: Path) -> list[Problem]:
    """Cross-record checks: ids against file names and each other, countries, names, links."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    found = countries_at(borders, [(s.location.lon, s.location.lat) for s in src.sites]) if borders.exists() else []
    for n, (site, rel) in enumerate(zip(src.sites, src.files, strict=True)):
        if site.id != Path(rel).stem:
            problems.append(Problem(rel, site.id, "id", f"differs from the file name {Path(rel).stem!r}"))
        if site.id in seen:
            problems.append(Problem(rel, site.id, "id", f"duplicate id, also in {seen[site.id]}"))
        seen.setdefault(site.id, rel)
        if not borders.exists():
            problems.append(Problem(rel, site.id, "location", f"no borders layer at {borders}"))
        elif found[n] != site.country:
            problems.append(Problem(rel, site.id, "location",
                                    f"({site.location.lon}, {site.location.lat}) lies in "
                                    f"{found[n] or 'no country'}, not in {site.country}"))
    for i, ctx in enumerate(src.dataset.events):
        for sid in sorted(set(ctx.sites) - set(seen)):
            problems.append(Problem(DATASET_FILE, "", f"events[{i}].sites", f"unknown site {sid!r}"))
    geocoder = Geocoder.from_records(
        {"id": s.id, "name_en": s.name_en, "name_ar": s.name_ar, "lon": s.location.lon,
         "lat": s.location.lat, "aliases": [*s.aliases.en, *s.aliases.ar]} for s in src.sites)
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
