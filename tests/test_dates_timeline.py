"""Partial dates and the status derived from events."""

from datetime import date

import pytest

from app.domain.dates import parse_day, parse_period, typed_date
from app.domain.timeline import last_reported, status_at


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2020", date(2020, 1, 1), date(2020, 12, 31)),
    ("2020-02", date(2020, 2, 1), date(2020, 2, 29)),
    ("2021-02", date(2021, 2, 1), date(2021, 2, 28)),
    ("2020-08-23", date(2020, 8, 23), date(2020, 8, 23)),
])
def test_parse_period(text: str, first: date, last: date) -> None:
    assert parse_period(text) == (first, last)


@pytest.mark.parametrize("text", ["", "20", "2020-13", "2020-02-30", "2020/08/23", "23-08-2020",
                                  "2020-8-3", "yesterday", "2020-08-23T10:00"])
def test_parse_period_rejects(text: str) -> None:
    with pytest.raises(ValueError, match=r"date|month"):
        parse_period(text)


@pytest.mark.parametrize(("text", "precision", "start", "end"), [
    ("2026", "year", "2026-01-01", "2026-12-31"),
    ("2026-03", "month", "2026-03-01", "2026-03-31"),
    ("2024-02", "month", "2024-02-01", "2024-02-29"),   # a leap year's February
    ("2023-02", "month", "2023-02-01", "2023-02-28"),
    ("2020-08-23", "day", "2020-08-23", "2020-08-23"),
    (None, None, None, None),                            # a missing date: null in all four
])
def test_typed_date(text: str | None, precision: str | None, start: str | None, end: str | None) -> None:
    assert typed_date("last_reported", text) == {"last_reported": text, "last_reported_precision": precision,
                                                 "last_reported_start": start, "last_reported_end": end}


@pytest.mark.parametrize("text", ["2026-13", "2026-02-30", "26-03"])
def test_typed_date_refuses_a_malformed_date(text: str) -> None:
    with pytest.raises(ValueError, match=text):
        typed_date("date", text)


def test_parse_day_needs_a_full_date() -> None:
    assert parse_day("2020-08-23") == date(2020, 8, 23)
    with pytest.raises(ValueError, match="full date"):
        parse_day("2020-08")


def ev(day: str, kind: str, outlet: str = "X") -> dict[str, object]:
    return {"date": day, "type": kind, "source": {"outlet": outlet}}


TAJI = [ev("2020-01-07", "presence_reported"), ev("2020-07-16", "withdrawal_announced"),
        ev("2020-08-23", "handover"), ev("2021-03-01", "attack")]


@pytest.mark.parametrize(("on", "status", "since"), [
    (date(2019, 12, 31), "unknown", None),
    (date(2020, 1, 7), "active", "2020-01-07"),
    (date(2020, 8, 1), "withdrawal_announced", "2020-07-16"),
    (date(2020, 8, 22), "withdrawal_announced", "2020-07-16"),
    (date(2020, 8, 23), "handed_over", "2020-08-23"),
    (date(2022, 1, 1), "handed_over", "2020-08-23"),   # an attack sets no status
    (None, "handed_over", "2020-08-23"),
])
def test_status_at(on: date | None, status: str, since: str | None) -> None:
    assert status_at(TAJI, on) == (status, since)


def test_a_month_counts_once_the_month_is_over() -> None:
    events = [ev("2020-01-07", "presence_reported"), ev("2020-08", "withdrawal")]
    assert status_at(events, date(2020, 8, 15)) == ("active", "2020-01-07")
    assert status_at(events, date(2020, 8, 31)) == ("withdrawn", "2020-08")


def test_order_of_input_does_not_matter() -> None:
    assert status_at(list(reversed(TAJI))) == status_at(TAJI)


def test_last_reported_is_the_newest_event_of_any_type() -> None:
    assert last_reported(TAJI) == "2021-03-01"
    assert last_reported([]) is None
