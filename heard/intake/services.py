"""Submitting the public form: everything in one transaction, then the acknowledgement after commit."""

import logging
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from heard.cases.models import Case, CasePerson, Channel, Consent, Kind, PersonRole, Relationship, ServiceArea
from heard.cases.services import case_log, case_reference_next
from heard.casework.services import documents_from_feedback
from heard.intake.forms import YOUNG, for_a_child
from heard.intake.models import Submission
from heard.notifications.services import send_acknowledgement
from heard.people.services import person_for
from heard.procedures.models import Procedure

logger = logging.getLogger(__name__)

# Complaints about these service areas follow the statutory children's procedure (Children Act 1989
# Representations Procedure (England) Regulations 2006); complaints about the others follow the
# council's corporate procedure. A council changes the list with the INTAKE_STATUTORY_SERVICE_AREAS
# setting.
STATUTORY_SERVICE_AREAS = ["Children's Social Care"]


def procedure_for(*, kind: str, service_area: ServiceArea) -> str:
    if kind != Kind.COMPLAINT:
        return ""
    statutory = getattr(settings, "INTAKE_STATUTORY_SERVICE_AREAS", STATUTORY_SERVICE_AREAS)
    return Procedure.STATUTORY if service_area.name in statutory else Procedure.CORPORATE


def _summary(details: str) -> str:
    first_line = details.strip().splitlines()[0] if details.strip() else ""
    return first_line if len(first_line) <= 120 else first_line[:119].rstrip() + "…"


def submission_case(*, token: str) -> Case | None:
    """The case a submission token already made, if any."""
    case_id = (
        Submission.objects.filter(token=token, case__isnull=False)
        .order_by()
        .values_list("case_id", flat=True)[:1]
    )
    found = list(case_id)
    return Case.objects.select_related("customer").get(pk=found[0]) if found else None


def feedback_submit(*, token: str, audience: str, answers: dict, files: list[dict]) -> Case:
    """Write the feedback from the public form: the submission record, the customer, the case, the
    child it is about, the attachments and the acknowledgement in the outbox, all or none.

    On PostgreSQL, which locks rows, the case's reference is taken first, in a statement of its own,
    so that the year's counter (one row every submission updates) is held for a moment rather than
    for the whole write: a submission that then fails leaves a gap in the numbers, never a
    duplicate. SQLite locks the whole database for each write, so there the reference is taken
    inside the one transaction that writes the case: one wait for the lock instead of two.
    """
    received_on = timezone.localdate()
    reference = "" if connection.vendor == "sqlite" else case_reference_next(year=received_on.year)
    return _feedback_write(
        token=token,
        audience=audience,
        answers=answers,
        files=files,
        received_on=received_on,
        reference=reference,
    )


@transaction.atomic
def _feedback_write(
    *, token: str, audience: str, answers: dict, files: list[dict], received_on: date, reference: str
) -> Case:
    # The token is claimed first: a second submit with the same token fails on the unique token
    # (or waits for the first and then fails), so pressing submit twice makes one case.
    submission = Submission.objects.create(token=token, audience=audience)
    young = audience == YOUNG
    kind = answers["kind"]
    service_area = ServiceArea.objects.get(pk=answers["service_area"])
    name, email, phone, address = (answers.get(key, "") for key in ("name", "email", "phone", "address"))
    customer = (
        person_for(
            name=name, email=email, phone=phone, address=address, how="Feedback through the online form"
        )
        if any((name, email, phone, address))
        else None
    )
    relationship = Relationship.THE_PERSON if young else answers["relationship"]
    on_behalf = not young and for_a_child(answers)
    details = answers.get("details", "")
    case = case_log(
        kind=kind,
        received_on=received_on,
        reference=reference,
        service_area=service_area,
        channel=Channel.WEB,
        summary=_summary(details),
        details=details,
        happened_on=answers.get("happened_on", ""),
        desired_outcome=answers.get("desired_outcome", "") if kind == Kind.COMPLAINT else "",
        customer=customer,
        procedure=procedure_for(kind=kind, service_area=service_area),
        relationship=relationship,
        on_behalf_of_child=on_behalf,
        consent=answers.get("consent", "") if on_behalf else Consent.NOT_REQUIRED,
        advocate_requested=answers.get("advocate") == "yes",
        made_by_child=relationship == Relationship.THE_PERSON,
    )
    if on_behalf:
        born = answers.get("date_of_birth")
        CasePerson.objects.create(
            case=case,
            name=answers["child_name"],
            role=PersonRole.CHILD,
            date_of_birth=date.fromisoformat(born) if born else None,
        )
    elif young and name:
        age = answers.get("age", "")
        CasePerson.objects.create(
            case=case, name=name, role=PersonRole.CHILD, notes=f"Age {age} when they wrote" if age else ""
        )
    documents_from_feedback(case=case, files=files)
    send_acknowledgement(case.pk, email=customer.email if customer else "")
    submission.case = case
    submission.save(update_fields=["case"])
    return case
