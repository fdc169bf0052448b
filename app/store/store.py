"""The loaded data set, read once at start-up and then only read: one object for the web side to ask."""

import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import process
from shapely import STRtree

from app.domain.bulk import paused_gc
from app.domain.errors import NotFound
from app.names.geocoder import Geocoder
from app.sources.releases import Changes, changelog, read_releases
from app.store import query
from app.store.events import EventIndex
from app.store.indexes import Indexes
from app.store.load import Extent, Tally, load_built
from app.store.memo import Kept, Memo
from app.store.query import EventFilters, Filters

#: How many (site, day) OGC features, and sites as /bases lists them, are kept, newest first (about 1.5 KB each).
DAY_KEPT = 50_000
#: Above this many sites the name index is built in the background, so the server starts sooner.
BACKGROUND_NAMES_ABOVE = 10_000


@dataclass
class Store:
    """All sites of the built data set (see app.store.load), their indexes, names and memoised bodies."""

    path: Path
    raw: bytes | None
    etag: str
    collection: dict[str, Any]
    tally: Tally
    indexes: Indexes = field(init=False)
    memos: Memo = field(init=False, default_factory=Memo)
    _geocoder: Geocoder | None = field(init=False, default=None)
    _geo_lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    _extent: Extent | None = field(init=False, default=None)
    _days: tuple[str | None, str | None] | None = field(init=False, default=None)
    _changes: list[Changes] | None = field(init=False, default=None)
    #: what the web side makes of a site on a day (its OGC feature), the newest DAY_KEPT kept; readers never change it
    day_features: Kept[tuple[str, date], dict[str, Any]] = field(init=False, default_factory=lambda: Kept(DAY_KEPT))
    #: and a site as a page of /bases lists it on a day (its summary and its links from a base URL)
    listed: Kept[tuple[str, date, str], dict[str, Any]] = field(init=False, default_factory=lambda: Kept(DAY_KEPT))

    def __post_init__(self) -> None:
        self.indexes = Indexes(self.features, self.tally)
        if len(self.features) > BACKGROUND_NAMES_ABOVE:
            threading.Thread(target=lambda: self.geocoder, name="geocoder-index", daemon=True).start()

    @classmethod
    def load(cls, path: Path) -> "Store":
        """Load the built GeoJSON; DataError with a one-line reason if it is unusable."""
        loaded = load_built(path)
        return cls(loaded.path, loaded.raw, loaded.etag, loaded.collection, loaded.tally)

    @property
    def features(self) -> list[dict[str, Any]]:
        """Every site's Feature, in id order."""
        features: list[dict[str, Any]] = self.collection["features"]
        return features

    @property
    def by_id(self) -> dict[str, dict[str, Any]]:
        """Every site's Feature by id."""
        return self.indexes.by_id

    @property
    def tree(self) -> STRtree:
        """The sites' points, for bounding-box queries."""
        return self.indexes.tree

    @property
    def atlas(self) -> dict[str, Any]:
        """The data set's own facts: publications, dataset-level facts and events, currency."""
        atlas: dict[str, Any] = self.collection.get("atlas", {})
        return atlas

    @property
    def geocoder(self) -> Geocoder:
        """The name index, built on first use (from the build's normalised name keys)."""
        with self._geo_lock:
            if self._geocoder is None:
                with paused_gc():
                    self._geocoder = Geocoder.from_records(
                        {"id": p["id"], "name_en": p["name_en"], "name_ar": p["name_ar"], "aliases": p["aliases"],
                         "name_keys": p["name_keys"], "lon": f["geometry"]["coordinates"][0],
                         "lat": f["geometry"]["coordinates"][1]}
                        for f in self.features for p in (f["properties"],))
            return self._geocoder

    @property
    def extent(self) -> Extent:
        """Where the sites are (the map's frame), worked out once."""
        if self._extent is None:
            self._extent = self.tally.extent()
        return self._extent

    @property
    def day_range(self) -> tuple[str | None, str | None]:
        """The first and last day any site's event counts from (the map's date range)."""
        if self._days is None:
            first = self.tally.first
            self._days = (first.isoformat() if first else None, self.tally.last)
        return self._days

    @property
    def changes(self) -> list[Changes]:
        """What each release of the data changed, newest first (from the release records beside the build)."""
        if self._changes is None:
            self._changes = changelog(read_releases(self.path.parent))
        return self._changes

    @property
    def event_index(self) -> EventIndex:
        """Every event in /events order, as arrays; made on first use."""
        return self.indexes.events

    def position(self, site_id: str) -> int:
        """A site's position among the features (KeyError if it has none)."""
        return self.indexes.position[site_id]

    def memo_get(self, key: Hashable) -> tuple[bytes, str] | None:
        """Return a memoised (body, ETag), or None."""
        return self.memos.get(key)

    def memo(self, key: Hashable, make: Callable[[], bytes]) -> tuple[bytes, str]:
        """Return (body, ETag) for a key, made once; the least recently used are dropped."""
        return self.memos.make(key, make)

    def get(self, site_id: str) -> dict[str, Any]:
        """Return a site's Feature; NotFound with the nearest ids when there is none."""
        if site_id in self.by_id:
            return self.by_id[site_id]
        near = process.extract(site_id, list(self.by_id), limit=3, score_cutoff=50)
        by_name = [c["id"] for c in self.geocoder.lookup(site_id.replace("-", " "))["candidates"]]
        suggestions = list(dict.fromkeys([n for n, _, _ in near] + by_name))[:5]
        raise NotFound(f"no site with id {site_id!r}", parameter="id", did_you_mean=suggestions)

    def named(self, name: str) -> list[dict[str, Any]]:
        """Return the sites a name designates: the geocoder's match, else those whose names hold it."""
        return query.named(self.geocoder, self.indexes, name)

    def event(self, event_id: str) -> dict[str, Any]:
        """Return one event (as built) by id, a site's or a coalition-wide one; NotFound with the nearest ids."""
        index = self.event_index
        row = index.row_of.get(event_id)
        if row is not None:
            return index.events(self.features, np.array([row]))[0]
        for event in self.atlas.get("context_events", []):
            if event["id"] == event_id:
                found: dict[str, Any] = event
                return found
        ids = [*index.ids, *(e["id"] for e in self.atlas.get("context_events", []))]
        near = [n for n, _, _ in process.extract(event_id, ids, limit=3, score_cutoff=60)]
        raise NotFound(f"no event with id {event_id!r}", parameter="id", did_you_mean=near)

    def select_events(self, f: EventFilters) -> np.ndarray:
        """Rows of the event index that pass the event filters (countries and bbox: of a site it concerns)."""
        sites: set[str] | None = set(f.sites) or None
        if f.countries or f.bbox:
            inside = {s["id"] for s in self.select(Filters(as_of=date.max, bbox=f.bbox, country=f.countries))}
            sites = inside if sites is None else sites & inside
        return self.event_index.select(f.kinds or None, f.nations or None, f.since, f.until, sites)

    def select(self, f: Filters) -> Sequence[dict[str, Any]]:
        """Return the sites that pass every filter, in id order (see app.store.query.select)."""
        return query.select(self.indexes, f, self.named)
