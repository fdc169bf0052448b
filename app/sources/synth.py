"""`bases synth`: a seeded synthetic gazetteer for load and scale tests (never real data)."""

import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from shapely import contains_xy

from app.domain.models import EVENT_TYPES, KINDS
from app.sources.borders import _load

COUNTRIES = ("IQ", "SY")
FIRST, LAST = date(2014, 9, 1), date(2026, 11, 1)


def _points(borders: Path, n: int, rng: np.random.Generator) -> list[tuple[float, float, str]]:
    shapes = {c: g for c, g in _load(borders).items() if c in COUNTRIES}
    out: list[tuple[float, float, str]] = []
    while len(out) < n:
        xs, ys = rng.uniform(35.5, 48.6, n * 2), rng.uniform(29.0, 37.4, n * 2)
        for code, geom in shapes.items():
            inside = contains_xy(geom, xs, ys)
            out += [(round(float(x), 5), round(float(y), 5), code) for x, y in zip(xs[inside], ys[inside], strict=True)]
    rng.shuffle(out)
    return out[:n]


def synth(target: Path, sites: int, events: int, borders: Path, seed: int = 7) -> None:
    """Write `sites` synthetic site files (JSON) holding `events` events in all into target/sites."""
    rng, pick = np.random.default_rng(seed), random.Random(seed)
    (target / "sites").mkdir(parents=True, exist_ok=True)
    (target / "dataset.yaml").write_text("publications: {}\n", "utf-8")
    span = (LAST - FIRST).days
    counts: Any = np.bincount(rng.integers(0, sites, events), minlength=sites) if sites else []
    for i, ((lon, lat, country), count) in enumerate(zip(_points(borders, sites, rng), counts, strict=True)):
        sid = f"synth-{i:06d}"
        days = sorted(FIRST + timedelta(days=pick.randrange(span)) for _ in range(int(count)))
        record = {
            "id": sid, "name_en": f"Synthetic Site {i:06d}", "name_ar": f"موقع تجريبي {i:06d}",
            "aliases": {"en": [f"Synth {i:06d}"], "ar": []}, "kind": pick.choice(KINDS),
            "country": country, "admin1": "Synthetic", "location": {
                "lon": lon, "lat": lat, "uncertainty_m": pick.choice((500, 1000, 5000)),
                "source": "synthetic (bases synth)"},
            "events": [{
                "id": f"{sid}-{n}", "date": d.isoformat(), "type": pick.choice(EVENT_TYPES), "certainty": "reported",
                "nations": ["US"],
                "summary_en": f"Synthetic event {n} at site {i}.", "summary_ar": f"حدث تجريبي {n} في الموقع {i}.",
                "source": {"outlet": "Synthetic Wire", "published": d.isoformat()},
            } for n, d in enumerate(days)],
        }
        (target / "sites" / f"{sid}.json").write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    (target / "borders").mkdir(exist_ok=True)
    link = target / "borders" / borders.name
    if not link.exists():
        link.symlink_to(borders.resolve())
    context = borders.resolve().parent.parent / "context"   # the map's towns, governorates and rivers
    if context.is_dir() and not (target / "context").exists():
        (target / "context").symlink_to(context, target_is_directory=True)
