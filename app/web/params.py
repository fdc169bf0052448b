"""Query parameters shared by the routes: parsed once, strictly, each error naming the parameter and the fix."""

from dataclasses import dataclass
from datetime import date
from difflib import get_close_matches
from functools import lru_cache
from typing import Annotated

from fastapi import Depends, Query, Request

from app.domain.dates import parse_period, today
from app.domain.errors import BadInput
from app.domain.models import EVENT_TYPES, KINDS
from app.domain.timeline import STATUSES
from app.formats.citation import Citation, citation_of
from app.settings import Settings
from app.store import EventFilters, Filters, Store
from app.web import forms
from app.web.bbox import parse_bbox
from app.web.forms import ALPHA2

_ALPHA2_SET = frozenset(ALPHA2)

MAX_Q = 200
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
    if raw is None:
        return ()
    one = _single(raw)
    if one is not None and one in allowed:   # the plainest form: one word, as listed
        return (one,)
    by_lower = _lowered(tuple(allowed))
    out = []
    for value in values_of(raw):
        if value.lower() not in by_lower:
            near = [by_lower[s] for s in suggest(value, list(by_lower))]
            hint = f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
            raise BadInput(f"{name} {value!r} is not one of the allowed values{hint}", parameter=name,
                           allowed=list(allowed), did_you_mean=near)
        out.append(by_lower[value.lower()])
    forms.of_vocabulary(allowed).require(raw, name)
    return tuple(dict.fromkeys(out))


def _single(raw: list[str] | str) -> str | None:
    """The one value given, as given (not split): a plain string, or a list of one."""
    return raw if isinstance(raw, str) else raw[0] if len(raw) == 1 else None


@lru_cache(maxsize=16)
def _lowered(allowed: tuple[str, ...]) -> dict[str, str]:
    return {a.lower(): a for a in allowed}


def choice(value: str | None, name: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    """Check a single-valued parameter against its vocabulary (case-insensitive)."""
    found = choices(value, name, allowed)
    if len(found) > 1:
        raise BadInput(f"{name} takes one value, got {len(found)}", parameter=name, allowed=list(allowed))
    return found[0] if found else None


def alpha2s(raw: list[str] | str | None, name: str) -> tuple[str, ...]:
    """Check ISO 3166-1 alpha-2 codes (case-insensitive); several mean any of them."""
    if raw is None:
        return ()
    one = _single(raw)
    if one in _ALPHA2_SET:   # the plainest form: one code
        return (one,)
    out = []
    for value in values_of(raw):
        code = value.upper()
        if code not in _ALPHA2_SET:
            near = [c.upper() for c in suggest(code, ALPHA2)]
            raise BadInput(f"{name} {value!r} is not an ISO 3166-1 alpha-2 code", parameter=name,
                           allowed="ISO 3166-1 alpha-2, e.g. IQ, SY, US", did_you_mean=near)
        out.append(code)
    forms.COUNTRY.require(raw, name)
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
        found = parse_period(value.strip())
    except ValueError:
        raise BadInput(f"{name} must be a date ({DAY_FORMS}), got {value!r}", parameter=name,
                       allowed=DAY_FORMS) from None
    forms.DAY.require(value, name)
    return found


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
    forms.as_of(now).require(value, name)
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
    forms.number(low, high).require(value, name)
    return number


def flag(value: str | None, name: str) -> bool:
    """Parse a true/false parameter."""
    if value is None or value == "":
        return False
    if value.lower() not in ("true", "false", "1", "0"):
        raise BadInput(f"{name} must be true or false, got {value!r}", parameter=name, allowed=["true", "false"])
    forms.FLAG.require(value, name)
    return value.lower() in ("true", "1")


AsOf = Annotated[str | None, Query(
    description=f"The date to show what was reported by: {DAY_FORMS}; default today. The answer's "
                "`as_of` says which day was used.", examples=["2020-09-01"], json_schema_extra={"x-form": "as_of"})]
IncludeLater = Annotated[str | None, Query(
    description="true: also list the events reported after `as_of`, each marked `later: true`.",
    examples=["true"], json_schema_extra={"x-form": "flag"})]
Many = list[str] | None
Country = Annotated[Many, Query(description="ISO 3166-1 alpha-2 country of the site; several mean any.",
                                examples=[["SY"]], json_schema_extra={"x-form": "country"})]
Status = Annotated[Many, Query(description=f"Status on `as_of`, any of: {', '.join(STATUSES)}.",
                               examples=[["handed_over"]], json_schema_extra={"x-form": "status"})]
Kind = Annotated[Many, Query(description=f"Kind of site, any of: {', '.join(KINDS)}.", examples=[["air_base"]],
                              json_schema_extra={"x-form": "kind"})]
Nation = Annotated[Many, Query(description="ISO alpha-2 of a nation present on `as_of`; several mean any.",
                               examples=[["GB"]], json_schema_extra={"x-form": "country"})]
Bbox = Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat (WGS84).", examples=["38,32,45,37.5"],
                                      json_schema_extra={"x-form": "bbox"})]
Q = Annotated[str | None, Query(description="A name or alias in Arabic or Latin script, normalised like the "
                                "geocoder.", examples=["التاجي"],
                                json_schema_extra={"x-form": "q"})]


async def filters(as_of: AsOf = None, country: Country = None, status: Status = None, kind: Kind = None,
                  nation: Nation = None, bbox: Bbox = None, q: Q = None) -> Filters:
    """Parse the site filters shared by /bases and its downloads."""
    return Filters(as_of=as_of_day(as_of), country=alpha2s(country, "country"),
                   status=choices(status, "status", STATUSES), kind=choices(kind, "kind", KINDS),
                   nation=alpha2s(nation, "nation"), bbox=parse_bbox(bbox), q=text(q, "q"))


FiltersDep = Annotated[Filters, Depends(filters)]


async def event_filters(
    request: Request,
    base: Annotated[Many, Query(description="A site id; several mean any.", examples=[["taji"]],
                                         json_schema_extra={"x-form": "sites"})] = None,
    type: Annotated[Many, Query(description=f"Event type, any of: {', '.join(EVENT_TYPES)}.",
                                examples=[["handover"]], json_schema_extra={"x-form": "type"})] = None,
    nation: Annotated[Many, Query(description="ISO alpha-2 of a nation in the event.", examples=[["GB"]],
                                           json_schema_extra={"x-form": "country"})] = None,
    country: Annotated[Many, Query(description="ISO alpha-2 country of a site it concerns.",
                                   examples=[["IQ"]], json_schema_extra={"x-form": "country"})] = None,
    since: Annotated[str | None, Query(description=f"Events on or after ({DAY_FORMS}; a month or year from "
                                       "its first day).", examples=["2020-01-01"],
                                       json_schema_extra={"x-form": "day"})] = None,
    until: Annotated[str | None, Query(description=f"Events on or before ({DAY_FORMS}).",
                                       examples=["2020-12-31"], json_schema_extra={"x-form": "day"})] = None,
) -> EventFilters:
    """Parse the event filters shared by /events and /events.csv."""
    store: Store = request.app.state.store
    sites = site_ids(base, store)
    start, end = since_until(since, until)
    return EventFilters(choices(type, "type", EVENT_TYPES), alpha2s(nation, "nation"), sites,
                        alpha2s(country, "country"), start, end)


def site_ids(raw: list[str] | str | None, store: Store, name: str = "base") -> tuple[str, ...]:
    """Check site ids (comma lists, repeated, or both) exactly as /bases gives them; unknown ones named."""
    found = tuple(values_of(raw))
    for site_id in found:
        if site_id not in store.by_id:
            raise BadInput(f"{name} {site_id!r} is not a site id", parameter=name, allowed="a site id from /bases",
                           did_you_mean=suggest(site_id, list(store.by_id)))
    for one in [raw] if isinstance(raw, str) else raw or []:
        if any(piece and piece not in store.by_id for piece in one.split(",")):
            raise BadInput(f"{name} {one!r} is not written as this parameter takes it: site ids separated by "
                           "commas, with no spaces", parameter=name, allowed="site ids from /bases")
    return found


EventFiltersDep = Annotated[EventFilters, Depends(event_filters)]


@dataclass(frozen=True)
class Page:
    """limit and offset, checked against the configured maximum."""

    limit: int
    offset: int


async def page(request: Request,
               limit: Annotated[str | None, Query(
                   description="Page size (1 to the server's maximum, 1000 by default).", examples=["100"],
                   json_schema_extra={"x-form": "limit"})] = None,
               offset: Annotated[str | None, Query(description="How many to skip.", examples=["0"],
                                                           json_schema_extra={"x-form": "offset"})] = None) -> Page:
    """Parse limit and offset."""
    return page_of(request.app.state.settings.max_limit, limit, offset)


def page_of(cap: int, limit: str | None, offset: str | None) -> Page:
    """limit (1 to `cap`, 100 by default) and offset, checked."""
    return Page(_int(limit, "limit", 1, cap, default=min(100, cap)), _int(offset, "offset", 0, 10**9, default=0))


PageDep = Annotated[Page, Depends(page)]
