"""Working-day arithmetic: pure functions over a set of non-working days.

A working day is any day other than a Saturday, a Sunday, or a day in the
calendar's set of non-working days (bank holidays in England and Wales, with
substitute days, and the council's closure days).
"""

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

FIRST_YEAR = 1990
LAST_YEAR = 2060
_EPOCH = date(FIRST_YEAR, 1, 1)
# The bank holidays of FIRST_YEAR to LAST_YEAR as the `holidays` package gives them, one ISO date a
# line. Reading this list takes a millisecond; asking the package takes 0.3 s in every process (it
# loads all of its 250 countries), which was a quarter of `heard report --format json`. A test
# checks that the list and the package agree; `write_bank_holidays()` writes it afresh.
BANK_HOLIDAYS_FILE = Path(__file__).parent / "assets" / "bank_holidays_england_and_wales.txt"


@lru_cache(maxsize=1)
def bank_holidays() -> frozenset[date]:
    """Bank holidays in England and Wales, substitute days included (from BANK_HOLIDAYS_FILE)."""
    return frozenset(date.fromisoformat(line) for line in BANK_HOLIDAYS_FILE.read_text().split())


def bank_holidays_from_package() -> frozenset[date]:
    """The same days from the `holidays` package's offline data (no network)."""
    import holidays

    england = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    return frozenset(england.keys())


def write_bank_holidays() -> None:
    """Write BANK_HOLIDAYS_FILE from the `holidays` package (after upgrading it)."""
    days = sorted(bank_holidays_from_package())
    BANK_HOLIDAYS_FILE.write_text("".join(f"{day.isoformat()}\n" for day in days))


@dataclass(frozen=True)
class WorkingCalendar:
    non_working: frozenset[date] = frozenset()
    _cumulative: list[int] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def of(cls, extra_non_working: Iterable[date] = (), *, with_bank_holidays: bool = True):
        days = set(extra_non_working)
        if with_bank_holidays:
            days |= bank_holidays()
        return cls(frozenset(days))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.non_working

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day strictly after `start` (start itself when n is 0)."""
        if n < 0:
            raise ValueError("n must not be negative")
        if start >= _EPOCH and start.year < LAST_YEAR:
            # The day whose cumulative count first reaches start's count plus n.
            cumulative = self._index()
            offset = (start - _EPOCH).days
            found = bisect_left(cumulative, cumulative[offset] + n, lo=offset)
            if found < len(cumulative):
                return _EPOCH + timedelta(days=found)
        day = start
        remaining = n
        while remaining:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days d there are with start < d <= end; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        if start >= _EPOCH and end.year <= LAST_YEAR:
            cumulative = self._index()
            return cumulative[(end - _EPOCH).days] - cumulative[(start - _EPOCH).days]
        return sum(1 for k in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(k)))

    def ordinal(self, day: date) -> int:
        """The working days d with epoch < d <= day (negative before the epoch), so that
        ``working_days_between(a, b) == ordinal(b) - ordinal(a)`` for any two days: a report can
        look each distinct date up once and subtract, instead of counting each pair."""
        return self.working_days_between(_EPOCH, day)

    def _index(self) -> list[int]:
        """Cumulative count of working days from the epoch, built once, so that counting is O(1)."""
        if not self._cumulative:
            total = 0
            day = _EPOCH
            last = date(LAST_YEAR, 12, 31)
            while day <= last:
                if self.is_working_day(day):
                    total += 1
                self._cumulative.append(total)
                day += timedelta(days=1)
        return self._cumulative
