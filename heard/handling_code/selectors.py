"""Reads for the Complaint Handling Code report: the Code, a year's edition and assessments, and the
service improvements completed from complaints in the year."""

from dataclasses import dataclass
from datetime import date

from heard.calendar.periods import reporting_year_period
from heard.cases.models import Learning, LearningKind
from heard.handling_code.models import Assessment, CodeEdition, CodeSection
from heard.reporting.redaction import propose_for_case


def code_sections() -> list[CodeSection]:
    return list(CodeSection.objects.prefetch_related("requirements"))


def code_edition_for(year: int) -> CodeEdition | None:
    return CodeEdition.objects.filter(year=year).first()


def assessments_by_requirement(edition: CodeEdition | None) -> dict[int, Assessment]:
    if edition is None or edition.pk is None:
        return {}
    return {a.requirement_id: a for a in edition.assessments.all()}


@dataclass(frozen=True)
class Improvement:
    """An action agreed from a complaint and completed: its category and what was done."""

    category: str
    done: str
    completed_on: date


def improvements_completed(year: int) -> list[Improvement]:
    """Actions from complaints completed in the reporting year, oldest first. What was done (or, where
    nothing was written when it was marked done, the action agreed) passes through the proposed
    redactions (names, contact details, dates of birth), since it is printed without an officer
    approving each one; it names no case."""
    start, end = reporting_year_period(year)
    actions = (
        Learning.objects.filter(kind=LearningKind.ACTION, completed_on__gte=start, completed_on__lte=end)
        .select_related("case__customer")
        .prefetch_related("case__people", "case__investigations")
        .order_by("completed_on", "id")
    )
    return [
        Improvement(
            category=action.category,
            done=propose_for_case(action.done_note or action.detail, case=action.case).text,
            completed_on=action.completed_on,
        )
        for action in actions
        if action.completed_on is not None
    ]
