"""The deadline engine: every due date of the complaints procedures, worked out in one place.

Pure functions over a procedure's rules (the version in force on the day the complaint was received,
as plain values), the facts of a case and the council's working calendar. The services, the
importer, the generator and the sweep call these; nothing else works a due date out.

- ``acknowledgement_due``: when a complaint must be acknowledged.
- ``stage_deadlines``: everything a stage falls due by: the day its clock starts (the day the stage
  opened, or its acknowledgement where the rules say so, taken as the last permitted acknowledgement
  day while none is recorded), the response, the furthest it may be extended to, the due date in
  force after any extension, the window to ask for the next stage, and a review panel's report and
  the council's response.
- ``ombudsman_response_due``: when the council must answer an Ombudsman enquiry.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from heard.calendar.workdays import WorkingCalendar
from heard.procedures.models import ClockStart

OMBUDSMAN_RESPONSE_DAYS = 28  # calendar days, unless the Ombudsman sets a date


@dataclass(frozen=True)
class StageRules:
    stage: int
    response_days: int
    extension_limit_days: int
    clock_starts: str = ClockStart.OPENED
    acknowledgement_days: int | None = None  # stages 2 and 3: to acknowledge the request
    request_window_days: int | None = None  # to ask for the next stage after the response
    panel_report_days: int | None = None
    council_response_days: int | None = None

    @property
    def extendable(self) -> bool:
        return self.extension_limit_days > self.response_days


@dataclass(frozen=True)
class Rules:
    """One version of a procedure, as plain values."""

    procedure: str
    name: str
    effective_from: date
    acknowledgement_days: int
    stages: tuple[StageRules, ...]
    ombudsman_response_days: int = OMBUDSMAN_RESPONSE_DAYS

    def stage(self, number: int) -> StageRules | None:
        return next((rule for rule in self.stages if rule.stage == number), None)


@dataclass(frozen=True)
class RuleBook:
    """Every version of every procedure."""

    versions: tuple[Rules, ...]

    def in_force(self, procedure: str, received_on: date) -> Rules | None:
        """The version that judges a complaint: the latest to take effect on or before the day it
        was received."""
        return max(
            (r for r in self.versions if r.procedure == procedure and r.effective_from <= received_on),
            key=lambda r: r.effective_from,
            default=None,
        )


@dataclass(frozen=True)
class StageDeadlines:
    starts_on: date  # the day the stage's clock starts
    due_on: date  # the response, before any extension
    extension_limit: date  # the furthest the response may be extended to
    due_in_force: date  # the extended date where there is one, else due_on
    acknowledgement_due_on: date  # of the complaint (stage 1) or of the request for the stage
    request_window_ends: date | None = None  # the last day to ask for the next stage, once answered
    panel_report_due_on: date | None = None  # stage 3, once the panel has met
    council_response_due_on: date | None = None  # stage 3, once the panel has reported


def acknowledgement_due(rules: Rules, *, received_on: date, calendar: WorkingCalendar) -> date:
    return calendar.add_working_days(received_on, rules.acknowledgement_days)


def stage_deadlines(
    rules: Rules,
    stage: StageRules,
    *,
    received_on: date,
    opened_on: date,
    acknowledged_on: date | None,
    calendar: WorkingCalendar,
    extended_to: date | None = None,
    closed_on: date | None = None,
    panel_on: date | None = None,
    panel_report_on: date | None = None,
) -> StageDeadlines:
    """The due dates of one stage of a complaint.

    ``received_on`` is the day the complaint was received, ``opened_on`` the day the stage opened
    (stage 1: usually the same day; stages 2 and 3: the day the complainant asked for it), and
    ``acknowledged_on`` the acknowledgement the clock may start from: the complaint's at stage 1,
    the request's at stages 2 and 3.
    """
    if stage.stage == 1:
        acknowledgement_due_on = acknowledgement_due(rules, received_on=received_on, calendar=calendar)
    else:
        acknowledgement_due_on = calendar.add_working_days(opened_on, stage.acknowledgement_days or 0)
    if stage.clock_starts == ClockStart.ACKNOWLEDGED:
        starts_on = acknowledged_on or acknowledgement_due_on
    else:
        starts_on = opened_on
    due_on = calendar.add_working_days(starts_on, stage.response_days)

    def after(day: date | None, days: int | None) -> date | None:
        return calendar.add_working_days(day, days) if day is not None and days is not None else None

    return StageDeadlines(
        starts_on=starts_on,
        due_on=due_on,
        extension_limit=calendar.add_working_days(starts_on, stage.extension_limit_days),
        due_in_force=extended_to or due_on,
        acknowledgement_due_on=acknowledgement_due_on,
        request_window_ends=after(closed_on, stage.request_window_days),
        panel_report_due_on=after(panel_on, stage.panel_report_days),
        council_response_due_on=after(panel_report_on, stage.council_response_days),
    )


def ombudsman_response_due(rules: Rules | None, *, received_on: date) -> date:
    """The Ombudsman expects an answer this many calendar days after its enquiry arrives (28 unless
    the rules say otherwise, for feedback that follows no procedure too)."""
    days = rules.ombudsman_response_days if rules is not None else OMBUDSMAN_RESPONSE_DAYS
    return received_on + timedelta(days=days)
