"""Query parameters shared by the routes: parsed once, strictly, each error naming the parameter and the fix."""

from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from typing import Annotated, Any, get_args, get_origin

import pycountry
from fastapi import Depends, Query, Request

from app.domain.dates import parse_period, today
from app.domain.errors import BadInput
from app.domain.models import EVENT_TYPES, KINDS
from app.domain.timeline import STATUSES
from app.formats.citation import Citation, citation_of
from app.settings import Settings
from app.store import EventFilters, Filters, Store
from app.web.bbox import parse_bbox

MAX_Q = 200
ALPHA2 = sorted(c.alpha_2 for c in pycountry.countries)
DAY_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY (a month or a year stands for its last day)"


async def get_store(request: Request) -> Store:
    """Return the store loaded at start-up."""
    store: Store = request.app.state.store
    return store


async def get_settings(request: Request) -> Settings:
    """Return the app's settings."""
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]


async def get_citation(request: Request) -> Citation:
    """The citation of the loaded data, read today (what pages and downloads carry)."""
    return citation_of(request.app.state.store.atlas, request.app.state.settings.public_url, today())


CitationDep = Annotated[Citation, Depends(get_citation)]


def suggest(value: str, allowed: list[str] | tuple[str, ...]) -> list[str]:
    """The allowed values closest to a wrong one (at most three)."""
    return get_close_matches(value.lower(), [a.lower() for a in allowed], n=3, cutoff=0.6)


def values_of(raw: list[str] | str | None) -> list[str]:
    """Split a parameter given as a comma list, repeated, or both, into its non-empty values."""
    if raw is None:
        return []
    items = [raw] if isinstance(raw, str) else raw
    return [v.strip() for item in items for v in item.split(",") if v.strip()]


def choices(raw: list[str] | str | None, name: str, allowed: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Check each value against a vocabulary, case-insensitively; several values mean any of them."""
    by_lower = {a.lower(): a for a in allowed}
    out = []
    for value in values_of(raw):
        if value.lower() not in by_lower:
            near = [by_lower[s] for s in suggest(value, list(by_lower))]
            hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
            raise BadInput(f"{name} {value!r} is not one of the allowed values{hint}", parameter=name,
                           allowed=list(allowed), did_you_mean=near)
        out.append(by_lower[value.lower()])
    return tuple(dict.fromkeys(out))


def choice(value: str | None, name: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    """Check a single-valued parameter against its vocabulary (case-insensitive)."""
    found = choices(value, name, allowed)
    if len(found) > 1:
        raise BadInput(f"{name} takes one value, got {len(found)}", parameter=name, allowed=list(allowed))
    return found[0] if found else None


def alpha2s(raw: list[str] | str | None, name: str) -> tuple[str, ...]:
    """Check ISO 3166-1 alpha-2 codes (case-insensitive); several mean any of them."""
    out = []
    for value in values_of(raw):
        code = value.upper()
        if code not in ALPHA2:
            near = [c.upper() for c in suggest(code, ALPHA2)]
            raise BadInput(f"{name} {value!r} is not an ISO 3166-1 alpha-2 code", parameter=name,
                           allowed="ISO 3166-1 alpha-2, e.g. IQ, SY, US", did_you_mean=near)
        out.append(code)
    return tuple(dict.fromkeys(out))


def alpha2(value: str | None, name: str) -> str | None:
    """Check one ISO 3166-1 alpha-2 code (case-insensitive)."""
    found = alpha2s(value, name)
    return found[0] if found else None


def period(value: str | None, name: str) -> tuple[date, date] | None:
    """Parse a day, a month or a year into its first and last day; BadInput naming the parameter."""
    if value is None or value == "":
        return None
    try:
        return parse_period(value.strip())
    except ValueError:
        raise BadInput(f"{name} must be a date ({DAY_FORMS}), got {value!r}", parameter=name,
                       allowed=DAY_FORMS) from None


def day(value: str | None, name: str) -> date | None:
    """Parse a date parameter: a month or a year stands for its last day (the rule of partial dates)."""
    found = period(value, name)
    return found[1] if found else None


def as_of_day(value: str | None, name: str = "as_of") -> date:
    """The day statuses are shown on: today by default; never after today (nothing is known of it)."""
    chosen = day(value, name)
    now = today()
    if chosen is None:
        return now
    if chosen > now:
        raise BadInput(f"{name} {value!r} ends after today ({now.isoformat()}): nothing is reported after today",
                       parameter=name, allowed=f"{DAY_FORMS}, up to {now.isoformat()}")
    return chosen


def since_until(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    """Parse a date range: `since` from its first day, `until` to its last; since after until is an error."""
    start, end = period(since, "since"), period(until, "until")
    first, last = (start[0] if start else None), (end[1] if end else None)
    if first and last and first > last:
        raise BadInput(f"since {since!r} is after until {until!r}: swap them", parameter="since",
                       allowed="since on or before until")
    return first, last


def text(value: str | None, name: str) -> str | None:
    """Check a free-text parameter's length."""
    if value is not None and len(value) > MAX_Q:
        raise BadInput(f"{name} is longer than {MAX_Q} characters", parameter=name)
    return value


def _int(value: str | None, name: str, low: int, high: int, default: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadInput(f"{name} must be a whole number, got {value!r}", parameter=name,
                       allowed=f"{low} to {high}") from None
    if not low <= number <= high:
        raise BadInput(f"{name} {number} is out of range", parameter=name, allowed=f"{low} to {high}")
    return number


def flag(value: str | None, name: str) -> bool:
    """Parse a true/false parameter."""
    if value is None or value == "":
        return False
    if value.lower() not in ("true", "false", "1", "0"):
        raise BadInput(f"{name} must be true or false, got {value!r}", parameter=name, allowed=["true", "false"])
    return value.lower() in ("true", "1")


AsOf = Annotated[str | None, Query(
    description=f"The date to show what was reported by: {DAY_FORMS}; default today. The answer's "
                "`as_of` says which day was used.", examples=["2020-09-01"])]
IncludeLater = Annotated[str | None, Query(
    description="true: also list the events reported after `as_of`, each marked `later: true`.",
    examples=["true"])]
Many = list[str] | None
Country = Annotated[Many, Query(description="ISO 3166-1 alpha-2 country of the site; several mean any.",
                                examples=[["SY"]])]
Status = Annotated[Many, Query(description=f"Status on `as_of`, any of: {', '.join(STATUSES)}.",
                               examples=[["handed_over"]])]
Kind = Annotated[Many, Query(description=f"Kind of site, any of: {', '.join(KINDS)}.", examples=[["air_base"]])]
Nation = Annotated[Many, Query(description="ISO alpha-2 of a nation present on `as_of`; several mean any.",
                               examples=[["GB"]])]
Bbox = Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat (WGS84).", examples=["38,32,45,37.5"])]
Q = Annotated[str | None, Query(description="A name or alias in Arabic or Latin script, normalised like the "
                                "geocoder.", examples=["التاجي"])]


async def filters(as_of: AsOf = None, country: Country = None, status: Status = None, kind: Kind = None,
                  nation: Nation = None, bbox: Bbox = None, q: Q = None) -> Filters:
    """Parse the site filters shared by /bases and its downloads."""
    return Filters(as_of=as_of_day(as_of), country=alpha2s(country, "country"),
                   status=choices(status, "status", STATUSES), kind=choices(kind, "kind", KINDS),
                   nation=alpha2s(nation, "nation"), bbox=parse_bbox(bbox), q=text(q, "q"))


FiltersDep = Annotated[Filters, Depends(filters)]


async def event_filters(
    request: Request,
    base: Annotated[Many, Query(description="A site id; several mean any.", examples=[["taji"]])] = None,
    type: Annotated[Many, Query(description=f"Event type, any of: {', '.join(EVENT_TYPES)}.",
                                examples=[["handover"]])] = None,
    nation: Annotated[Many, Query(description="ISO alpha-2 of a nation in the event.", examples=[["GB"]])] = None,
    country: Annotated[Many, Query(description="ISO alpha-2 country of a site it concerns.",
                                   examples=[["IQ"]])] = None,
    since: Annotated[str | None, Query(description=f"Events on or after ({DAY_FORMS}; a month or year from "
                                       "its first day).", examples=["2020-01-01"])] = None,
    until: Annotated[str | None, Query(description=f"Events on or before ({DAY_FORMS}).",
                                       examples=["2020-12-31"])] = None,
) -> EventFilters:
    """Parse the event filters shared by /events and /events.csv."""
    store: Store = request.app.state.store
    sites = tuple(values_of(base))
    for site_id in sites:
        if site_id not in store.by_id:
            near = suggest(site_id, list(store.by_id))
            raise BadInput(f"base {site_id!r} is not a site id", parameter="base", allowed="a site id from /bases",
                           did_you_mean=near)
    start, end = since_until(since, until)
    return EventFilters(choices(type, "type", EVENT_TYPES), alpha2s(nation, "nation"), sites,
                        alpha2s(country, "country"), start, end)


EventFiltersDep = Annotated[EventFilters, Depends(event_filters)]


@dataclass(frozen=True)
class Page:
    """limit and offset, checked against the configured maximum."""

    limit: int
    offset: int


async def page(request: Request,
               limit: Annotated[str | None, Query(
                   description="Page size (1 to the server's maximum, 1000 by default).", examples=["100"])] = None,
               offset: Annotated[str | None, Query(description="How many to skip.", examples=["0"])] = None) -> Page:
    """Parse limit and offset."""
    cap = request.app.state.settings.max_limit
    return Page(_int(limit, "limit", 1, cap, default=min(100, cap)), _int(offset, "offset", 0, 10**9, default=0))


PageDep = Annotated[Page, Depends(page)]


def declared(dependant: Any) -> tuple[set[str], set[str]]:
    """The query parameters a route declares (its own and its dependencies'), and those that take a list."""
    names, lists, stack = set(), set(), [dependant]
    while stack:
        current = stack.pop()
        for field in current.query_params:
            names.add(field.alias)
            annotation = field.field_info.annotation
            if list in (get_origin(annotation), *map(get_origin, get_args(annotation))):
                lists.add(field.alias)
        stack.extend(current.dependencies)
    return names, lists


_DECLARED: dict[int, tuple[set[str], set[str]]] = {}


async def strict_query(request: Request) -> None:
    """Refuse a parameter the route does not know, naming the closest one; and a single-valued one given twice."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    if id(route) not in _DECLARED:
        _DECLARED[id(route)] = declared(dependant)
    known, lists = _DECLARED[id(route)]
    for name in dict.fromkeys(request.query_params.keys()):
        if name not in known:
            near = get_close_matches(name.lower(), sorted(known), n=1, cutoff=0.5)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            if name in ("limit", "offset") and "." in request.url.path.rsplit("/", 1)[-1]:
                hint = "; a download holds every match (page through /bases or /events instead)"
            raise BadInput(f"unknown parameter {name!r} for {request.url.path}{hint}", parameter=name,
                           allowed=sorted(known), did_you_mean=near)
        if name not in lists and len(request.query_params.getlist(name)) > 1:
            raise BadInput(f"{name} is given more than once; it takes one value", parameter=name)
