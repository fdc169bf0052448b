"""Every event of the loaded sites, once each (a coalition-wide event is one row), oldest first, as arrays:
/events filters and pages them without decoding a million events per request."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from app.domain.bulk import paused_gc
from app.domain.dates import parse_period
from app.store.views import events_of


@dataclass
class _Rows:
    """The columns being collected, one entry per distinct event."""

    end: list[int] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    site: list[int] = field(default_factory=list)
    n: list[int] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    nations: list[frozenset[str]] = field(default_factory=list)
    sites: list[frozenset[str]] = field(default_factory=list)


@dataclass(frozen=True)
class EventIndex:
    """One row per event, in the order /events lists them: by the day it had certainly happened
    (the last day of a partial date), then by the position of its first site, then as that site lists them."""

    end: np.ndarray     # ordinal of the day by which the event had happened
    start: np.ndarray   # ordinal of the first day it may have happened
    site: np.ndarray    # position of the first loaded site that lists it (where it is decoded from)
    n: np.ndarray       # the event's position in that site's list
    kind: np.ndarray    # code of its type, into `types`
    ids: list[str]
    nations: list[frozenset[str]]
    sites: list[frozenset[str]]   # ids of the sites it concerns
    types: list[str]
    row_of: dict[str, int]

    @classmethod
    def build(cls, features: Sequence[dict[str, Any]]) -> "EventIndex":
        """Decode every site's events once (made on first use of /events)."""
        rows, codes, seen = _Rows(), dict[str, int](), set[str]()
        periods: dict[str, tuple[int, int]] = {}
        sets: dict[frozenset[str], frozenset[str]] = {}   # one object per distinct set
        with paused_gc():
            for pos, feat in enumerate(features):
                for i, event in enumerate(events_of(feat)):
                    if event["id"] in seen:
                        continue
                    seen.add(event["id"])
                    text = event["date"]
                    if text not in periods:
                        first, last = parse_period(text)
                        periods[text] = (first.toordinal(), last.toordinal())
                    rows.start.append(periods[text][0])
                    rows.end.append(periods[text][1])
                    rows.site.append(pos)
                    rows.n.append(i)
                    rows.kind.append(codes.setdefault(event["type"], len(codes)))
                    rows.ids.append(event["id"])
                    for column, values in ((rows.nations, event["nations"]), (rows.sites, event["sites"])):
                        named = frozenset(values)
                        column.append(sets.setdefault(named, named))
        return cls.of(rows, list(codes))

    @classmethod
    def of(cls, rows: _Rows, types: list[str]) -> "EventIndex":
        """Sort the collected rows into /events order."""
        arrays = [np.array(a, dtype=np.int32) for a in (rows.end, rows.start, rows.site, rows.n, rows.kind)]
        order = np.lexsort((arrays[3], arrays[2], arrays[0]))
        end, start, site, n, kind = (a[order] for a in arrays)
        positions = order.tolist()
        ids = [rows.ids[i] for i in positions]
        return cls(end, start, site, n, kind, ids, [rows.nations[i] for i in positions],
                   [rows.sites[i] for i in positions], types, {eid: r for r, eid in enumerate(ids)})

    def select(self, kinds: Collection[str] | None = None, nations: Collection[str] | None = None,
               since: date | None = None, until: date | None = None,
               sites: Collection[str] | None = None) -> np.ndarray:
        """Rows of the events that pass every filter (each a set of values meaning any of them), in order."""
        mask = np.ones(len(self.end), dtype=bool)
        if kinds is not None:
            mask &= np.isin(self.kind, [self.types.index(k) for k in kinds if k in self.types])
        if since is not None:
            mask &= self.end >= since.toordinal()
        if until is not None:
            mask &= self.start <= until.toordinal()
        rows = np.flatnonzero(mask)
        for wanted, column in ((nations, self.nations), (sites, self.sites)):
            if wanted is not None:
                keep = set(wanted)
                rows = rows[np.fromiter((not keep.isdisjoint(column[r]) for r in rows.tolist()), dtype=bool,
                                        count=len(rows))]
        return rows

    def events(self, features: Sequence[dict[str, Any]], rows: np.ndarray) -> list[dict[str, Any]]:
        """The events (as built) of some rows, decoding each site's events once."""
        decoded: dict[int, list[dict[str, Any]]] = {}
        out = []
        for r in rows.tolist():
            pos = int(self.site[r])
            if pos not in decoded:
                decoded[pos] = events_of(features[pos])
            out.append(decoded[pos][int(self.n[r])])
        return out
