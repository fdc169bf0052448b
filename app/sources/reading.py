"""Read the hand-edited sources in geodata/ (YAML by hand, JSON by machine), collecting every problem."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import orjson
import yaml
from pydantic import BaseModel, ValidationError

from app.domain.models import Dataset, Site

M = TypeVar("M", bound=BaseModel)
SITES_DIR = "sites"
DATASET_FILE = "dataset.yaml"
#: Event ids of released data, one a line: `bases validate` refuses to lose or change one.
RELEASED_FILE = "released-event-ids.txt"


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
