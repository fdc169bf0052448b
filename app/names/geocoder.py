"""Name -> site, offline: exact match on a normalised key, then fuzzy with a threshold and a margin."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from app.names.normalise import name_keys, normalise


@dataclass(frozen=True)
class Entry:
    """One site as the geocoder sees it."""

    id: str
    name_en: str
    name_ar: str
    lon: float
    lat: float
    names: tuple[str, ...]
    keys: tuple[str, ...] = ()

    def answer(self, score: float) -> dict[str, Any]:
        """Return the site in the geocoder's answer shape."""
        return {"id": self.id, "name_en": self.name_en, "name_ar": self.name_ar,
                "lon": self.lon, "lat": self.lat, "score": round(score, 1)}


@dataclass
class Geocoder:
    """Match names to sites: exact alias key first, then fuzzy with a threshold and a margin."""

    entries: Sequence[Entry]
    threshold: float = 88.0
    margin: float = 6.0
    candidate_floor: float = 60.0
    _exact: dict[str, set[str]] = field(default_factory=dict, init=False)
    _keys: dict[str, set[str]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        for entry in self.entries:
            keys = set(entry.keys) or name_keys(entry.names)
            self._keys[entry.id] = keys
            for key in keys:
                self._exact.setdefault(key, set()).add(entry.id)

    @classmethod
    def from_records(cls, records: Iterable[dict[str, Any]]) -> "Geocoder":
        """Build from records with id, name_en, name_ar, lon, lat and a flat `aliases` list."""
        entries = [
            Entry(r["id"], r["name_en"], r["name_ar"], r["lon"], r["lat"],
                  (r["name_en"], r["name_ar"], *r["aliases"]), tuple(r.get("name_keys", ())))
            for r in records
        ]
        return cls(entries)

    def keys_of(self, site_id: str) -> set[str]:
        """Return the normalised names of one site."""
        return self._keys.get(site_id, set())

    def claimants(self) -> dict[str, set[str]]:
        """Return each normalised key with the ids that claim it (for validation)."""
        return self._exact

    def _scores(self, key: str) -> list[tuple[float, Entry]]:
        scored = []
        for entry in self.entries:
            best = max((fuzz.ratio(key, k) for k in self._keys[entry.id]), default=0.0)
            scored.append((best, entry))
        scored.sort(key=lambda pair: (-pair[0], pair[1].id))
        return scored

    def lookup(self, query: str) -> dict[str, Any]:
        """Return {"query", "match" or None, "candidates"}; never a confident wrong site."""
        key = normalise(query)
        result: dict[str, Any] = {"query": query, "match": None, "candidates": []}
        if not key:
            return result
        by_id = {e.id: e for e in self.entries}
        exact = sorted(self._exact.get(key, ()))
        if len(exact) == 1:
            result["match"] = by_id[exact[0]].answer(100.0)
            return result
        scored = self._scores(key)
        if len(exact) > 1:
            result["candidates"] = [by_id[i].answer(100.0) for i in exact]
            return result
        result["candidates"] = [e.answer(s) for s, e in scored[:5] if s >= self.candidate_floor]
        top, runner = scored[0][0] if scored else 0.0, scored[1][0] if len(scored) > 1 else 0.0
        if top >= self.threshold and top - runner >= self.margin:
            result["match"] = scored[0][1].answer(top)
            result["candidates"] = result["candidates"][1:]
        return result
