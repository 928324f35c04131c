"""The deadline engine: properties that hold for every shipped rule set, any date and any closure
days; and an independent check, either side of 1 April 2026, that a complaint logged in Heard and
the same complaint imported with its due dates blank fall due on the days the published rules give.
"""

import datetime
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heard.calendar.workdays import WorkingCalendar
from heard.cases import selectors, services
from heard.cases.models import Case, Investigation, ServiceArea
from heard.interchange import format as fmt
from heard.interchange.tests.helpers import (
    CASE_HEADER,
    INVESTIGATION_HEADER,
    case_line,
    import_set,
    investigation_line,
    lines,
    write_set,
)
from heard.procedures import deadlines
from heard.procedures.models import ClockStart
from heard.procedures.selectors import rule_book

pytestmark = pytest.mark.django_db
property_test = settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])

days = st.dates(min_value=date(2006, 9, 1), max_value=date(2058, 12, 31))
closure_days = st.frozensets(st.dates(min_value=date(2006, 9, 1), max_value=date(2059, 6, 30)), max_size=30)


@pytest.fixture
def book():
    return rule_book()


def every_stage(book):
    return [(rules, stage) for rules in book.versions for stage in rules.stages]


# --- Properties --------------------------------------------------------------------------------


@property_test
@given(received_on=days, closed=closure_days, data=st.data())
def test_every_stage_falls_due_its_timescale_in_working_days_after_its_clock_starts(
    book, received_on, closed, data
):
    calendar = WorkingCalendar.of(closed)
    rules, stage = data.draw(st.sampled_from(every_stage(book)))
    opened_on = received_on + timedelta(days=data.draw(st.integers(0, 60)))
    acknowledged_on = data.draw(st.none() | st.just(opened_on + timedelta(days=data.draw(st.integers(0, 5)))))
    dates = deadlines.stage_deadlines(
        rules,
        stage,
        received_on=received_on,
        opened_on=opened_on,
        acknowledged_on=acknowledged_on,
        calendar=calendar,
    )
    between = calendar.working_days_between
    assert between(dates.starts_on, dates.due_on) == stage.response_days
    assert between(dates.starts_on, dates.extension_limit) == stage.extension_limit_days
    assert calendar.is_working_day(dates.due_on) and calendar.is_working_day(dates.extension_limit)
    assert dates.due_on <= dates.extension_limit
    assert dates.due_in_force == dates.due_on
    if stage.clock_starts == ClockStart.OPENED:
        assert dates.starts_on == opened_on
    elif acknowledged_on is not None:
        assert dates.starts_on == acknowledged_on
    else:
        assert dates.starts_on == dates.acknowledgement_due_on, "the last permitted acknowledgement day"


@property_test
@given(received_on=days, closed=closure_days, data=st.data())
def test_an_acknowledgement_falls_due_its_timescale_in_working_days_after_receipt(
    book, received_on, closed, data
):
    calendar = WorkingCalendar.of(closed)
    rules = data.draw(st.sampled_from(book.versions))
    due = deadlines.acknowledgement_due(rules, received_on=received_on, calendar=calendar)
    assert calendar.working_days_between(received_on, due) == rules.acknowledgement_days
    assert calendar.is_working_day(due)


@property_test
@given(received_on=days, data=st.data())
def test_a_closure_day_inside_a_timescale_moves_the_due_date_one_working_day_later(book, received_on, data):
    rules, stage = data.draw(st.sampled_from(every_stage(book)))
    plain = WorkingCalendar.of()
    before = deadlines.stage_deadlines(
        rules,
        stage,
        received_on=received_on,
        opened_on=received_on,
        acknowledged_on=received_on,
        calendar=plain,
    )
    working_days = [
        before.starts_on + timedelta(days=k)
        for k in range(1, (before.due_on - before.starts_on).days + 1)
        if plain.is_working_day(before.starts_on + timedelta(days=k))
    ]
    closed = data.draw(st.sampled_from(working_days))
    after = deadlines.stage_deadlines(
        rules,
        stage,
        received_on=received_on,
        opened_on=received_on,
        acknowledged_on=received_on,
        calendar=WorkingCalendar.of({closed}),
    )
    assert after.due_on == plain.add_working_days(before.due_on, 1)


@property_test
@given(received_on=days, data=st.data())
def test_an_extension_and_a_later_answer_move_only_what_they_govern(book, received_on, data):
    calendar = WorkingCalendar.of()
    rules, stage = data.draw(st.sampled_from(every_stage(book)))
    extended_to = received_on + timedelta(days=data.draw(st.integers(1, 90)))
    closed_on = received_on + timedelta(days=data.draw(st.integers(1, 90)))
    plain = deadlines.stage_deadlines(
        rules, stage, received_on=received_on, opened_on=received_on, acknowledged_on=None, calendar=calendar
    )
    moved = deadlines.stage_deadlines(
        rules,
        stage,
        received_on=received_on,
        opened_on=received_on,
        acknowledged_on=None,
        calendar=calendar,
        extended_to=extended_to,
        closed_on=closed_on,
    )
    assert (moved.due_on, moved.extension_limit) == (plain.due_on, plain.extension_limit)
    assert moved.due_in_force == extended_to
    if stage.request_window_days is None:
        assert moved.request_window_ends is None
    else:
        assert (
            calendar.working_days_between(closed_on, moved.request_window_ends) == stage.request_window_days
        )


@property_test
@given(received_on=days)
def test_the_version_in_force_is_the_latest_to_take_effect_by_the_day_received(book, received_on):
    for procedure in ("statutory", "corporate"):
        rules = book.in_force(procedure, received_on)
        candidates = [
            r for r in book.versions if r.procedure == procedure and r.effective_from <= received_on
        ]
        assert rules == max(candidates, key=lambda r: r.effective_from)


def test_the_ombudsman_expects_an_answer_28_calendar_days_after_its_enquiry(book):
    rules = book.in_force("statutory", date(2025, 6, 2))
    assert deadlines.ombudsman_response_due(rules, received_on=date(2025, 12, 1)) == date(2025, 12, 29)
    assert deadlines.ombudsman_response_due(None, received_on=date(2025, 12, 1)) == date(2025, 12, 29)


# --- An independent check either side of 1 April 2026 -----------------------------------------
#
# The published rules, written out again as plain numbers, and a calendar stepped through by hand
# with the 2026 bank holidays as GOV.UK lists them: nothing here comes from Heard's rule sets or its
# calendar module.

BANK_HOLIDAYS_2026 = {
    date(2026, 1, 1),  # New Year's Day
    date(2026, 4, 3),  # Good Friday
    date(2026, 4, 6),  # Easter Monday
    date(2026, 5, 4),  # Early May bank holiday
    date(2026, 5, 25),  # Spring bank holiday
    date(2026, 8, 31),  # Summer bank holiday
    date(2026, 12, 25),  # Christmas Day
    date(2026, 12, 28),  # Boxing Day (substitute day)
}


def working_days_after(day: date, n: int) -> date:
    while n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in BANK_HOLIDAYS_2026:
            n -= 1
    return day


def published(procedure: str, received_on: date, acknowledged_on: date | None) -> tuple[date, date, date]:
    """(acknowledgement due, stage 1 response due, furthest extension) under the published rules."""
    if procedure == "statutory":
        # Regulations 2006: stage 1 within 10 working days of receipt, extendable to 20.
        return (
            working_days_after(received_on, 3),
            working_days_after(received_on, 10),
            working_days_after(received_on, 20),
        )
    if received_on < date(2026, 4, 1):
        # The council's corporate policy: 30 working days from receipt, no extension.
        due = working_days_after(received_on, 30)
        return working_days_after(received_on, 3), due, due
    # The Complaint Handling Code: acknowledge within 5 working days; respond within 10 working days
    # of the acknowledgement (the last day it was due while none is recorded), extendable by 10.
    acknowledgement_due = working_days_after(received_on, 5)
    start = acknowledged_on or acknowledgement_due
    return acknowledgement_due, working_days_after(start, 10), working_days_after(start, 20)


RECEIVED = [date(2026, 3, 2) + timedelta(days=k) for k in range(0, 62)]  # 2 March to 2 May 2026


def acknowledged(received_on: date) -> date:
    return working_days_after(received_on, 2)


def test_complaints_logged_in_heard_fall_due_as_the_published_rules_say(officer, time_machine):
    time_machine.move_to(datetime.datetime(2026, 7, 1, 9, 0, tzinfo=datetime.UTC))
    area = ServiceArea.objects.create(name="Children's Social Care")
    customer = services.customer_for(customer_ref="P-1", name="Alex Parent")
    found, expected = [], []
    for procedure in ("statutory", "corporate"):
        for received_on in RECEIVED:
            for acknowledge in (False, True):
                case = services.case_log(
                    kind="complaint",
                    received_on=received_on,
                    service_area=area,
                    customer=customer,
                    procedure=procedure,
                    actor=officer,
                )
                investigation = services.investigation_open(case=case, actor=officer)
                if acknowledge:
                    services.case_acknowledge(case=case, acknowledged_on=acknowledged(received_on))
                    investigation.refresh_from_db()
                    case.refresh_from_db()
                limit = selectors.stage_clock(investigation).dates.extension_limit
                found.append(
                    (
                        procedure,
                        received_on,
                        acknowledge,
                        case.acknowledgement_due_on,
                        investigation.due_on,
                        limit,
                    )
                )
                expected.append(
                    (
                        procedure,
                        received_on,
                        acknowledge,
                        *published(
                            procedure, received_on, acknowledged(received_on) if acknowledge else None
                        ),
                    )
                )
    assert found == expected


def test_complaints_imported_with_their_due_dates_blank_fall_due_as_the_published_rules_say(tmp_path):
    cases, investigations, expected = [], [], {}
    for procedure in ("statutory", "corporate"):
        for received_on in RECEIVED:
            for acknowledge in (False, True):
                reference = f"{procedure[:4].upper()}-{received_on:%m%d}-{int(acknowledge)}"
                acknowledged_on = acknowledged(received_on) if acknowledge else None
                cases.append(
                    case_line(
                        reference,
                        procedure=procedure,
                        received_on=received_on.isoformat(),
                        acknowledged_on=acknowledged_on.isoformat() if acknowledged_on else "",
                    )
                )
                investigations.append(investigation_line(reference, opened_on=received_on.isoformat()))
                acknowledgement_due, due_on, _ = published(procedure, received_on, acknowledged_on)
                expected[reference] = (acknowledgement_due, due_on)
    write_set(
        tmp_path,
        {
            fmt.CASES: lines(CASE_HEADER, *cases),
            fmt.INVESTIGATIONS: lines(INVESTIGATION_HEADER, *investigations),
        },
    )
    import_set(tmp_path)
    imported = {
        reference: (acknowledgement_due, due_on)
        for reference, acknowledgement_due, due_on in Investigation.objects.values_list(
            "case__reference", "case__acknowledgement_due_on", "due_on"
        )
    }
    assert imported == expected
    assert Case.objects.count() == len(expected)
