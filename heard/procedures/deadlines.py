"""Due dates from a procedure's rules: pure functions of dates, timescales and a working calendar."""

from datetime import date, timedelta

from heard.calendar.workdays import WorkingCalendar


def ombudsman_response_due(received_on: date, days: int = 28) -> date:
    """The Ombudsman expects a response this many calendar days after its enquiry arrives."""
    return received_on + timedelta(days=days)


def clock_start(
    *,
    opened_on: date,
    acknowledged_on: date | None,
    acknowledgement_days: int | None,
    starts_on_acknowledgement: bool,
    calendar: WorkingCalendar,
) -> date:
    """The day a stage's clock starts.

    Where the rules start it on acknowledgement and none is recorded yet, the clock is taken to
    start on the last day the acknowledgement was due, so that a due date is known from the start.
    """
    if not starts_on_acknowledgement:
        return opened_on
    if acknowledged_on is not None:
        return acknowledged_on
    return calendar.add_working_days(opened_on, acknowledgement_days or 0)
