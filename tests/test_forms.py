"""Each parameter's documented form (app.web.forms) takes exactly what the server's parser takes."""

from datetime import date, timedelta

import pytest

from app.domain.dates import parse_period
from app.domain.errors import BadInput
from app.web import forms
from app.web.params import ALPHA2, alpha2s, as_of_day, choices, period


@pytest.mark.parametrize("until", [date(2026, 12, 2), date(2026, 12, 31), date(2024, 2, 29), date(2025, 1, 1),
                                   date(2024, 3, 31)])
def test_as_of_form_is_every_day_month_and_year_that_ends_by_today(until: date) -> None:
    form, day = forms.Form(forms.dates(until), "as_of"), date(1898, 1, 1)
    while day < date(2031, 1, 1):
        for text in (day.isoformat(), day.isoformat()[:7], day.isoformat()[:4]):
            assert form.matches(text) == (parse_period(text)[1] <= until and day.year >= forms.FIRST_YEAR), text
        day += timedelta(days=1)


def test_day_form_is_every_real_date_from_the_first_year() -> None:
    for text in ("2024-02-29", "2000-02-29", "9996-02-29", "2026", "2026-07", "9999-12-31"):
        assert forms.DAY.matches(text), text
    for text in ("2023-02-29", "1900-02-29", "2100-02-29", "2026-13", "2026-00", "2026-1-1", "1899",
                 "٢٠٢٠", "2020\n", " 2020", "10000"):
        assert not forms.DAY.matches(text), text
        with pytest.raises(BadInput):
            period(text, "since")


def test_whole_numbers_in_range_in_ascii_digits() -> None:
    page, offset = forms.number(1, 1000), forms.number(0, 10**9)
    for n in range(0, 1300):
        assert page.matches(str(n)) == page.matches(f"00{n}") == (1 <= n <= 1000), n
        assert offset.matches(str(n))
    assert offset.matches("1000000000") and not offset.matches("1000000001")
    assert page.matches("") and not any(page.matches(t) for t in ("+5", " 5", "5_0", "٥", "1e2"))


def test_codes_and_words_in_either_case_in_comma_lists() -> None:
    assert all(forms.COUNTRY.matches(c) and forms.COUNTRY.matches(c.lower()) for c in ALPHA2)
    assert forms.COUNTRY.matches("sy,IQ") and forms.COUNTRY.matches("SY,,IQ") and forms.COUNTRY.matches("")
    for wrong in ("XX", " SY", "SYR", "S"):
        assert not forms.COUNTRY.matches(wrong)
        with pytest.raises(BadInput):
            alpha2s(wrong, "country")
    assert forms.STATUS.matches("Handed_Over,active")
    with pytest.raises(BadInput, match="not written as"):
        choices(" active", "status", ("active",) * 1 + ("unknown",))


def test_as_of_after_today_and_spaces_are_refused_with_the_form_named() -> None:
    with pytest.raises(BadInput, match="ends after today"):
        as_of_day("2999")
    with pytest.raises(BadInput, match="not written as"):
        as_of_day(" 2020-01-01")
