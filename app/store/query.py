"""Queries of the loaded sites: the filters a caller asks for, and the sites that pass them all."""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial, reduce
from typing import Any, overload

import numpy as np
from shapely import box

from app.names.geocoder import Geocoder
from app.names.normalise import normalise
from app.store.indexes import Indexes

NONE = np.array([], dtype=np.int64)   # no site has this value


@dataclass(frozen=True)
class Filters:
    """What a caller asks for; every field optional but the date."""

    as_of: date
    country: str | None = None
    status: str | None = None
    kind: str | None = None
    nation: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None

    def is_default(self) -> bool:
        """Tell whether nothing but the date is asked for."""
        return not any((self.country, self.status, self.kind, self.nation, self.bbox, self.q))


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
        found.append(np.sort(indexes.tree.query(box(*f.bbox))))
    for name, value in (("country", f.country), ("kind", f.kind), ("nation", f.nation)):
        if value:
            found.append(indexes.by_field(name).get(value, NONE))
    if f.status:
        found.append(indexes.by_status(f.as_of).get(f.status, NONE))
    if not found:
        return indexes.features
    found.sort(key=len)
    return Picked(indexes.features, reduce(partial(np.intersect1d, assume_unique=True), found))
