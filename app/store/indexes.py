"""Indexes of the loaded sites, each made once: by id and position, spatial, per field, per day's status, events."""

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
from shapely import STRtree, points

from app.store.events import EventIndex
from app.store.load import Tally
from app.store.views import status_on

#: How many days' status indexes are kept (the map and the API mostly ask for today).
STATUS_DAYS_KEPT = 4


@dataclass
class Indexes:
    """Where each site is among the features, and which sites have a value, as sorted positions."""

    features: list[dict[str, Any]]
    tally: Tally
    by_id: dict[str, dict[str, Any]] = field(init=False)
    position: dict[str, int] = field(init=False)
    tree: STRtree = field(init=False)
    last_day: str = field(init=False)   # the newest report's last day over every site
    _values: dict[tuple[str, Any], dict[str, np.ndarray]] = field(init=False, default_factory=dict)
    _events: EventIndex | None = field(init=False, default=None)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    _events_lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        ids = self.tally.ids
        self.by_id = dict(zip(ids, self.features, strict=True))
        self.position = {site_id: i for i, site_id in enumerate(ids)}
        self.tree = STRtree(points(self.tally.coords) if self.tally.coords else [])
        self.last_day = max((f["_last_day"] for f in self.features if f["_last_day"]), default="")

    @property
    def events(self) -> EventIndex:
        """Every event in /events order, as arrays; made on first use (a second at 10,000 sites)."""
        with self._events_lock:
            if self._events is None:
                self._events = EventIndex.build(self.features)
            return self._events

    def by_field(self, name: str) -> dict[str, np.ndarray]:
        """Positions of the sites by a field's value, made on first use: `nations` (present after the
        newest report) and `nations_named` (in any event) by each nation, other fields by their value."""
        if name == "nations_named":
            return self._index(("field", name), lambda feat: feat["_nations_any"])
        if name == "nations":
            return self._index(("field", name), lambda feat: feat["properties"]["nations"])
        return self._index(("field", name), lambda feat: (feat["properties"][name],))

    @cached_property
    def countries(self) -> tuple[str, ...]:
        """The countries of the sites, sorted (the queryables' enumeration)."""
        return tuple(sorted(self.by_field("country")))

    def by_status(self, on: date) -> dict[str, np.ndarray]:
        """Positions of the sites by their status on a day; the last few days asked are kept."""
        return self._index(("status", on), lambda feat: (status_on(feat, on)[0],))

    def _index(self, key: tuple[str, Any], values_of: Callable[[dict[str, Any]], Iterable[str]]
               ) -> dict[str, np.ndarray]:
        """Sorted positions of the sites by each value `values_of` gives them; made once per key."""
        with self._lock:
            if key not in self._values:
                found: dict[str, list[int]] = {}
                for i, feat in enumerate(self.features):
                    for value in values_of(feat):
                        found.setdefault(value, []).append(i)
                days = [k for k in self._values if k[0] == "status"]
                for old in days[:-(STATUS_DAYS_KEPT - 1)] if key[0] == "status" else []:
                    del self._values[old]
                self._values[key] = {k: np.array(v, dtype=np.int64) for k, v in found.items()}
            return self._values[key]
