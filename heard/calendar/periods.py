"""Reporting years: a council's year runs from 1 April to 31 March."""

from datetime import date


def reporting_year_period(year: int) -> tuple[date, date]:
    """Reporting year Y runs from 1 April Y to 31 March Y+1, both ends included."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def reporting_year_of(day: date) -> int:
    """The reporting year a date falls in: 1 April 2021 to 31 March 2022 is 2021."""
    return day.year if day.month >= 4 else day.year - 1
