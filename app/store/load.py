"""Read the built GeoJSON once: check each feature, keep events as bytes, tally what the indexes need."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from app.domain.bulk import paused_gc
from app.domain.dates import parse_period
from app.domain.errors import DataError
from app.store.etag import etag_of, file_etag

REQUIRED = ("id", "name_en", "name_ar", "aliases", "kind", "country", "admin1", "uncertainty_m",
            "location_source", "status", "status_date", "status_changes", "nations_named", "name_keys",
            "event_count", "first_reported", "last_reported", "nations")
EVENTS_KEY = b',"events":['   # the last property of a built feature
#: Built files up to this size are kept in memory and sent from there; larger ones from disk.
IN_MEMORY = 64 * 1024 * 1024


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
    first, last = props.get("first_reported"), props.get("last_reported")
    feature["_first"] = parse_period(first)[0] if first else None
    feature["_last_day"] = parse_period(last)[1].isoformat() if last else None
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
class Loaded:
    """A built file as read: where it is, its bytes when small, its ETag, members and tally."""

    path: Path
    raw: bytes | None
    etag: str
    collection: dict[str, Any]
    tally: Tally


def load_built(path: Path) -> Loaded:
    """Load the built GeoJSON; DataError with a one-line reason if it is unusable."""
    with paused_gc(freeze=True):
        tally = Tally()
        head, feats = read_collection(path, tally)
        head["features"] = feats
        try:
            size = path.stat().st_size
            raw = path.read_bytes() if size <= IN_MEMORY else None
            etag = etag_of(raw) if raw is not None else file_etag(path, size)
        except OSError as exc:
            raise DataError(f"{path}: cannot read ({exc.strerror or exc})") from None
        return Loaded(path, raw, etag, head, tally)
