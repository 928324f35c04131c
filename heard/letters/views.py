"""Letters on a case (draft, correct, send for quality check, check, send, download), the feedback
team's list of letters to check and send, and the templates the council edits.

Every step on a letter is a workflow action (`heard.cases.workflow`) through CaseActionView: the
case must be visible to the user (404 otherwise) and the step open to them, and each step is in the
access log. Reading a letter or downloading it is in the access log too."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from heard.accounts.access import StaffRequiredMixin
from heard.accounts.models import Role
from heard.audit.models import AccessAction
from heard.audit.services import access_record
from heard.cases import selectors as cases
from heard.cases import workflow
from heard.cases.models import Investigation
from heard.cases.views import CaseActionView
from heard.core.errors import RuleBroken
from heard.core.formats import long_date
from heard.letters import forms, merge, selectors, services
from heard.letters.documents import letter_docx, letter_pdf
from heard.letters.models import (
    ANSWERS_STAGE,
    REQUIRED_FIELDS,
    Letter,
    LetterKind,
    LetterStatus,
    LetterTemplate,
    SentBy,
)

LETTER_ACTIONS = workflow.PART_ACTIONS[Letter]


def _letter_url(letter: Letter) -> str:
    return reverse("letters:detail", args=[letter.case.reference, letter.pk])


class LetterDraftView(CaseActionView):
    action = "letter_draft"
    title = "Draft a letter"
    submit_label = "Draft the letter"
    form_class = forms.LetterDraftForm
    field_map = {"kind": "kind", "investigation": "investigation"}
    intro = (
        "The letter is written from the council's template with the case's details; you can then change it."
    )

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "investigations": Investigation.objects.filter(case=self.case).order_by("stage", "number"),
            "fixed": self.investigation,
        }

    def get_initial(self):
        return {"investigation": self.case.investigations.order_by("-stage", "-number").first()}

    def perform(self, data):
        self.letter = services.letter_draft(
            case=self.case,
            kind=data["kind"],
            investigation=self.investigation or data.get("investigation"),
            actor=self.request.user,
        )
        return f"{self.letter.get_kind_display()} drafted: check and change it before it is sent"

    def get_success_url(self):
        return _letter_url(self.letter)


class InvestigationLetterDraftView(LetterDraftView):
    action = "investigation_letter_draft"
    part_model = Investigation

    def get_initial(self):
        stage = self.part.stage
        kind = next((kind for kind, answers in ANSWERS_STAGE.items() if answers == stage), None)
        return {"kind": kind}


class LetterDetailView(StaffRequiredMixin, TemplateView):
    template_name = "letters/letter_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        case = cases.case_visible_to(user).filter(reference=kwargs["reference"]).first()
        if case is None:
            raise Http404("No such case")
        letter = get_object_or_404(
            Letter.objects.select_related(
                "investigation", "drafted_by", "approved_by", "document", "answers"
            ),
            case=case,
            pk=kwargs["part"],
        )
        letter.case = case
        checks = list(
            letter.checks.select_related("checked_by").prefetch_related("answers").order_by("-checked_at")
        )
        context.update(
            case=case,
            letter=letter,
            checks=checks,
            actions={name for name in LETTER_ACTIONS if workflow.allowed(user, name, letter)},
            quality_check=selectors.quality_check_on(),
            nav_section="cases",
        )
        access_record(
            user=user,
            action=AccessAction.VIEWED,
            what=f"Viewed the letter: {letter.get_kind_display()}",
            case=case,
            request=self.request,
        )
        return context


class LetterPartView(CaseActionView):
    """A step on one letter of the case; back to the letter afterwards."""

    part_model = Letter
    template_name = "letters/letter_action.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"letter": self.part}

    def get_success_url(self):
        return _letter_url(self.part)


class LetterEditView(LetterPartView):
    action = "letter_edit"
    title = "Correct the letter"
    submit_label = "Save the letter"
    form_class = forms.LetterEditForm
    field_map = {"subject": "subject", "body": "body"}

    def get_initial(self):
        return {"subject": self.part.subject, "body": self.part.body}

    def perform(self, data):
        services.letter_edit(
            letter=self.part, subject=data["subject"], body=data["body"], actor=self.request.user
        )
        return "Letter saved"


class LetterSubmitView(LetterPartView):
    action = "letter_submit"
    title = "Send the letter for quality check"
    submit_label = "Send for quality check"
    form_class = forms.LetterSubmitForm
    intro = (
        "The feedback team will check the letter against the checklist and approve it or return it to you."
    )

    def perform(self, data):
        services.letter_submit(letter=self.part, actor=self.request.user)
        return "Letter sent for quality check"


class LetterCheckView(LetterPartView):
    action = "letter_check"
    title = "Check the letter"
    submit_label = "Save the check"
    form_class = forms.LetterCheckForm
    field_map = {"decision": "decision", "comment": "comment"}
    intro = "Mark each point met or not met. Approve the letter only if every point is met."

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"points": selectors.checklist()}

    def form_valid(self, form):
        self.answers = [services.Answer(p, met, comment) for p, met, comment in form.answers()]
        return super().form_valid(form)

    def perform(self, data):
        check = services.letter_check(
            letter=self.part,
            decision=data["decision"],
            answers=self.answers,
            comment=data["comment"],
            actor=self.request.user,
        )
        return "Letter approved" if check.decision == "approved" else "Letter returned to its drafter"


class LetterSendView(LetterPartView):
    action = "letter_send"
    title = "Send the letter"
    submit_label = "Send the letter"
    form_class = forms.LetterSendForm
    field_map = {"sent_by": "sent_by"}
    confirm = True

    def _email(self) -> str:
        return self.case.customer.email.strip() if self.case.customer else ""

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"email": self._email()}

    def confirmation(self, data):
        said = [
            f"The letter is dated {long_date(timezone.localdate())} and its PDF is kept on {self.case.reference}."
        ]
        if data["sent_by"] == SentBy.EMAIL:
            said.append(f"It is emailed to {self._email()} with the PDF attached.")
        else:
            said.append("It is recorded as posted: print the PDF from the letter's page and post it today.")
        said.append("It cannot be changed once sent.")
        return said

    def perform(self, data):
        services.letter_send(letter=self.part, sent_by=data["sent_by"], actor=self.request.user)
        return "Letter emailed" if data["sent_by"] == SentBy.EMAIL else "Letter recorded as posted"


class LetterDownloadView(StaffRequiredMixin, TemplateView):
    """The letter as PDF or Word, for anyone who may see the case: the PDF kept on the case once it
    is sent, otherwise drawn now (dated today)."""

    def get(self, request, *args, **kwargs):
        case = cases.case_visible_to(request.user).filter(reference=kwargs["reference"]).first()
        if case is None:
            raise Http404("No such case")
        letter = get_object_or_404(Letter.objects.select_related("document"), case=case, pk=kwargs["part"])
        letter.case = case
        on = letter.sent_on or timezone.localdate()
        fmt = kwargs["format"]
        if fmt == "pdf":
            content = letter.document.file.read() if letter.document else letter_pdf(letter, on=on)
            content_type = "application/pdf"
        else:
            content = letter_docx(letter, on=on)
            content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        access_record(
            user=request.user,
            action=AccessAction.EXPORTED,
            what=f"Downloaded the letter ({letter.get_kind_display()}) as {fmt.upper()}",
            case=case,
            request=request,
        )
        response = HttpResponse(content, content_type=content_type)
        name = f"{case.reference}-{letter.kind.replace('_', '-')}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# --- The feedback team's pages ----------------------------------------------------------------------


class OfficersOnlyMixin(StaffRequiredMixin):
    """The letters list and templates are the feedback team's: other roles get not found."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.role != Role.COMPLAINTS_OFFICER:
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)


class LetterQueueView(OfficersOnlyMixin, TemplateView):
    """Letters waiting for a quality check (oldest first), approved letters not yet sent, and
    letters returned to their drafters."""

    template_name = "letters/queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        letters = Letter.objects.select_related("case", "investigation", "drafted_by")
        context.update(
            waiting=letters.filter(status=LetterStatus.SUBMITTED).order_by("submitted_at", "id"),
            approved=letters.filter(status=LetterStatus.APPROVED).order_by("approved_at", "id"),
            returned=letters.filter(status=LetterStatus.RETURNED).order_by("updated_at", "id"),
            templates=LetterTemplate.objects.all(),
            quality_check=selectors.quality_check_on(),
            nav_section="letters",
        )
        return context


class LetterTemplateEditView(OfficersOnlyMixin, FormView):
    """The wording of one kind of letter: save it (unknown merge fields are refused, saying which),
    or preview it filled in from a real case."""

    template_name = "letters/template_edit.html"
    form_class = forms.LetterTemplateForm

    def dispatch(self, request, *args, **kwargs):
        if kwargs["kind"] not in LetterKind.values:
            raise Http404("No such letter")
        self.template = LetterTemplate.objects.get_or_create(
            kind=kwargs["kind"], defaults={"subject": LetterKind(kwargs["kind"]).label, "body": "{{ dear }},"}
        )[0]
        self.preview: dict | None = None
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"subject": self.template.subject, "body": self.template.body}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "letter_template": self.template,
            "fields": merge.FIELDS,
            "preview": self.preview,
            "nav_section": "letters",
        }

    def form_valid(self, form):
        data = form.cleaned_data
        if self.request.POST.get("preview"):
            return self._preview(form)
        try:
            with transaction.atomic():
                services.letter_template_save(
                    template=self.template,
                    subject=data["subject"],
                    body=data["body"],
                    actor=self.request.user,
                )
        except RuleBroken as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, f"{self.template.get_kind_display()} template saved")
        return redirect("letters:template", kind=self.template.kind)

    def _preview(self, form):
        data = form.cleaned_data
        required = REQUIRED_FIELDS.get(self.template.kind, ())
        errors = merge.template_errors(subject=data["subject"], body=data["body"], required=required)
        for field, problems in errors.items():
            form.add_error(field, problems[0])
        reference = data["preview_case"].strip()
        if not reference:
            form.add_error("preview_case", "Enter the reference of a case to preview the letter with")
        if form.errors:
            return self.form_invalid(form)
        case = (
            cases.case_visible_to(self.request.user)
            .filter(reference=reference)
            .select_related("customer")
            .first()
        )
        if case is None:
            form.add_error("preview_case", f"There is no case {reference}: check the reference")
            return self.form_invalid(form)
        stage = ANSWERS_STAGE.get(self.template.kind)
        investigations = case.investigations.order_by("-stage", "-number")
        investigation = (investigations.filter(stage=stage) if stage else investigations).first()
        values = selectors.merge_values(case, investigation)
        body = merge.merge(data["body"], values)
        self.preview = {
            "case": case,
            "subject": merge.merge(data["subject"], values),
            "paragraphs": [p.strip() for p in body.split("\n\n") if p.strip()],
        }
        access_record(
            user=self.request.user,
            action=AccessAction.VIEWED,
            what=f"Previewed the {self.template.get_kind_display().lower()} template with this case",
            case=case,
            request=self.request,
        )
        return self.render_to_response(self.get_context_data(form=form))
