"""The designation actions, each through the workflow table on a case of the person (404 for a case
outside the user's reach, 403 for a role that may not take it, audited like every case action), and
the letter as a printable PDF."""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views import View

from heard.accounts.access import StaffRequiredMixin
from heard.audit.models import AccessAction
from heard.audit.services import access_record
from heard.cases.views import CaseActionView, _case_or_404, _forbidden
from heard.conduct import forms, selectors, services
from heard.conduct.models import Decision, ReviewOutcome
from heard.core.formats import long_date
from heard.letters.documents import page_pdf, paper, recipient
from heard.letters.models import split_paragraphs


class ViewedMixin:
    """The form's page shows the person's cases and the designation's evidence: looking is audited."""

    def get(self, request, *args, **kwargs):
        access_record(
            user=request.user,
            action=AccessAction.VIEWED,
            what=f"Viewed the page: {self.get_title()}",  # type: ignore[attr-defined]
            case=self.case,  # type: ignore[attr-defined]
            request=request,
        )
        return super().get(request, *args, **kwargs)  # type: ignore[misc]


class DesignationActionView(ViewedMixin, CaseActionView):
    """An action on one designation of the case's person (the URL's "part")."""

    template_name = "conduct/action_form.html"
    part_model = object  # the designation, found by get_part

    def get_part(self, pk):
        designation = selectors.designation_of_case(self.case, pk)
        if designation is None:
            raise Http404("No such designation")
        return designation

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"designation": self.part}


class DesignationProposeView(ViewedMixin, CaseActionView):
    action = "designation_propose"
    title = "Propose an unreasonable behaviour designation"
    submit_label = "Propose the designation"
    form_class = forms.DesignationProposeForm
    field_map = {
        "behaviours": "behaviours",
        "details": "details",
        "evidence_cases": "evidence_cases",
        "evidence_contacts": "evidence_contacts",
    }
    intro = (
        "A senior manager decides whether the person's behaviour is unreasonably persistent or "
        "vexatious, and what restrictions apply. Any new complaint they make is still received and "
        "considered on its merits."
    )

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"case": self.case}

    def get_initial(self):
        return {"evidence_cases": [self.case.pk]}

    def perform(self, data):
        services.designation_propose(
            case=self.case,
            behaviours=data["behaviours"],
            details=data["details"],
            evidence_cases=data["evidence_cases"],
            evidence_contacts=data.get("evidence_contacts") or [],
            actor=self.request.user,
        )
        return "Designation proposed: a senior manager will decide"


class DesignationDecideView(DesignationActionView):
    action = "designation_decide"
    title = "Decide on the designation"
    submit_label = "Record the decision"
    form_class = forms.DesignationDecideForm
    field_map = {"review_due_on": "review_due_on", "contact_person": "contact_person"}

    def perform(self, data):
        designation = services.designation_decide(
            designation=self.part,
            decision=data["decision"],
            reasons=data["reasons"],
            today=timezone.localdate(),
            actor=self.request.user,
            contact_person=data["contact_person"],
            channels=data["channels"],
            contact_frequency=data["contact_frequency"],
            topics_closed=data["topics_closed"],
            restrictions=data["restrictions"],
            other_restrictions=data["other_restrictions"],
            review_due_on=data["review_due_on"],
        )
        if designation.decision == Decision.AGREED:
            return f"Designation agreed, to be reviewed by {long_date(designation.review_due_on)}"
        return "Designation declined"


class DesignationTellView(DesignationActionView):
    action = "designation_tell"
    title = "Tell the person: the letter"
    form_class = forms.DesignationTellForm

    def get_context_data(self, **kwargs):
        subject, body = services.designation_letter(self.part, on=timezone.localdate())
        return super().get_context_data(**kwargs) | {"letter_subject": subject, "letter_body": body}

    def get_intro(self):
        if self.part.customer.email:
            return f"The letter goes by email to {self.part.customer.email}, from the outbox."
        return (
            "The person gave no email address: print the letter, post it, then record it as posted. "
            "The words come from the council's letter template (in the admin, message templates)."
        )

    @property
    def submit_label(self):  # type: ignore[override]
        return "Send the letter by email" if self.part.customer.email else "Record the letter as posted today"

    def perform(self, data):
        designation = services.designation_tell(
            designation=self.part, today=timezone.localdate(), actor=self.request.user
        )
        return (
            "Letter queued to send by email" if not designation.told_by_post else "Letter recorded as posted"
        )


class DesignationReviewView(DesignationActionView):
    action = "designation_review"
    title = "Review the designation"
    submit_label = "Record the review"
    form_class = forms.DesignationReviewForm
    field_map = {"next_review_on": "next_review_on"}

    def perform(self, data):
        review = services.designation_review(
            designation=self.part,
            outcome=data["outcome"],
            reasons=data["reasons"],
            next_review_on=data["next_review_on"],
            today=timezone.localdate(),
            actor=self.request.user,
        )
        if review.outcome == ReviewOutcome.RENEWED:
            return f"Designation renewed, to be reviewed again by {long_date(review.next_review_on)}"
        return "Designation ended at review"


class DesignationEndView(DesignationActionView):
    action = "designation_end"
    title = "End the designation early"
    submit_label = "End the designation"
    form_class = forms.DesignationEndForm
    confirm = True

    def confirmation(self, data):
        return ["The restrictions stop applying today, on every case of this person."]

    def perform(self, data):
        services.designation_end(
            designation=self.part,
            reasons=data["reasons"],
            today=timezone.localdate(),
            actor=self.request.user,
        )
        return "Designation ended"


class DesignationLetterPdfView(StaffRequiredMixin, View):
    """The letter as a PDF to print and post, on the same paper as response letters."""

    def get(self, request, reference: str, part: int):
        case = _case_or_404(request.user, reference)
        if not selectors.sees_designations(request.user):
            return _forbidden(request, case)
        designation = selectors.designation_of_case(case, part)
        if designation is None or designation.decision != Decision.AGREED:
            raise Http404("No such letter")
        on = designation.told_on or timezone.localdate()
        subject, body = services.designation_letter(designation, on=on)
        pdf = page_pdf(
            paper(
                reference=case.reference,
                to=recipient(designation.customer),
                subject=subject,
                paragraphs=split_paragraphs(body),
                on=on,
            )
        )
        access_record(
            user=request.user,
            action=AccessAction.EXPORTED,
            what="Downloaded the letter about an unreasonable behaviour designation",
            case=case,
            request=request,
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="designation-letter-{case.reference}.pdf"'
        return response
