from functools import lru_cache

from heard.calendar.models import ClosureDay
from heard.calendar.workdays import WorkingCalendar
from heard.core.kept import Kept


@lru_cache(maxsize=8)
def _calendar_with(closure_days: frozenset) -> WorkingCalendar:
    return WorkingCalendar.of(closure_days)


def council_calendar() -> WorkingCalendar:
    """The council's working calendar: weekends, bank holidays and its closure days.

    The same calendar object is returned while the closure days stay the same, so that its index of
    working days is built once per process, not on every page. The closure days are kept in the
    process for a minute (`heard.core.kept`); a closure day added or removed in the admin gives a
    new calendar at once in the process that saved it.
    """
    return _calendar_with(_closure_days.get())


def closure_days_changed() -> None:
    """Forget this process's copy of the closure days, after one is added, changed or removed."""
    _closure_days.drop()


def _closure_days_read() -> frozenset:
    return frozenset(ClosureDay.objects.values_list("date", flat=True))


_closure_days = Kept(_closure_days_read)
