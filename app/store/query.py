"""Queries of the loaded sites: the filters a caller asks for, and the sites that pass them all."""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import reduce
from typing import Any, overload

import numpy as np
from shapely import box

from app.names.geocoder import Geocoder
from app.names.normalise import normalise
from app.store.indexes import Indexes
from app.store.views import state_on

NONE = np.array([], dtype=np.int64)   # no site has this value


@dataclass(frozen=True)
class Filters:
    """What a caller asks for; every field optional but the date."""

    as_of: date
    country: tuple[str, ...] = ()   # each: any of these values
    status: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    nation: tuple[str, ...] = ()    # present on as_of
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None

    def is_default(self) -> bool:
        """Tell whether nothing but the date is asked for."""
        return not any((self.country, self.status, self.kind, self.nation, self.bbox, self.q))


@dataclass(frozen=True)
class EventFilters:
    """What /events, events.csv and the OGC events select: any of each set of values, a date range, a box."""

    kinds: tuple[str, ...] = ()
    nations: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()   # of a site the event concerns
    since: date | None = None
    until: date | None = None
    bbox: tuple[float, float, float, float] | None = None   # a site the event concerns is inside


class Picked(Sequence[dict[str, Any]]):
    """Some sites, by position: a page of 100 out of 50,000 matches reads only its 100."""

    def __init__(self, features: list[dict[str, Any]], positions: np.ndarray) -> None:
        self.features, self.positions = features, positions

    def __len__(self) -> int:
        return len(self.positions)

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(i, slice):
            return [self.features[p] for p in self.positions[i].tolist()]
        return self.features[int(self.positions[i])]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        features = self.features
        return (features[p] for p in self.positions.tolist())


def named(geocoder: Geocoder, indexes: Indexes, query: str) -> list[dict[str, Any]]:
    """Return the sites a name designates: the geocoder's match, else those whose names hold it."""
    answer = geocoder.lookup(query)
    if answer["match"]:
        return [indexes.by_id[answer["match"]["id"]]]
    key = normalise(query)
    if not key:
        return []
    return [f for f in indexes.features
            if any(key in k for k in geocoder.keys_of(f["properties"]["id"]))]


def select(indexes: Indexes, f: Filters, by_name: Callable[[str], list[dict[str, Any]]]
           ) -> Sequence[dict[str, Any]]:
    """Return the sites that pass every filter, in id order.

    Each filter gives the sorted positions of its sites from an index (the spatial tree, the
    names, one index per field, the statuses of the day); only their intersection is read.
    """
    found: list[np.ndarray] = []
    if f.q is not None:
        found.append(np.array(sorted({indexes.position[s["properties"]["id"]] for s in by_name(f.q)}),
                              dtype=np.int64))
    if f.bbox is not None:
        found.append(_inside(indexes, f.bbox))
    for name, values in (("country", f.country), ("kind", f.kind)):
        if values:
            found.append(_any(indexes.by_field(name), values))
    if f.status:
        found.append(_any(indexes.by_status(f.as_of), f.status))
    if f.nation:
        found.append(_present(indexes, f.nation, f.as_of))
    if not found:
        return indexes.features
    found.sort(key=len)
    return Picked(indexes.features, reduce(_meet, found))


#: Below this many positions, two index lists are intersected as Python sets.
SMALL = 256


def _meet(few: np.ndarray, many: np.ndarray) -> np.ndarray:
    """The positions in both sorted arrays, looked up from the shorter (a filter of 100 sites among
    10,000 costs 100 binary searches, not a sort of 10,100)."""
    if not len(many):
        return many
    if len(many) <= SMALL:   # a few hundred: one set intersection beats numpy's four calls
        return np.array(sorted(set(few.tolist()).intersection(many.tolist())), dtype=np.int64)
    # past the end, a position is clipped to the last, which is smaller: not equal
    chosen: np.ndarray = few[many.take(many.searchsorted(few), mode="clip") == few]
    return chosen


def _inside(indexes: Indexes, bbox: tuple[float, float, float, float]) -> np.ndarray:
    """Sorted positions of the sites in a box; west above east: a box across the antimeridian."""
    west, south, east, north = bbox
    if west <= east:
        return np.sort(indexes.tree.query(box(west, south, east, north)))
    return np.unique(np.concatenate([indexes.tree.query(box(west, south, 180, north)),
                                     indexes.tree.query(box(-180, south, east, north))]))


def _any(index: dict[str, np.ndarray], values: tuple[str, ...]) -> np.ndarray:
    """Sorted positions of the sites that have any of the values."""
    parts = [index.get(v, NONE) for v in values]
    return parts[0] if len(parts) == 1 else np.unique(np.concatenate(parts))


def _present(indexes: Indexes, nations: tuple[str, ...], on: date) -> np.ndarray:
    """Sorted positions of the sites where any of the nations was present on `on` (the rule of
    app.domain.timeline.presence_after); on or after every site's newest report, from an index."""
    if on.isoformat() >= indexes.last_day:
        return _any(indexes.by_field("nations"), nations)
    wanted = set(nations)
    candidates = _any(indexes.by_field("nations_named"), nations).tolist()
    return np.array([p for p in candidates if not wanted.isdisjoint(state_on(indexes.features[p], on)["nations"])],
                    dtype=np.int64)
