"""Query parameters shared by the routes: parsed once, checked, and named in every error."""

from dataclasses import dataclass
from datetime import date
from typing import Annotated

import pycountry
from fastapi import Depends, Query, Request

from app.domain.dates import parse_day
from app.domain.errors import BadInput
from app.domain.models import EVENT_TYPES, KINDS
from app.domain.timeline import STATUSES
from app.settings import Settings
from app.store import Filters, Store

MAX_Q = 200


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


def day(value: str | None, name: str) -> date | None:
    """Parse a YYYY-MM-DD parameter; BadInput naming it otherwise."""
    if value is None or value == "":
        return None
    try:
        return parse_day(value)
    except ValueError:
        raise BadInput(f"{name} must be a date YYYY-MM-DD, got {value!r}", parameter=name,
                       allowed="YYYY-MM-DD") from None


def choice(value: str | None, name: str, allowed: tuple[str, ...] | list[str]) -> str | None:
    """Check a parameter against its vocabulary."""
    if value is None or value == "":
        return None
    if value not in allowed:
        raise BadInput(f"{name} {value!r} is not one of the allowed values", parameter=name,
                       allowed=list(allowed))
    return value


def alpha2(value: str | None, name: str) -> str | None:
    """Check an ISO 3166-1 alpha-2 code (case-insensitive)."""
    if value is None or value == "":
        return None
    code = value.upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise BadInput(f"{name} {value!r} is not an ISO 3166-1 alpha-2 code", parameter=name,
                       allowed="ISO 3166-1 alpha-2, e.g. IQ, SY, US")
    return code


def parse_bbox(value: str | None, name: str = "bbox") -> tuple[float, float, float, float] | None:
    """Parse minlon,minlat,maxlon,maxlat in WGS84, in range and in order."""
    if value is None or value == "":
        return None
    allowed = "minlon,minlat,maxlon,maxlat with -180<=lon<=180, -90<=lat<=90, min<=max"
    parts = value.split(",")
    try:
        nums = [float(p) for p in parts]
    except ValueError:
        raise BadInput(f"{name} must hold four numbers, got {value!r}", parameter=name,
                       allowed=allowed) from None
    if len(nums) != 4 or any(n != n for n in nums):
        raise BadInput(f"{name} must hold four numbers, got {len(nums)}", parameter=name,
                       allowed=allowed)
    minlon, minlat, maxlon, maxlat = nums
    if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180 and -90 <= minlat <= 90
            and -90 <= maxlat <= 90):
        raise BadInput(f"{name} {value!r} is out of range", parameter=name, allowed=allowed)
    if minlon > maxlon or minlat > maxlat:
        raise BadInput(f"{name} {value!r} has a minimum above its maximum", parameter=name,
                       allowed=allowed)
    return minlon, minlat, maxlon, maxlat


def text(value: str | None, name: str) -> str | None:
    """Check a free-text parameter's length."""
    if value is not None and len(value) > MAX_Q:
        raise BadInput(f"{name} is longer than {MAX_Q} characters", parameter=name)
    return value


AsOf = Annotated[str | None, Query(
    description="The date to show statuses on (YYYY-MM-DD); default today.",
    examples=["2020-09-01"])]
Country = Annotated[str | None, Query(
    description="ISO 3166-1 alpha-2 country of the site.", examples=["SY"])]
Status = Annotated[str | None, Query(
    description=f"Status on `as_of`: one of {', '.join(STATUSES)}.", examples=["handed_over"])]
Kind = Annotated[str | None, Query(description=f"Kind of site: one of {', '.join(KINDS)}.",
                                   examples=["air_base"])]
Nation = Annotated[str | None, Query(
    description="ISO alpha-2 of a nation named in any of the site's events.", examples=["GB"])]
Bbox = Annotated[str | None, Query(
    description="minlon,minlat,maxlon,maxlat (WGS84).", examples=["38,32,45,37.5"])]
Q = Annotated[str | None, Query(
    description="A name or alias in Arabic or Latin script, normalised like the geocoder.",
    examples=["التاجي"])]


async def filters(as_of: AsOf = None, country: Country = None, status: Status = None,
            kind: Kind = None, nation: Nation = None, bbox: Bbox = None,
            q: Q = None) -> Filters:
    """Parse the site filters shared by /bases, the downloads and the map."""
    return Filters(as_of=day(as_of, "as_of") or date.today(), country=alpha2(country, "country"),
                   status=choice(status, "status", STATUSES), kind=choice(kind, "kind", KINDS),
                   nation=alpha2(nation, "nation"), bbox=parse_bbox(bbox), q=text(q, "q"))


FiltersDep = Annotated[Filters, Depends(filters)]


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


PageDep = Annotated[Page, Depends(page)]
EVENT_TYPE_LIST = list(EVENT_TYPES)
