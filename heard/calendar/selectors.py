from functools import lru_cache

from heard.calendar.models import ClosureDay
from heard.calendar.workdays import WorkingCalendar


@lru_cache(maxsize=8)
def _calendar_with(closure_days: frozenset) -> WorkingCalendar:
    return WorkingCalendar.of(closure_days)


def council_calendar() -> WorkingCalendar:
    """The council's working calendar: weekends, bank holidays and its closure days.

    The same calendar object is returned while the closure days stay the same, so that its index of
    working days is built once per process, not on every page; a closure day added or removed in
    the admin gives a new one at once.
    """
    return _calendar_with(frozenset(ClosureDay.objects.values_list("date", flat=True)))
