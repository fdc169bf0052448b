"""The loaded data set: read once at start-up, then only read."""

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial, reduce
from pathlib import Path
from typing import Any, overload

import numpy as np
import orjson
from rapidfuzz import process
from shapely import STRtree, box, points

from app.dates import parse_period
from app.errors import DataError, NotFound
from app.eventindex import EventIndex
from app.geocode import Geocoder, normalise
from app.perf import paused_gc
from app.views import status_on

MEMO_SIZE = 256
REQUIRED = ("id", "name_en", "name_ar", "aliases", "kind", "country", "admin1", "uncertainty_m",
            "location_source", "status", "status_date", "status_changes", "nations_named", "name_keys",
            "event_count", "first_reported")
EVENTS_KEY = b',"events":['   # the last property of a built feature


def etag_of(body: bytes) -> str:
    """Return a strong ETag for a body."""
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def etag_matches(if_none_match: str | None, tag: str) -> bool:
    """Tell whether an If-None-Match header names this ETag (or is "*")."""
    if not if_none_match:
        return False
    return if_none_match.strip() == "*" or tag in (t.strip() for t in if_none_match.split(","))


@dataclass(frozen=True)
class Extent:
    """Where the sites are: their mean point, bounds and countries (what the map frames)."""

    centre: tuple[float, float]                      # lat, lon
    bounds: tuple[tuple[float, float], tuple[float, float]]   # (south, west), (north, east)
    countries: tuple[str, ...]

    @classmethod
    def of(cls, features: Sequence[dict[str, Any]]) -> "Extent":
        """The extent of some sites."""
        return cls.around([f["geometry"]["coordinates"] for f in features],
                          {f["properties"]["country"] for f in features})

    @classmethod
    def around(cls, coords: Sequence[Sequence[float]], countries: set[str]) -> "Extent":
        """The extent of some points (Iraq and Syria's when there are none)."""
        lons = [c[0] for c in coords] or [38.0, 48.0]
        lats = [c[1] for c in coords] or [30.0, 38.0]
        return cls((sum(lats) / len(lats), sum(lons) / len(lons)), ((min(lats), min(lons)), (max(lats), max(lons))),
                   tuple(sorted(countries)))


@dataclass
class Tally:
    """What the loader notes of each site while it has it in hand: ids, points, dates, countries.
    At 100,000 sites a later pass over the loaded features cost about 0.1-0.3 s each (cache misses)."""

    ids: list[str] = field(default_factory=list)
    coords: list[list[float]] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    first: date | None = None
    last: str | None = None

    def add(self, feature: dict[str, Any]) -> None:
        props = feature["properties"]
        self.ids.append(props["id"])
        self.coords.append(feature["geometry"]["coordinates"])
        self.countries.add(props["country"])
        first, changes, reported = feature["_first"], feature["_transitions"], props["last_reported"] or ""
        if first and (self.first is None or first < self.first):
            self.first = first
        for day in (changes[-1][0] if changes else "", reported if len(reported) == 10 else ""):
            if day and (self.last is None or day > self.last):
                self.last = day

    def extent(self) -> Extent:
        return Extent.around(self.coords, self.countries)


def _check_feature(feat: Any, i: int, path: Path, line: bytes = b"", tally: Tally | None = None) -> dict[str, Any]:
    props = feat.get("properties") if isinstance(feat, dict) else None
    coords = (feat.get("geometry") or {}).get("coordinates") if isinstance(feat, dict) else None
    if not isinstance(props, dict) or not isinstance(coords, list) or len(coords) != 2:
        raise DataError(f"{path}: feature {i} is not a Point feature with properties")
    missing = [k for k in REQUIRED if k not in props]
    if missing:
        raise DataError(f"{path}: feature {i} lacks {', '.join(missing)}")
    if not line and not isinstance(props.get("events"), list):
        raise DataError(f"{path}: feature {i} has no list of events")
    feature = compact(feat, line)
    if tally is not None:
        tally.add(feature)
    return feature


def compact(feature: dict[str, Any], line: bytes = b"") -> dict[str, Any]:
    """Keep a site's events as JSON bytes, decoded only for the site being shown or downloaded.

    A million events as Python dicts would take gigabytes; as bytes they take their file size.
    What queries need (status changes, nations, first report) comes precomputed by the build.
    """
    props = feature["properties"]
    if "events" in props:   # read whole (not a built file's line): keep it as bytes all the same
        line = orjson.dumps({**feature, "properties": props})
        del props["events"]
    feature["_events"] = line
    feature["_transitions"] = [tuple(t) for t in props.pop("status_changes")]
    feature["_nations_any"] = frozenset(props.pop("nations_named"))
    first = props.get("first_reported")
    feature["_first"] = parse_period(first)[0] if first else None
    return feature


def read_collection(path: Path, tally: Tally | None = None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Read the built GeoJSON: the collection's members and its (compacted) features.

    A file written by `bases build` has one feature a line and is read line by line, so the
    whole document is never held as objects at once; any other valid file is read whole.
    """
    try:
        with path.open("rb") as fh:
            first = fh.readline()
            if first.rstrip().endswith(b'"features":['):
                head = orjson.loads(first.rstrip() + b"]}")
                feats = []
                for i, line in enumerate(fh):
                    line = line.rstrip().rstrip(b",")
                    if line == b"]}":
                        break
                    cut = line.rfind(EVENTS_KEY)   # parse all but the events, kept as bytes
                    if cut <= 0:
                        raise DataError(f"{path}: feature {i} has no events (or not as the last property)")
                    feature = orjson.loads(line[:cut] + b"}}")
                    feats.append(_check_feature(feature, i, path, line, tally))
                else:
                    raise DataError(f"{path}: ends before its list of features is closed")
            else:
                head = orjson.loads(first + fh.read())
                if not isinstance(head, dict) or not isinstance(head.get("features"), list):
                    raise DataError(f"{path}: not a GeoJSON FeatureCollection with features")
                feats = [_check_feature(f, i, path, b"", tally) for i, f in enumerate(head.pop("features"))]
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except orjson.JSONDecodeError as exc:
        raise DataError(f"{path}: not valid JSON ({exc})") from None
    if head.get("type") != "FeatureCollection":
        raise DataError(f"{path}: not a GeoJSON FeatureCollection")
    return head, feats


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


NONE = np.array([], dtype=np.int64)   # no site has this value


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

#: Built files up to this size are kept in memory and sent from there; larger ones from disk.
IN_MEMORY = 64 * 1024 * 1024


@dataclass
class Store:
    """All sites of the built data set, indexed for the API, the map and the downloads."""

    path: Path
    raw: bytes | None
    etag: str
    collection: dict[str, Any]
    tally: Tally
    by_id: dict[str, dict[str, Any]] = field(init=False)
    tree: STRtree = field(init=False)
    _geocoder: Geocoder | None = field(init=False, default=None)
    _memo: OrderedDict[Hashable, tuple[bytes, str]] = field(init=False, default_factory=OrderedDict)
    _lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    _geo_lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    _days: tuple[str | None, str | None] | None = field(init=False, default=None)
    _position: dict[str, int] = field(init=False)
    _events_index: EventIndex | None = field(init=False, default=None)
    _extent: Extent | None = field(init=False, default=None)
    _events_lock: threading.Lock = field(init=False, default_factory=threading.Lock)
    _indexes: dict[tuple[str, Any], dict[str, np.ndarray]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        tally = self.tally
        self.by_id = dict(zip(tally.ids, self.features, strict=True))
        self._position = {site_id: i for i, site_id in enumerate(tally.ids)}
        self.tree = STRtree(points(tally.coords) if tally.coords else [])
        if len(self.features) > 10_000:   # large sets: index names in the background, start sooner
            threading.Thread(target=lambda: self.geocoder, name="geocoder-index", daemon=True).start()

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

    def memo_get(self, key: Hashable) -> tuple[bytes, str] | None:
        """Return a memoised (body, ETag), or None."""
        with self._lock:
            return self._memo.get(key)

    def memo(self, key: Hashable, make: Callable[[], bytes]) -> tuple[bytes, str]:
        """Return (body, ETag) for a key, made once; the least recently used are dropped."""
        with self._lock:
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]
        body = make()
        entry = (body, etag_of(body))
        with self._lock:
            self._memo[key] = entry
            if len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        return entry

    @property
    def atlas(self) -> dict[str, Any]:
        """The data set's own facts: publications, dataset-level facts and events, currency."""
        atlas: dict[str, Any] = self.collection.get("atlas", {})
        return atlas

    def get(self, site_id: str) -> dict[str, Any]:
        """Return a site's Feature; NotFound with the nearest ids when there is none."""
        if site_id in self.by_id:
            return self.by_id[site_id]
        near = process.extract(site_id, list(self.by_id), limit=3, score_cutoff=50)
        by_name = [c["id"] for c in self.geocoder.lookup(site_id.replace("-", " "))["candidates"]]
        suggestions = list(dict.fromkeys([n for n, _, _ in near] + by_name))[:5]
        raise NotFound(f"no site with id {site_id!r}", parameter="id", did_you_mean=suggestions)

    def named(self, query: str) -> list[dict[str, Any]]:
        """Return the sites a name designates: the geocoder's match, else those whose names hold it."""
        answer = self.geocoder.lookup(query)
        if answer["match"]:
            return [self.by_id[answer["match"]["id"]]]
        key = normalise(query)
        if not key:
            return []
        return [f for f in self.features
                if any(key in k for k in self.geocoder.keys_of(f["properties"]["id"]))]

    def select(self, f: Filters) -> Sequence[dict[str, Any]]:
        """Return the sites that pass every filter, in id order.

        Each filter gives the sorted positions of its sites from an index (the spatial tree, the
        names, one index per field, the statuses of the day); only their intersection is read.
        """
        found: list[np.ndarray] = []
        if f.q is not None:
            found.append(np.array(sorted({self._position[s["properties"]["id"]] for s in self.named(f.q)}),
                                  dtype=np.int64))
        if f.bbox is not None:
            found.append(np.sort(self.tree.query(box(*f.bbox))))
        for name, value in (("country", f.country), ("kind", f.kind), ("nation", f.nation)):
            if value:
                found.append(self._field_index(name).get(value, NONE))
        if f.status:
            found.append(self._status_index(f.as_of).get(f.status, NONE))
        if not found:
            return self.features
        found.sort(key=len)
        return Picked(self.features, reduce(partial(np.intersect1d, assume_unique=True), found))

    @property
    def event_index(self) -> EventIndex:
        """Every event in /events order, as arrays; made on first use (a second at 10,000 sites)."""
        with self._events_lock:
            if self._events_index is None:
                self._events_index = EventIndex.build(self.features)
            return self._events_index

    def position(self, site_id: str) -> int:
        """A site's position among the features (KeyError if it has none)."""
        return self._position[site_id]

    def _field_index(self, name: str) -> dict[str, np.ndarray]:
        """Positions of the sites by a field's value (nation: any nation named), made on first use."""
        if name == "nation":
            return self._index(("field", name), lambda feat: feat["_nations_any"])
        return self._index(("field", name), lambda feat: (feat["properties"][name],))

    def _status_index(self, on: date) -> dict[str, np.ndarray]:
        """Positions of the sites by their status on a day; the last few days asked are kept."""
        return self._index(("status", on), lambda feat: (status_on(feat, on)[0],))

    def _index(self, key: tuple[str, Any], values_of: Callable[[dict[str, Any]], Iterable[str]]
               ) -> dict[str, np.ndarray]:
        """Sorted positions of the sites by each value `values_of` gives them; made once per key."""
        with self._lock:
            if key not in self._indexes:
                found: dict[str, list[int]] = {}
                for i, feat in enumerate(self.features):
                    for value in values_of(feat):
                        found.setdefault(value, []).append(i)
                days = [k for k in self._indexes if k[0] == "status"]
                for old in days[:-3] if key[0] == "status" else []:
                    del self._indexes[old]
                self._indexes[key] = {k: np.array(v, dtype=np.int64) for k, v in found.items()}
            return self._indexes[key]

    @property
    def features(self) -> list[dict[str, Any]]:
        """Every site's Feature, in id order."""
        features: list[dict[str, Any]] = self.collection["features"]
        return features

    @classmethod
    def load(cls, path: Path) -> "Store":
        """Load the built GeoJSON; DataError with a one-line reason if it is unusable."""
        with paused_gc(freeze=True):
            tally = Tally()
            head, feats = read_collection(path, tally)
            head["features"] = feats
            try:
                size = path.stat().st_size
                raw = path.read_bytes() if size <= IN_MEMORY else None
                etag = etag_of(raw) if raw is not None else _file_etag(path, size)
            except OSError as exc:
                raise DataError(f"{path}: cannot read ({exc.strerror or exc})") from None
            return cls(path, raw, etag, head, tally)


def _file_etag(path: Path, size: int) -> str:
    """A large build's ETag: its size, modification time and first and last MiB (not a full hash,
    which took a second at start-up; a rebuild changes the time, and any edit the size or ends)."""
    digest = hashlib.blake2b(f"{size}:{path.stat().st_mtime_ns}".encode(), digest_size=12)
    with path.open("rb") as fh:
        digest.update(fh.read(1 << 20))
        fh.seek(max(0, size - (1 << 20)))
        digest.update(fh.read())
    return '"' + digest.hexdigest() + '"'
