"""The working-day clock, against fixed dates a complaints officer would check on a calendar and
against properties that must hold for any date from 2018 to 2028."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heard.calendar.workdays import WorkingCalendar, bank_holidays, bank_holidays_from_package

CALENDAR = WorkingCalendar.of()
dates = st.dates(min_value=date(2018, 1, 1), max_value=date(2028, 12, 31))


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2018, 3, 30), "Good Friday 2018"),
        (date(2018, 4, 2), "Easter Monday 2018"),
        (date(2020, 5, 8), "VE Day, moved from the first Monday in May"),
        (date(2020, 12, 28), "Boxing Day 2020 substitute (Boxing Day a Saturday)"),
        (date(2021, 12, 27), "Christmas 2021 substitute"),
        (date(2021, 12, 28), "Boxing Day 2021 substitute"),
        (date(2022, 1, 3), "New Year 2022 substitute"),
        (date(2022, 6, 2), "Spring bank holiday 2022, moved for the Platinum Jubilee"),
        (date(2022, 6, 3), "Platinum Jubilee bank holiday"),
        (date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        (date(2022, 12, 27), "Christmas 2022 substitute"),
        (date(2023, 1, 2), "New Year 2023 substitute"),
        (date(2023, 5, 8), "Coronation of King Charles III"),
        (date(2026, 12, 28), "Boxing Day 2026 substitute"),
        (date(2027, 3, 26), "Good Friday 2027"),
        (date(2027, 12, 27), "Christmas 2027 substitute"),
        (date(2027, 12, 28), "Boxing Day 2027 substitute"),
        (date(2028, 4, 17), "Easter Monday 2028"),
    ],
)
def test_bank_holidays_in_england_and_wales_are_not_working_days(day, name):
    assert day.weekday() < 5, name
    assert not CALENDAR.is_working_day(day), name


def test_scottish_and_northern_irish_holidays_are_working_days():
    assert CALENDAR.is_working_day(date(2024, 1, 2))  # 2 January: Scotland only
    assert CALENDAR.is_working_day(date(2024, 3, 18))  # St Patrick's Day substitute: NI only
    assert CALENDAR.is_working_day(date(2024, 8, 5))  # Scottish summer holiday


def test_ten_working_days_over_easter():
    # Received Thursday 28 March 2024, before Good Friday and Easter Monday.
    assert CALENDAR.add_working_days(date(2024, 3, 28), 10) == date(2024, 4, 15)


def test_ten_working_days_over_christmas_and_new_year():
    # Received Friday 20 December 2024: 25, 26 December and 1 January are bank holidays.
    assert CALENDAR.add_working_days(date(2024, 12, 20), 10) == date(2025, 1, 8)


def test_council_closure_days_are_not_working_days():
    closed = WorkingCalendar.of([date(2024, 12, 27), date(2024, 12, 30), date(2024, 12, 31)])
    assert not closed.is_working_day(date(2024, 12, 30))
    assert closed.add_working_days(date(2024, 12, 20), 10) == date(2025, 1, 13)
    assert CALENDAR.is_working_day(date(2024, 12, 30))


def test_three_working_days_from_a_friday_skip_the_weekend():
    assert CALENDAR.add_working_days(date(2025, 6, 6), 3) == date(2025, 6, 11)


def test_n_working_days_after_counts_strictly_after_the_start():
    # Received on a Saturday: the first working day after it is Monday.
    assert CALENDAR.add_working_days(date(2025, 6, 7), 1) == date(2025, 6, 9)
    assert CALENDAR.add_working_days(date(2025, 6, 9), 0) == date(2025, 6, 9)


def test_working_days_to_close_excludes_the_opening_day_and_includes_the_closing_day():
    assert CALENDAR.working_days_between(date(2025, 6, 2), date(2025, 6, 2)) == 0
    assert CALENDAR.working_days_between(date(2025, 6, 2), date(2025, 6, 3)) == 1
    assert CALENDAR.working_days_between(date(2025, 6, 2), date(2025, 6, 16)) == 10
    # Opened on a Saturday, closed the Monday after: only the Monday counts.
    assert CALENDAR.working_days_between(date(2025, 6, 7), date(2025, 6, 9)) == 1


def test_working_days_between_is_negative_when_the_end_is_first():
    assert CALENDAR.working_days_between(date(2025, 6, 16), date(2025, 6, 2)) == -10


def test_negative_working_days_are_refused():
    with pytest.raises(ValueError):
        CALENDAR.add_working_days(date(2025, 6, 2), -1)


def test_the_kept_list_of_bank_holidays_is_the_holidays_packages():
    # After upgrading the package: python -c "from heard.calendar.workdays import write_bank_holidays as w; w()"
    assert bank_holidays() == bank_holidays_from_package()
    assert date(2022, 9, 19) in bank_holidays()  # the State Funeral of Queen Elizabeth II
    assert date(2023, 5, 8) in bank_holidays()  # the Coronation of King Charles III


def test_bank_holidays_cover_2018_to_2028():
    for year in range(2018, 2029):
        assert sum(1 for d in bank_holidays() if d.year == year) >= 8, year


@given(start=dates, n=st.integers(min_value=1, max_value=80))
def test_adding_n_working_days_lands_on_a_working_day_n_working_days_later(start, n):
    end = CALENDAR.add_working_days(start, n)
    assert end > start
    assert CALENDAR.is_working_day(end)
    assert CALENDAR.working_days_between(start, end) == n
    assert CALENDAR.working_days_between(start, end - timedelta(days=1)) == n - 1


@given(a=dates, b=dates, c=dates)
def test_working_days_between_adds_up(a, b, c):
    assert CALENDAR.working_days_between(a, c) == CALENDAR.working_days_between(
        a, b
    ) + CALENDAR.working_days_between(b, c)


@given(start=dates, days=st.integers(min_value=0, max_value=400))
def test_fast_count_agrees_with_counting_day_by_day(start, days):
    end = start + timedelta(days=days)
    by_hand = sum(1 for k in range(1, days + 1) if CALENDAR.is_working_day(start + timedelta(k)))
    assert CALENDAR.working_days_between(start, end) == by_hand


@given(day=dates)
def test_weekends_are_never_working_days(day):
    assert CALENDAR.is_working_day(day) == (day.weekday() < 5 and day not in bank_holidays())


@given(start=dates, n=st.integers(min_value=0, max_value=40))
def test_a_closure_day_never_brings_a_due_date_forward(start, n):
    closure = CALENDAR.add_working_days(start, 1)
    with_closure = WorkingCalendar.of([closure])
    assert with_closure.add_working_days(start, n) >= CALENDAR.add_working_days(start, n)


@given(
    a=st.dates(min_value=date(1985, 1, 1), max_value=date(2065, 12, 31)),
    b=st.dates(min_value=date(1985, 1, 1), max_value=date(2065, 12, 31)),
)
def test_working_days_between_two_days_are_the_difference_of_their_ordinals(a, b):
    # Also outside the years the calendar indexes (1990 to 2060), where it counts day by day.
    assert CALENDAR.ordinal(b) - CALENDAR.ordinal(a) == CALENDAR.working_days_between(a, b)


def test_a_days_ordinal_counts_its_own_working_day_and_not_the_weekend_after():
    friday, saturday, monday = date(2025, 6, 6), date(2025, 6, 7), date(2025, 6, 9)
    assert CALENDAR.ordinal(friday) == CALENDAR.ordinal(saturday)
    assert CALENDAR.ordinal(monday) == CALENDAR.ordinal(friday) + 1
