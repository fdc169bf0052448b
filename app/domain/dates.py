"""ISO 8601 dates that may be partial: "2020", "2020-07" or "2020-07-16"."""

import calendar
import re
import time
from datetime import date, timedelta
from functools import lru_cache

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@lru_cache(maxsize=1 << 16)
def parse_period(text: str) -> tuple[date, date]:
    """Return the first and last day a partial date may stand for; ValueError if malformed."""
    m = _PARTIAL.match(text)
    if not m:
        raise ValueError(f"{text!r} is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(m[1]), m[2], m[3]
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    mon = int(month)
    if not 1 <= mon <= 12:
        raise ValueError(f"{text!r} has no month {mon}")
    if day is None:
        return date(year, mon, 1), date(year, mon, calendar.monthrange(year, mon)[1])
    try:
        d = date(year, mon, int(day))
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date: {exc}") from None
    return d, d


def today() -> date:
    """Return today's date (UTC), cheaply: validation asks for it once per date field."""
    return _day(int(time.time()) // 86400)


@lru_cache(maxsize=4)
def _day(days: int) -> date:
    return _EPOCH + timedelta(days=days)


_EPOCH = date(1970, 1, 1)


def known_by(text: str) -> date:
    """Return the day by which a partial date has certainly happened (its last day)."""
    return parse_period(text)[1]


def parse_day(text: str) -> date:
    """Parse a full YYYY-MM-DD date; ValueError naming the text if it is not one."""
    first, last = parse_period(text)
    if first != last:
        raise ValueError(f"{text!r} is not a full date (YYYY-MM-DD)")
    return first


PRECISIONS = ("day", "month", "year")


@lru_cache(maxsize=1 << 16)
def _bounds(text: str) -> tuple[str, str, str]:
    first, last = parse_period(text)
    return PRECISIONS[2 - text.count("-")], first.isoformat(), last.isoformat()


def typed_date(name: str, text: str | None) -> dict[str, str | None]:
    """Return a date field typed for typed clients: `name` (the ISO text, maybe partial), `name_precision`
    (day, month or year), `name_start` and `name_end` (the first and last full day it may stand for).

    A missing date gives None in all four; a malformed one is a ValueError (the build refuses those).
    """
    return dict(_typed(name, text))


@lru_cache(maxsize=1 << 16)
def _typed(name: str, text: str | None) -> tuple[tuple[str, str | None], ...]:
    precision, start, end = _bounds(text) if text else (None, None, None)
    return (name, text), (f"{name}_precision", precision), (f"{name}_start", start), (f"{name}_end", end)
