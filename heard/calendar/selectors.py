from heard.calendar.models import ClosureDay
from heard.calendar.workdays import WorkingCalendar


def council_calendar() -> WorkingCalendar:
    """The council's working calendar: weekends, bank holidays and its closure days."""
    return WorkingCalendar.of(ClosureDay.objects.values_list("date", flat=True))
