"""Subject access: everything Heard holds about one person, as one zip with an index.

For a complainant (a customer): each of their cases with the people named on it, its
investigations, Ombudsman enquiries, learning and timeline; the files they sent; the messages sent
about their cases to them; and the access log of their cases (who looked at or changed them, and
when). `index.html` reads as a document; `data.json` holds the same for a machine; files are under
`files/` and messages under `messages/`.
"""

import io
import json
import zipfile
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import get_valid_filename

from heard.audit.models import AccessAction, CaseAccess
from heard.audit.services import access_record
from heard.cases.models import Case, Customer
from heard.casework.models import Document
from heard.notifications.models import Message


@dataclass
class Export:
    filename: str
    content: bytes
    cases: int
    files: int
    messages: int


def _row(obj, fields: list[str]) -> dict:
    out = {}
    for name in fields:
        value = getattr(obj, name)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif value is not None and not isinstance(value, str | int | bool | float):
            value = str(value)
        out[name] = value
    return out


CASE_FIELDS = [
    "reference", "kind", "received_on", "channel", "service_area", "team", "summary", "details", "happened_on",
    "desired_outcome", "relationship", "on_behalf_of_child", "consent", "advocate_requested", "made_by_child",
    "looked_after_child", "procedure", "acknowledged_on", "status", "closed_on", "closure_reason", "closure_note",
    "disposed_on",
]  # fmt: skip
INVESTIGATION_FIELDS = [
    "stage", "number", "team", "investigator_name", "opened_on", "due_on", "extended_to", "extension_reason",
    "closed_on", "outcome", "findings", "panel_on", "panel_recommendations", "council_response",
]  # fmt: skip
REFERRAL_FIELDS = [
    "ombudsman_reference",
    "received_on",
    "response_sent_on",
    "decision",
    "decided_on",
    "remedy",
]
LEARNING_FIELDS = ["kind", "category", "detail", "completed_on", "done_note"]
PERSON_FIELDS = ["name", "role", "date_of_birth", "notes"]


def subject_access_export(*, customer: Customer, user, request=None) -> Export:
    """Build the export and record it in the access log of each of the person's cases."""
    cases = list(
        Case.objects.filter(customer=customer)
        .select_related("service_area", "team")
        .prefetch_related("people", "investigations__team", "ombudsman_referrals", "learning", "events")
        .order_by("received_on", "reference")
    )
    attachments = list(
        Document.objects.filter(case__in=cases).select_related("case").order_by("case", "added_at", "id")
    )
    addresses = {a for a in (customer.email, customer.phone) if a}
    messages = list(
        Message.objects.filter(case__in=cases, to__in=addresses).select_related("case").order_by("created_at")
    )
    log = list(CaseAccess.objects.filter(case__in=cases).order_by("at"))
    now = timezone.now()
    files: list[dict] = []
    sent: list[dict] = []
    data = {
        "exported_at": now.isoformat(),
        "person": _row(customer, ["customer_ref", "name", "email", "phone", "address"]),
        "cases": [
            {
                **_row(case, CASE_FIELDS),
                "people": [_row(p, PERSON_FIELDS) for p in case.people.all()],
                "investigations": [_row(i, INVESTIGATION_FIELDS) for i in case.investigations.all()],
                "ombudsman_enquiries": [_row(r, REFERRAL_FIELDS) for r in case.ombudsman_referrals.all()],
                "learning": [_row(item, LEARNING_FIELDS) for item in case.learning.all()],
                "timeline": [
                    {"at": e.at.isoformat(), "what": e.get_kind_display(), "description": e.description}
                    for e in case.events.all()
                ],
            }
            for case in cases
        ],
        "files": files,
        "messages": sent,
        "access_log": [
            {
                "at": e.at.isoformat(),
                "case": e.case_reference,
                "who": e.user_name,
                "action": e.get_action_display(),
                "what": e.what,
            }
            for e in log
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for n, attachment in enumerate(attachments, start=1):
            path = f"files/{attachment.case.reference}/{n}-{get_valid_filename(attachment.original_name)}"
            try:
                with attachment.file.open("rb") as handle:
                    archive.writestr(path, handle.read())
            except FileNotFoundError:
                path = ""
            files.append(
                {
                    "case": attachment.case.reference,
                    "name": attachment.original_name,
                    "type": attachment.get_kind_display(),
                    "path": path or "(file missing)",
                }
            )
        for n, message in enumerate(messages, start=1):
            reference = message.case.reference if message.case else ""
            path = f"messages/{reference}-{n}.txt"
            archive.writestr(
                path,
                f"To: {message.to}\nSubject: {message.subject}\nSent: {message.sent_at or 'not sent'}\n\n{message.body}",
            )
            sent.append({"case": reference, "subject": message.subject, "path": path})
        archive.writestr("data.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr(
            "index.html", render_to_string("retention/subject_access_index.html", {"data": data})
        )

    for case in cases:
        access_record(
            user=user,
            action=AccessAction.EXPORTED,
            what=f"Subject access export for customer {customer.customer_ref}",
            case=case,
            request=request,
        )
    stamp = now.astimezone(timezone.get_current_timezone()).strftime("%Y-%m-%d")
    return Export(
        filename=f"subject-access-{get_valid_filename(customer.customer_ref)}-{stamp}.zip",
        content=buffer.getvalue(),
        cases=len(cases),
        files=len(attachments),
        messages=len(messages),
    )
