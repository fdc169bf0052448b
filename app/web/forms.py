"""How each query parameter is written: one regular expression that the server checks and the OpenAPI shows.

A client generating requests from the OpenAPI (schemathesis, a typed SDK) then sends only what the
server takes, and the server refuses whatever the document rules out: the two cannot drift apart.
Patterns keep to what Python's `re` and ECMA-262 read alike (no `\\d`, `\\s` or `\\w`; `[0-9]`, and no
spaces around values). The parsers in app.web.params give the friendly errors; `Form.require` is the
last word on the spelling.
"""

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import pycountry

from app.domain.errors import BadInput
from app.domain.models import EVENT_TYPES, KINDS
from app.domain.timeline import STATUSES
from app.domain.words import LANGS
from app.pages.table import EVENT_SORTS, SITE_SORTS, sorts

#: The first year a date parameter takes (nothing in the atlas is older than 2014).
FIRST_YEAR = 1900
_LEAP = r"19(?:0[48]|[2468][048]|[13579][26])|[2-9][0-9](?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[3579][26])00"
_ANY_YEAR = "(?:19[0-9]{2}|[2-9][0-9]{3})"
_DAYS = {31: "0[1-9]|[12][0-9]|3[01]", 30: "0[1-9]|[12][0-9]|30", 28: "0[1-9]|1[0-9]|2[0-8]"}
_LENGTH = {m: calendar.monthrange(2001, m)[1] for m in range(1, 13)}   # a common year (29 February apart)


@dataclass(frozen=True)
class Form:
    """A parameter's written form: `pattern` (a full match; None: any text) and `says`, the same in words."""

    pattern: str | None
    says: str
    search: bool = False   # the pattern need only be found in the value (not match all of it)
    min_length: int = 0
    max_length: int | None = None
    _compiled: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", re.compile(self.pattern, re.ASCII) if self.pattern else None)

    def schema(self) -> dict[str, Any]:
        """The JSON Schema of one value (a string)."""
        out: dict[str, Any] = {"type": "string"}
        if self.pattern:
            out["pattern"] = self.pattern if self.search else f"^(?:{self.pattern})$"
        if self.min_length:
            out["minLength"] = self.min_length
        if self.max_length is not None:
            out["maxLength"] = self.max_length
        return out

    def many(self) -> dict[str, Any]:
        """The JSON Schema of a parameter that may be repeated (each value in this form)."""
        return {"type": "array", "items": self.schema()}

    def matches(self, value: str) -> bool:
        if not self.min_length <= len(value) <= (self.max_length or len(value)):
            return False
        if self._compiled is None:
            return True
        return bool(self._compiled.search(value) if self.search else self._compiled.fullmatch(value))

    def require(self, value: str | list[str] | tuple[str, ...] | None, name: str) -> None:
        """BadInput naming the parameter unless every value given is in this form."""
        for one in [value] if isinstance(value, str) else value or []:
            if not self.matches(one):
                raise BadInput(f"{name} {one!r} is not written as this parameter takes it: {self.says}",
                               parameter=name, allowed=self.says)


def _escape(word: str) -> str:
    """A word as a regular expression, escaping only what both readings take as syntax."""
    return "".join(f"\\{c}" if c in ".^$*+?()[]{}|\\/" else c for c in word)


def _fold(word: str) -> str:
    """A word in either case: "sy" -> "[sS][yY]"."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.lower() != c.upper() else _escape(c) for c in word)


def words(vocabulary: tuple[str, ...] | list[str], fold: bool = True) -> str:
    """Any one word of a vocabulary (in either case with `fold`)."""
    return "(?:" + "|".join(_fold(w) if fold else _escape(w) for w in sorted(vocabulary, key=len, reverse=True)) + ")"


def codes(vocabulary: list[str]) -> str:
    """Any two-letter code of a vocabulary, in either case, grouped by first letter (shorter than a list)."""
    firsts: dict[str, list[str]] = {}
    for code in vocabulary:
        firsts.setdefault(code[0].upper(), []).append(code[1].upper())
    return "(?:" + "|".join(f"[{a}{a.lower()}][{''.join(b + b.lower() for b in seconds)}]"
                            for a, seconds in sorted(firsts.items())) + ")"


def listed(item: str) -> str:
    """Values of `item` separated by commas (an empty value is skipped: "SY,,IQ" is SY and IQ)."""
    return f"(?:{item})?(?:,(?:{item})?)*"


def optional(pattern: str) -> str:
    """The pattern or nothing (an empty parameter is the same as none)."""
    return f"(?:{pattern})?"


def up_to(number: int, width: int) -> str:
    """Every `width`-digit string (leading zeros allowed) from 0 to `number`."""
    digits = str(number).zfill(width)
    alts = [digits[:i] + f"[0-{int(d) - 1}]" + "[0-9]" * (width - i - 1) for i, d in enumerate(digits) if d != "0"]
    return "(?:" + "|".join([*alts, digits]) + ")"


def whole(low: int, high: int) -> str:
    """A whole number from `low` (0 or 1) to `high`, in ASCII digits, leading zeros allowed."""
    if low not in (0, 1) or high < 1:
        raise ValueError("whole() counts from 0 or 1 to at least 1")
    digits, alts = str(high), []
    if len(digits) > 1:
        alts.append(f"[1-9][0-9]{{0,{len(digits) - 2}}}")
        if digits[0] != "1":
            alts.append(f"[1-{int(digits[0]) - 1}][0-9]{{{len(digits) - 1}}}")
        alts.append(digits[0] + up_to(int(digits[1:]), len(digits) - 1))
    else:
        alts.append(f"[1-{digits}]")
    positive = "0*(?:" + "|".join(alts) + ")"
    return positive if low == 1 else f"0+|{positive}"


def _month_days(month: int, upto_day: int | None = None) -> str:
    days = _DAYS[_LENGTH[month]] if upto_day is None else _days_upto(month, upto_day)
    return f"{month:02d}-(?:{days})"


def _days_upto(month: int, day: int) -> str:
    day = min(day, _LENGTH[month])
    return "|".join(f"{d:02d}" for d in range(1, day + 1))


def _years(last: int) -> str:
    """Every year from FIRST_YEAR to `last` (four digits)."""
    return f"(?:19[0-9]{{2}}|2{up_to(last - 2000, 3)})" if last >= 2000 else f"19{up_to(last - 1900, 2)}"


def dates(until: date | None = None) -> str:
    """A day, a month or a year from FIRST_YEAR: YYYY-MM-DD, YYYY-MM or YYYY; with `until`, none after it."""
    any_day = _any_day()
    if until is None:
        return f"{_ANY_YEAR}(?:-(?:0[1-9]|1[0-2])|-(?:{any_day}))?|(?:{_LEAP})-02-29"
    y, m, d = until.year, until.month, until.day
    leap_before = "|".join(str(year) for year in range(FIRST_YEAR, y) if calendar.isleap(year))
    # a month or a year stands for its last day: this month and this year only once they are over
    month_over = d == calendar.monthrange(y, m)[1]
    months_now = "|".join(f"{mm:02d}" for mm in range(1, m + month_over))
    days_now = "|".join([*(_month_days(mm) for mm in range(1, m)), _month_days(m, d)])
    if calendar.isleap(y) and (m, d) >= (2, 29):
        days_now += "|02-29"
    this_year = [f"{y}-(?:{months_now})"] if months_now else []
    return "|".join([f"{_years(y - 1)}(?:-(?:0[1-9]|1[0-2])|-(?:{any_day}))?", f"(?:{leap_before})-02-29",
                     *this_year, f"{y}-(?:{days_now})", *([str(y)] if (m, d) == (12, 31) else [])])


def days() -> str:
    """A day from FIRST_YEAR on: YYYY-MM-DD only."""
    return f"{_ANY_YEAR}-(?:{_any_day()})|(?:{_LEAP})-02-29"


def _any_day() -> str:
    """Any month and day of a common year: MM-DD."""
    return "|".join(_month_days(m) for m in range(1, 13))


_NUMBER = r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_FLAGS = ("true", "false", "1", "0")
ALPHA2 = sorted(c.alpha_2 for c in pycountry.countries)
LANG = Form(optional(words(LANGS)), "en or ar")
COUNTRY = Form(listed(codes(ALPHA2)), "ISO 3166-1 alpha-2 codes (e.g. SY or IQ,SY)")
STATUS = Form(listed(words(STATUSES)), f"any of {', '.join(STATUSES)}, separated by commas")
KIND = Form(listed(words(KINDS)), f"any of {', '.join(KINDS)}, separated by commas")
EVENT_TYPE = Form(listed(words(EVENT_TYPES)), f"any of {', '.join(EVENT_TYPES)}, separated by commas")
FLAG = Form(optional(words(_FLAGS)), "true or false")
DAY = Form(optional(dates()), f"YYYY-MM-DD, YYYY-MM or YYYY, from {FIRST_YEAR}")
ONE_DAY = Form(optional(days()), f"YYYY-MM-DD, from {FIRST_YEAR}")
BBOX = Form(optional(f"{_NUMBER}(?:,{_NUMBER}){{3}}(?:,{_NUMBER},{_NUMBER})?"),
            "4 (or 6) numbers separated by commas, digits only: minlon,minlat,maxlon,maxlat")
TEXT = Form(None, "at most 200 characters", max_length=200)
#: Not only spaces: a character Python's str.strip() keeps (spelled out: `\\s` differs between readings).
NOT_BLANK = "[^\t-\r\x1c- \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
NAME = Form(NOT_BLANK, "a name of at most 200 characters, not only spaces", search=True, max_length=200)
SITE_SORT = Form(optional(words(sorts(SITE_SORTS))), f"one of {', '.join(SITE_SORTS)}, or one of them after -")
EVENT_SORT = Form(optional(words(sorts(EVENT_SORTS))), f"one of {', '.join(EVENT_SORTS)}, or one of them after -")


@lru_cache(maxsize=4)
def as_of(until: date) -> Form:
    """The as_of parameter: a date from FIRST_YEAR to `until` (today), a month or a year once it is over."""
    return Form(optional(dates(until)), f"YYYY-MM-DD, YYYY-MM or YYYY, from {FIRST_YEAR} to {until.isoformat()} "
                                        "(a month or a year stands for its last day)")


def sites(ids: list[str]) -> Form:
    """Site ids, exactly as /bases gives them, separated by commas (for the document; see app.web.params)."""
    return Form(listed(words(ids, fold=False)), "site ids from /bases, separated by commas")


@lru_cache(maxsize=8)
def number(low: int, high: int) -> Form:
    """A whole number from `low` (0 or 1) to `high`, or nothing."""
    return Form(optional(whole(low, high)), f"a whole number from {low} to {high} (digits only)")


def of_vocabulary(allowed: tuple[str, ...] | list[str]) -> Form:
    """The form of a parameter taking words of this vocabulary."""
    return _VOCABULARIES.get(tuple(allowed)) or _listed(tuple(allowed))


@lru_cache(maxsize=8)
def _listed(allowed: tuple[str, ...]) -> Form:
    return Form(listed(words(allowed)), f"any of {', '.join(allowed)}, separated by commas")


_VOCABULARIES = {STATUSES: STATUS, KINDS: KIND, EVENT_TYPES: EVENT_TYPE, sorts(SITE_SORTS): SITE_SORT,
                 sorts(EVENT_SORTS): EVENT_SORT}
