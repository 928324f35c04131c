"""Reads of a case's papers, for its page."""

from heard.cases.models import Case
from heard.cases.selectors import case_visible_to
from heard.casework.models import Document, DocumentKind


def casework_for_page(case: Case) -> dict:
    """What the case page's "Documents" and "Contacts" sections show."""
    documents = list(case.documents.select_related("added_by").order_by("added_at", "id"))
    contacts = list(case.contacts.select_related("recorded_by", "document").order_by("-happened_at", "-id"))
    return {
        "documents": [d for d in documents if d.kind != DocumentKind.OMBUDSMAN_BUNDLE],
        # The latest bundle first, its PDF before its zip.
        "bundles": sorted(
            (d for d in documents if d.kind == DocumentKind.OMBUDSMAN_BUNDLE),
            key=lambda d: (-d.added_at.timestamp(), d.pk),
        ),
        "contacts": contacts,
    }


def document_for(user, pk: int) -> Document | None:
    """A document, if the user may see its case."""
    return Document.objects.select_related("case").filter(pk=pk, case__in=case_visible_to(user)).first()
