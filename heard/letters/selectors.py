"""Reads for letters: the settings, the templates and checklist in force, the values a case gives
its merge fields, and the letters a stage can be closed with."""

import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from heard.cases import selectors as cases
from heard.cases.models import Case, Investigation, PersonRole
from heard.core.formats import long_date
from heard.letters.merge import OMBUDSMAN_DETAILS
from heard.letters.models import (
    ANSWERS_STAGE,
    ChecklistPoint,
    Letter,
    LetterSettings,
    LetterStatus,
    LetterTemplate,
)


def letter_settings() -> LetterSettings:
    found, _ = LetterSettings.objects.get_or_create(pk=1)
    return found


def quality_check_on() -> bool:
    return letter_settings().quality_check


def letter_templates() -> dict[str, LetterTemplate]:
    return {template.kind: template for template in LetterTemplate.objects.all()}


def checklist() -> list[ChecklistPoint]:
    return list(ChecklistPoint.objects.filter(active=True))


def letters_of(case: Case) -> list[Letter]:
    return list(
        Letter.objects.filter(case=case)
        .select_related("investigation", "drafted_by", "approved_by", "answers")
        .order_by("-created_at", "-id")
    )


def letters_answering(investigation: Investigation) -> QuerySet[Letter]:
    """The letters a stage can be closed with: the approved (or sent) response letters of that
    stage that answer no other."""
    kinds = [kind for kind, stage in ANSWERS_STAGE.items() if stage == investigation.stage]
    return Letter.objects.filter(
        investigation=investigation,
        kind__in=kinds,
        status__in=[LetterStatus.APPROVED, LetterStatus.SENT],
        answers__isnull=True,
    ).order_by("-created_at", "-id")


def _address(case: Case) -> str:
    return case.customer.address.strip() if case.customer else ""


def _escalation_rights(case: Case, stage: int, window_days: int | None) -> str:
    """What the complainant can do after this stage: ask for the next, or go to the Ombudsman."""
    rules = cases.case_rules(case)
    team = settings.COUNCIL_TEAM_NAME
    contact = f"telephone {settings.COUNCIL_PHONE} or email {settings.COUNCIL_EMAIL}"
    if stage and rules.stage(stage + 1) is not None:
        within = f" within {window_days} working days of receiving this letter" if window_days else ""
        return (
            f"If you are not happy with this response, you can ask for your complaint to go to stage "
            f"{stage + 1}. Please tell the {team}{within}: {contact}. Say what you are still unhappy about "
            "and what you would like us to do."
        )
    return (
        "This is the council's final response to your complaint. If you are still not happy, you can ask "
        "the Local Government and Social Care Ombudsman to look at it. The Ombudsman is free and "
        f"independent.\n\n{OMBUDSMAN_DETAILS}"
    )


def merge_values(
    case: Case, investigation: Investigation | None = None, *, today: datetime.date | None = None
) -> dict[str, str]:
    """The value of every merge field (`merge.FIELDS`) for a case and the stage a letter is about."""
    today = today or timezone.localdate()
    customer = case.customer
    name = customer.name.strip() if customer and customer.name else ""
    child = next((p.name for p in case.people.all() if p.role == PersonRole.CHILD), "")
    values = {
        "reference": case.reference,
        "letter_date": long_date(today),
        "complainant_name": name,
        "complainant_address": _address(case),
        "dear": f"Dear {name}" if name else "Dear Sir or Madam",
        "child_name": child or "your child",
        "received_date": long_date(case.received_on),
        "summary": case.summary,
        "stage": "",
        "stage_opened_date": "",
        "response_days": "",
        "response_due_date": "",
        "extension_limit_days": "",
        "extension_reason": "",
        "investigator": "",
        "findings": "",
        "outcome": "",
        "escalation_rights": "",
        "ombudsman_details": OMBUDSMAN_DETAILS,
        "team_name": settings.COUNCIL_TEAM_NAME,
        "team_phone": settings.COUNCIL_PHONE,
        "team_email": settings.COUNCIL_EMAIL,
        "council_name": settings.COUNCIL_NAME,
    }
    if not case.procedure:
        return values
    if investigation is not None:
        clock = cases.stage_clock(investigation)
        values |= {
            "stage": f"stage {investigation.stage}",
            "stage_opened_date": long_date(investigation.opened_on),
            "response_days": str(clock.rule.response_days),
            "response_due_date": long_date(investigation.current_due_on),
            "extension_limit_days": str(clock.rule.extension_limit_days),
            "extension_reason": investigation.extension_reason or "[Why the response needs more time]",
            "investigator": investigation.investigator.display_name
            if investigation.investigator
            else investigation.investigator_name,
            "findings": investigation.findings or "[What the investigation found on each point]",
            "outcome": investigation.get_outcome_display().lower()
            if investigation.outcome
            else "[upheld, partially upheld or not upheld]",
            "escalation_rights": _escalation_rights(
                case, investigation.stage, clock.rule.request_window_days
            ),
        }
    else:
        rule = cases.case_rules(case).stage(1)
        if rule is not None:
            values |= {
                "stage": "stage 1",
                "response_days": str(rule.response_days),
                "extension_limit_days": str(rule.extension_limit_days),
                "escalation_rights": _escalation_rights(case, 1, rule.request_window_days),
            }
    return values
