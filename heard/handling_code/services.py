"""Writes for a year's Complaint Handling Code report: its words, the self-assessment, publishing.

A published edition is frozen until returned to draft (`reporting.services.require_draft`, and
`reporting.services.edition_unpublish` returns either kind of edition to draft)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from heard.core.errors import RuleBroken
from heard.handling_code.models import Assessment, CodeEdition, Compliance, Requirement
from heard.reporting.document import join, plural
from heard.reporting.services import mark_published, require_draft


def code_edition_get_or_create(*, year: int) -> CodeEdition:
    edition, _ = CodeEdition.objects.get_or_create(year=year)
    return edition


@transaction.atomic
def code_edition_update(
    *,
    edition: CodeEdition,
    introduction: str,
    improvements: str,
    governing_body_response: str,
    governing_body_response_on: date | None,
) -> CodeEdition:
    require_draft(edition)
    if governing_body_response_on and not governing_body_response.strip():
        raise RuleBroken(
            "Write the governing body's response, or leave the date it was given blank.",
            field="governing_body_response",
        )
    edition.introduction = introduction
    edition.improvements = improvements
    edition.governing_body_response = governing_body_response
    edition.governing_body_response_on = governing_body_response_on
    edition.save()
    return edition


@dataclass(frozen=True)
class Answer:
    """An officer's assessment of one requirement, as written on the page."""

    requirement: Requirement
    compliance: str
    evidence: str = ""
    action: str = ""


@transaction.atomic
def assessments_save(*, edition: CodeEdition, answers: list[Answer]) -> None:
    """Record the assessment of each requirement answered (all or none). Anything short of full
    compliance needs the action the council will take to comply. A refusal's `field` names the
    requirement and the part of the answer, as "5.3-action"."""
    require_draft(edition)
    for answer in answers:
        reference = answer.requirement.reference
        if answer.compliance not in Compliance.values:
            raise RuleBroken(
                f"Choose whether the council complies with {reference}.", field=f"{reference}-compliance"
            )
        if answer.compliance != Compliance.COMPLIES and not answer.action.strip():
            raise RuleBroken(
                f"Say what the council will do to comply with {reference}, and by when.",
                field=f"{reference}-action",
            )
        Assessment.objects.update_or_create(
            edition=edition,
            requirement=answer.requirement,
            defaults={
                "compliance": answer.compliance,
                "evidence": answer.evidence.strip(),
                "action": answer.action.strip(),
            },
        )


SHOWN = 8  # requirements a refusal names before "and N more"


def publishing_missing(edition: CodeEdition) -> list[str]:
    """What the edition still needs before it can be published, in words ([] when nothing)."""
    assessed = edition.assessments.values_list("requirement_id", flat=True) if edition.pk else []
    waiting = list(Requirement.objects.exclude(pk__in=assessed).values_list("reference", flat=True))
    missing = []
    if waiting:
        named = waiting if len(waiting) <= SHOWN else [*waiting[:SHOWN], f"{len(waiting) - SHOWN} more"]
        missing.append(
            f"{plural(len(waiting), 'requirement')} of the Code {'is' if len(waiting) == 1 else 'are'} "
            f"not assessed ({join(named)})"
        )
    if not edition.governing_body_response.strip():
        missing.append("the governing body's response is not recorded")
    if not edition.governing_body_response_on:
        missing.append("the date of the governing body's response is not recorded")
    return missing


@transaction.atomic
def code_edition_publish(*, edition: CodeEdition, actor) -> CodeEdition:
    require_draft(edition)
    missing = publishing_missing(edition)
    if missing:
        raise RuleBroken(f"The {edition.label} report cannot be published yet: {join(missing)}.")
    mark_published(edition, actor=actor)
    return edition
