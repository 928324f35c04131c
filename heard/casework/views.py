"""A case's papers: downloading its documents, adding documents, recording contacts and producing
the Ombudsman bundle. The actions go through the workflow table like every other action on a case."""

import datetime

from django.http import FileResponse, Http404
from django.utils import timezone
from django.views import View

from heard.audit.models import AccessAction
from heard.audit.services import access_record
from heard.cases.views import CaseActionView
from heard.casework import forms, selectors, services


class DocumentDownloadView(View):
    """A document, to those who may see its case (anyone else: not found, as if it did not exist);
    every download is in the case's access log and never kept in a cache."""

    def get(self, request, pk: int):
        if not request.user.is_authenticated:
            raise Http404("Not found")
        document = selectors.document_for(request.user, pk)
        if document is None:
            raise Http404("Not found")
        try:
            handle = document.file.open("rb")
        except FileNotFoundError:
            raise Http404("Not found") from None
        access_record(
            user=request.user,
            action=AccessAction.EXPORTED,
            case=document.case,
            what=f"Downloaded the document {document.original_name}",
            request=request,
        )
        response = FileResponse(
            handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class DocumentAddView(CaseActionView):
    action = "document_add"
    title = "Add a document"
    submit_label = "Add the document"
    form_class = forms.DocumentAddForm
    field_map = {"file": "file", "kind": "kind"}

    def perform(self, data):
        document = services.document_add(
            case=self.case,
            upload=data["file"],
            kind=data["kind"],
            description=data["description"],
            from_whom=data["from_whom"],
            actor=self.request.user,
        )
        return f"{document.original_name} added to {self.case.reference}"


class ContactRecordView(CaseActionView):
    action = "contact_record"
    title = "Record a contact"
    submit_label = "Record the contact"
    form_class = forms.ContactRecordForm
    field_map = {"happened_at": "happened_on", "with_whom": "with_whom", "summary": "summary", "file": "file"}

    def perform(self, data):
        at = timezone.make_aware(
            datetime.datetime.combine(data["happened_on"], data["time"] or datetime.time(9))
        )
        if data["time"] is None and data["happened_on"] == timezone.localdate():
            at = min(at, timezone.now())
        contact = services.contact_record(
            case=self.case,
            happened_at=at,
            channel=data["channel"],
            direction=data["direction"],
            with_whom=data["with_whom"],
            summary=data["summary"],
            upload=data["file"],
            actor=self.request.user,
        )
        return f"{contact.get_channel_display()} with {contact.with_whom} recorded on {self.case.reference}"


class BundleProduceView(CaseActionView):
    action = "bundle_produce"
    title = "Produce the Ombudsman bundle"
    submit_label = "Produce the bundle"
    form_class = forms.BundleForm
    intro = (
        "The bundle is one PDF with a numbered index: the case's timeline, its contact log and every "
        "document on the case, each page stamped with the case reference and page number; and a zip "
        "of the original files. Mark the third parties whose names must be removed from the timeline "
        "and the contact log. Text inside the documents themselves is not redacted: check them first."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "people": list(self.case.people.order_by("id"))}

    def perform(self, data):
        chosen = {int(pk) for pk in data.get("people", [])}
        people = [p for p in self.case.people.all() if p.pk in chosen]
        form_names = [line.strip() for line in data.get("other_names", "").splitlines() if line.strip()]
        produced = services.bundle_produce(
            case=self.case,
            redactions=services.Redactions(
                names=[p.name for p in people] + form_names,
                dates_of_birth=[p.date_of_birth for p in people if p.date_of_birth],
            ),
            actor=self.request.user,
        )
        access_record(
            user=self.request.user,
            action=AccessAction.EXPORTED,
            case=self.case,
            what=f"Produced the Ombudsman bundle ({produced.pages} pages)",
            request=self.request,
        )
        return f"Ombudsman bundle produced for {self.case.reference}: {produced.pages} pages"
