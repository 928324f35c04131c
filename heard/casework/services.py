"""Every change to a case's papers: documents added by staff or sent with feedback, contacts
recorded, and the Ombudsman bundle produced. Each one appends to the case's timeline."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename

from heard.cases import guards
from heard.cases.models import Case, CaseEvent, EventKind
from heard.casework.models import ContactChannel, ContactDirection, ContactRecord, Document, DocumentKind
from heard.core.errors import RuleBroken
from heard.intake import uploads
from heard.reporting.redaction import propose

FROM_THE_PUBLIC = "The person who gave the feedback"


def _disposed(case: Case) -> str:
    if case.disposed_on:
        return "The case's personal data has been disposed of: nothing more can be kept on it."
    return ""


def document_add_refusal(case: Case) -> str:
    return _disposed(case)


def contact_record_refusal(case: Case) -> str:
    return _disposed(case)


def bundle_produce_refusal(case: Case) -> str:
    if case.disposed_on:
        return _disposed(case)
    if not case.ombudsman_referrals.exists():
        return "There is no Ombudsman enquiry on this case: record the enquiry first."
    return ""


def documents_from_feedback(*, case: Case, files: list[dict]) -> list[Document]:
    """The files the public sent with their feedback (already checked and stored by the form)."""
    now = timezone.now()
    from_whom = (case.customer.name if case.customer_id and case.customer else "") or FROM_THE_PUBLIC
    return Document.objects.bulk_create(
        Document(
            case=case,
            kind=DocumentKind.SENT_WITH_FEEDBACK,
            file=file["stored"],
            original_name=file["name"],
            content_type=file["content_type"],
            size=file["size"],
            from_whom=from_whom,
            added_at=now,
        )
        for file in files
    )


def _store(upload, *, field: str) -> tuple[str, dict]:
    try:
        checked = uploads.check(upload)
    except uploads.UploadRefused as refused:
        raise RuleBroken(refused.message, field=field) from None
    return checked.content_type, uploads.store(upload, checked)


@transaction.atomic
def document_add(
    *, case: Case, upload, kind: str, description: str, from_whom: str, actor, event: bool = True
) -> Document:
    """Keep a file on the case, after the same checks as the public form's."""
    guards.require(document_add_refusal(case))
    if kind not in DocumentKind.values or kind == DocumentKind.OMBUDSMAN_BUNDLE:
        raise RuleBroken("Choose the type of document.", field="kind")
    content_type, stored = _store(upload, field="file")
    document = Document.objects.create(
        case=case,
        kind=kind,
        file=stored["stored"],
        original_name=stored["name"],
        content_type=content_type,
        size=stored["size"],
        description=description.strip(),
        from_whom=from_whom.strip(),
        added_at=timezone.now(),
        added_by=actor,
    )
    if event:
        CaseEvent.objects.create(
            case=case,
            actor=actor,
            kind=EventKind.DOCUMENT_ADDED,
            description=f"{document.get_kind_display()}: {document.original_name}"
            + (f" – {document.description}" if document.description else ""),
        )
    return document


# A file kept with a contact is filed as the kind of paper it is.
CONTACT_DOCUMENT_KIND: dict[tuple[str, str], str] = {
    (ContactChannel.LETTER, ContactDirection.IN): DocumentKind.LETTER_RECEIVED,
    (ContactChannel.EMAIL, ContactDirection.IN): DocumentKind.LETTER_RECEIVED,
    (ContactChannel.LETTER, ContactDirection.OUT): DocumentKind.LETTER_SENT,
    (ContactChannel.MEETING, ContactDirection.IN): DocumentKind.MEETING_NOTES,
    (ContactChannel.MEETING, ContactDirection.OUT): DocumentKind.MEETING_NOTES,
}


@transaction.atomic
def contact_record(
    *,
    case: Case,
    happened_at: datetime,
    channel: str,
    direction: str,
    with_whom: str,
    summary: str,
    upload=None,
    actor,
) -> ContactRecord:
    """A call, email, meeting or letter, with the file that came with it if there is one."""
    guards.require(contact_record_refusal(case))
    if happened_at > timezone.now():
        raise RuleBroken("The date of the contact must be today or in the past.", field="happened_at")
    if not with_whom.strip():
        raise RuleBroken("Say who the contact was with.", field="with_whom")
    if not summary.strip():
        raise RuleBroken("Say what was said or agreed.", field="summary")
    document = None
    if upload is not None:
        document = document_add(
            case=case,
            upload=upload,
            kind=CONTACT_DOCUMENT_KIND.get((channel, direction), DocumentKind.OTHER),
            description=f"With the {ContactChannel(channel).label.lower()} of {happened_at:%d/%m/%Y}",
            from_whom=with_whom if direction == ContactDirection.IN else "",
            actor=actor,
            event=False,
        )
    contact = ContactRecord.objects.create(
        case=case,
        happened_at=happened_at,
        channel=channel,
        direction=direction,
        with_whom=with_whom.strip(),
        summary=summary.strip(),
        document=document,
        recorded_by=actor,
    )
    CaseEvent.objects.create(
        case=case,
        actor=actor,
        kind=EventKind.CONTACT_RECORDED,
        description=f"{contact.get_channel_display()} {'from' if direction == ContactDirection.IN else 'to'} "
        f"{contact.with_whom} on {timezone.localtime(happened_at):%-d %B %Y}"
        + (f", with the document {document.original_name}" if document else ""),
    )
    return contact


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Redactions:
    """What the officer marked for removal from the bundle's text: third parties' names (and their
    dates of birth, when Heard knows them)."""

    names: list[str]
    dates_of_birth: list

    def apply(self, text: str) -> str:
        return propose(text, names=self.names, dates_of_birth=self.dates_of_birth).text


@dataclass(frozen=True)
class Produced:
    pdf: Document
    zip: Document
    pages: int


@transaction.atomic
def bundle_produce(*, case: Case, redactions: Redactions, actor) -> Produced:
    """Collate the case's documents, contact log and timeline into one paginated, bookmarked PDF with
    an index, and a zip of the originals; keep both on the case."""
    guards.require(bundle_produce_refusal(case))
    documents = list(
        case.documents.exclude(kind=DocumentKind.OMBUDSMAN_BUNDLE)
        .select_related("added_by")
        .order_by("added_at", "id")
    )
    contacts = list(case.contacts.select_related("recorded_by").order_by("happened_at", "id"))
    events = list(case.events.select_related("actor").order_by("at", "id"))
    from heard.casework import bundle  # loads pikepdf and WeasyPrint: only when a bundle is made

    made = bundle.build(
        case=case, documents=documents, contacts=contacts, events=events, redact=redactions.apply
    )
    stamp = timezone.localdate().isoformat()
    base = get_valid_filename(f"{case.reference}-ombudsman-bundle-{stamp}")
    now = timezone.now()
    kept = []
    for content, extension, content_type, description in [
        (
            made.pdf,
            "pdf",
            "application/pdf",
            f"The bundle: {_count(made.pages, 'page')}, {_count(len(documents), 'document')}",
        ),
        (made.zip, "zip", "application/zip", "The original files, named by their number in the index"),
    ]:
        stored = default_storage.save(f"documents/{secrets.token_hex(16)}.{extension}", ContentFile(content))
        kept.append(
            Document.objects.create(
                case=case,
                kind=DocumentKind.OMBUDSMAN_BUNDLE,
                file=stored,
                original_name=f"{base}.{extension}",
                content_type=content_type,
                size=len(content),
                description=description,
                from_whom="",
                added_at=now,
                added_by=actor,
            )
        )
    CaseEvent.objects.create(
        case=case,
        actor=actor,
        kind=EventKind.BUNDLE_PRODUCED,
        description=f"Ombudsman bundle produced: {_count(made.pages, 'page')}, "
        f"{_count(len(documents), 'document')}, {_count(len(contacts), 'contact')}"
        + (f"; {_count(len(redactions.names), 'name')} marked for redaction" if redactions.names else ""),
    )
    return Produced(pdf=kept[0], zip=kept[1], pages=made.pages)
