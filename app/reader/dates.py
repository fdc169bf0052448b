"""Dates in a sentence, explicit or relative to the publication day, with the precision actually known.

Spans are found here (month names of both Arabic series, Arabic-Indic digits, "23أغسطس" glued), then
read by dateparser, offline: fixed languages, no language detection, no network.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from dateparser.date import DateDataParser

from app.reader.text import fold_mapped

#: The Levantine (Syriac) month names, and a spelling seen in print, as the Gregorian series dateparser knows.
_LEVANT = {"كانون الثاني": "يناير", "شباط": "فبراير", "اذار": "مارس", "نيسان": "ابريل", "ايار": "مايو",
           "حزيران": "يونيو", "تموز": "يوليو", "اب": "اغسطس", "ايلول": "سبتمبر", "تشرين الاول": "اكتوبر",
           "تشرين الثاني": "نوفمبر", "كانون الاول": "ديسمبر", "فبرير": "فبراير", "اغسطوس": "اغسطس"}
_AR_MONTHS = ["يناير", "فبراير", "مارس", "ابريل", "مايو", "ماي", "يونيو", "يونيه", "يوليو", "يوليه", "اغسطس",
              "سبتمبر", "اكتوبر", "نوفمبر", "ديسمبر", *_LEVANT]
_EN_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
              "dec"]
_MONTH = "|".join(sorted({re.escape(m) for m in [*_AR_MONTHS, *_EN_MONTHS]}, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"
_DAYS_AR = "الاثنين|الثلاثاء|الاربعاء|الخميس|الجمعه|السبت|الاحد"
_DAYS_EN = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WEEKDAYS = dict(zip(_DAYS_AR.split("|"), _DAYS_EN.split("|"), strict=True))
_EXPLICIT = (rf"(?<!\d)\d{{1,2}}\s*(?:{_MONTH})(?:\s*,?\s*{_YEAR})?(?!\w)"
             rf"|(?<!\w)(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\d)"
             rf"|(?<!\w)(?:{_MONTH})\s*,?\s*{_YEAR}(?!\d)"
             rf"|(?<!\d)\d{{4}}-\d\d-\d\d(?!\d)"
             rf"|(?<!\w)(?:(?<=في )|(?<=عام )|(?<=سنه )|(?<=in )|(?<=since )){_YEAR}(?!\d)")
_RELATIVE = (rf"(?<!\w)(?:اول )?(?:امس|البارحه)(?!\w)|(?<!\w)(?:يوم )?(?:{_DAYS_AR})(?: الماضي)?(?!\w)"
             r"|(?<!\w)(?:الاسبوع|الشهر|العام) الماضي(?!\w)|(?<!\w)(?:قبل|منذ) (?:يومين|اسبوع|\d+ ايام)(?!\w)"
             r"|(?<!\w)(?<!روسيا )اليوم(?!\w)|(?<!\w)(?:هذا الشهر|الشهر الجاري)(?!\w)"
             r"|\b(?:today|tonight|this (?:morning|afternoon|evening|month))\b"
             rf"|\b(?:the day before )?yesterday\b|\b(?:on |last )?(?:{_DAYS_EN})\b|\blast (?:week|month|year)\b"
             r"|\b(?:\d+|two|three|four|five|six) (?:days|weeks) ago\b|\bearlier this (?:week|month)\b")
_SPANS = re.compile(rf"(?P<explicit>{_EXPLICIT})|(?P<relative>{_RELATIVE})", re.I)
_RELATIVE_ONLY = re.compile(rf"(?P<relative>{_RELATIVE})", re.I)
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class FoundDate:
    """A date in the text: where, the partial ISO date it names, its precision and the days it may be."""

    start: int
    end: int
    text: str
    iso: str | None              # "2020-08-23", "2020-08", "2020"; None when relative with no publication day
    precision: str               # day | week | month | year
    first: date | None
    last: date | None
    relative: bool


def find_dates(text: str, offset: int, published: date | None) -> list[FoundDate]:
    """Return the dates of a sentence (offsets shifted by `offset`), read against the publication day."""
    folded, at = fold_mapped(text)
    out = []
    spans = _SPANS if _DIGIT.search(folded) else _RELATIVE_ONLY   # every explicit date has a digit
    for m in spans.finditer(folded):
        relative = m.lastgroup == "relative"
        read = _read(_prepare(m.group()), published if relative else published or date.today(), relative)
        if read is None:
            continue
        iso, precision, first, last = read
        start, end = at[m.start()], at[m.end() - 1] + 1
        out.append(FoundDate(start + offset, end + offset, text[start:end], iso, precision, first, last, relative))
    return out


def _prepare(span: str) -> str:
    span = re.sub(r"(\d)(?=[^\W\d])", r"\1 ", span)   # 23أغسطس -> 23 أغسطس
    for levant, gregorian in _LEVANT.items():
        span = re.sub(rf"(?<!\w){levant}(?!\w)", gregorian, span)
    span = re.sub(r"^(?:يوم|on) ", "", span).replace("البارحه", "امس")
    span = {"tonight": "today", "this morning": "today", "this afternoon": "today", "this evening": "today",
            "الشهر الجاري": "هذا الشهر"}.get(span, span)
    if re.search(rf"(?:{_DAYS_AR}) الماضي$", span):   # dateparser reads "last thursday", not its Arabic
        return "last " + _WEEKDAYS[span.removesuffix(" الماضي")]
    return span


def _read(span: str, base: date | None, relative: bool) -> tuple[str | None, str, date | None, date | None] | None:
    if base is None:
        return None, "unknown", None, None
    return _parse(span, base)


@lru_cache(maxsize=4096)
def _parse(span: str, base: date) -> tuple[str | None, str, date | None, date | None] | None:
    data = _parser(base).get_date_data(span)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    if (base - day).days == 7 and re.fullmatch(rf"(?:{_DAYS_AR}|{_DAYS_EN})", span, re.I):
        day = base   # "on Thursday" in a report of a Thursday is that day
    return _period(day, data.period or "day")


def _period(day: date, period: str) -> tuple[str, str, date, date]:
    if period == "year":
        return f"{day.year}", "year", date(day.year, 1, 1), date(day.year, 12, 31)
    if period == "month":
        nxt = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return f"{day:%Y-%m}", "month", day.replace(day=1), nxt - timedelta(days=1)
    if period == "week":
        first = day - timedelta(days=day.weekday())
        last = first + timedelta(days=6)
        iso = f"{first:%Y-%m}" if (first.year, first.month) == (last.year, last.month) else f"{first.year}"
        return (iso if first.year == last.year else f"{day.year}"), "week", first, last
    return day.isoformat(), "day", day, day


@lru_cache(maxsize=64)
def _parser(base: date) -> DateDataParser:
    """A parser for Arabic and English with the publication day as base; it never looks anything up online."""
    settings = {"RELATIVE_BASE": datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False, "TIMEZONE": "UTC", "PREFER_DAY_OF_MONTH": "first"}
    return DateDataParser(languages=["ar", "en"], settings=settings)
