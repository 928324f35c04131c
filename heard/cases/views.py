"""The staff workspace: my work, the case list, the case page and a form for every workflow action.

Every page starts from `selectors.case_visible_to(user)`: a case outside the user's reach is a 404,
never a 403 that would confirm it exists. A visible case the user may not change gives a 403.
Every view of a case page and every change is written to the access log.
"""

import csv
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from heard.accounts.access import StaffRequiredMixin
from heard.audit.models import AccessAction
from heard.audit.selectors import case_access_log
from heard.audit.services import access_record
from heard.calendar.selectors import council_calendar
from heard.cases import forms, selectors, services, workflow
from heard.cases.models import (
    Case,
    ClosureReason,
    Customer,
    Escalation,
    Investigation,
    Kind,
    Learning,
    OmbudsmanReferral,
    Outcome,
)
from heard.casework.selectors import casework_for_page
from heard.conduct import selectors as conduct
from heard.core.errors import RuleBroken
from heard.core.formats import long_date
from heard.letters import selectors as letters
from heard.letters import services as letter_services
from heard.people.selectors import person_visible_to
from heard.people.services import person_for
from heard.retention import services as retention


def shown_with(obj, **values) -> None:
    """Give a record what its page shows beside it (how its due date stands, the actions open to
    the user), as attributes the template reads."""
    for name, value in values.items():
        setattr(obj, name, value)


class MyWorkView(StaffRequiredMixin, TemplateView):
    template_name = "cases/my_work.html"

    def get(self, request, *args, **kwargs):
        if not request.user.works_on_cases:
            return redirect("admin:index")  # administrators have no casework (ADR 0006)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["work"] = selectors.my_work(self.request.user)
        context["may_log"] = workflow.permitted(self.request.user, "case_log")
        return context


class EscalationListView(StaffRequiredMixin, TemplateView):
    """Overdue work escalated to the user, to acknowledge with what will be done; those who see
    every case can look at everyone's."""

    template_name = "cases/escalations.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        everyone = self.request.GET.get("everyone") == "1" and selectors.sees_every_case(user)
        escalations = selectors.escalation_list(user, everyone=everyone)
        for escalation in escalations:
            shown_with(
                escalation, may_acknowledge=workflow.allowed(user, "escalation_acknowledge", escalation)
            )
        context.update(
            escalations=escalations,
            everyone=everyone,
            may_see_everyone=selectors.sees_every_case(user),
            nav_section="escalations",
        )
        return context


class ActionListView(StaffRequiredMixin, TemplateView):
    """Actions from complaints not yet done, by service area."""

    template_name = "cases/actions.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = forms.ActionFilterForm(self.request.GET or None)
        area = form.cleaned_data["service_area"] if form.is_valid() else None
        groups = selectors.actions_by_area(user, service_area=area.pk if area else None)
        for group in groups:
            for item in group.actions:
                shown_with(item, may_complete=workflow.allowed(user, "action_complete", item))
        context.update(form=form, groups=groups, today=timezone.localdate(), nav_section="actions")
        return context


class CaseListView(StaffRequiredMixin, TemplateView):
    template_name = "cases/case_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = forms.CaseFilterForm(self.request.GET or None)
        filters = form.filters() if form.is_bound else selectors.CaseFilters()
        page = selectors.case_list(self.request.user, filters, after=self.request.GET.get("after", ""))
        context.update(
            form=form,
            filters=filters,
            page=page,
            first_page=bool(self.request.GET.get("after")),
            may_log=workflow.permitted(self.request.user, "case_log"),
        )
        return context


class _Echo:
    def write(self, value):
        return value


def _csv_safe(value) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


EXPORT_COLUMNS = [
    ("Reference", lambda c: c.reference),
    ("Kind", lambda c: c.get_kind_display()),
    ("Status", lambda c: c.get_status_display()),
    ("Received", lambda c: c.received_on.isoformat()),
    ("Channel", lambda c: c.get_channel_display()),
    ("Procedure", lambda c: c.get_procedure_display()),
    ("Service area", lambda c: c.service_area.name),
    ("Team", lambda c: c.team.name if c.team_id else ""),
    ("Customer reference", lambda c: c.customer.customer_ref if c.customer_id else ""),
    ("Customer name", lambda c: c.customer.name if c.customer_id else ""),
    ("Summary", lambda c: c.summary),
    ("Looked after child", lambda c: "Yes" if c.looked_after_child else "No"),
    ("Made by a child", lambda c: "Yes" if c.made_by_child else "No"),
    ("Advocate asked for", lambda c: "Yes" if c.advocate_requested else "No"),
    (
        "Acknowledgement due",
        lambda c: c.acknowledgement_due_on.isoformat() if c.acknowledgement_due_on else "",
    ),
    ("Acknowledged", lambda c: c.acknowledged_on.isoformat() if c.acknowledged_on else ""),
    ("Closed", lambda c: c.closed_on.isoformat() if c.closed_on else ""),
    ("Stage", lambda c: c.progress.stage or ""),
    ("Investigator", lambda c: c.progress.investigator),
    ("Due", lambda c: c.progress.due_on.isoformat() if c.progress.due_on else ""),
    ("Extended to", lambda c: c.progress.extended_to.isoformat() if c.progress.extended_to else ""),
    ("Outcome", lambda c: c.progress.outcome),
]


class CaseListExportView(StaffRequiredMixin, TemplateView):
    """The filtered case list as CSV, streamed so that a large list does not fill memory."""

    def get(self, request, *args, **kwargs):
        form = forms.CaseFilterForm(request.GET or None)
        filters = form.filters() if form.is_bound else selectors.CaseFilters()
        rows = selectors.case_rows_for_export(request.user, filters)
        writer = csv.writer(_Echo())

        def stream():
            yield writer.writerow([name for name, _ in EXPORT_COLUMNS])
            for case in rows:
                yield writer.writerow([_csv_safe(get(case)) for _, get in EXPORT_COLUMNS])

        described = request.GET.urlencode() or "no filters"
        access_record(
            user=request.user,
            action=AccessAction.EXPORTED,
            what=f"Downloaded the case list ({described})",
            request=request,
        )
        response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.csv"'
        return response


def _case_or_404(user, reference: str) -> Case:
    case = selectors.case_visible_to(user).filter(reference=reference).select_related("customer").first()
    if case is None:
        raise Http404("No such case")
    return case


class CaseDetailView(StaffRequiredMixin, TemplateView):
    template_name = "cases/case_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        case = selectors.case_for_page(user, kwargs["reference"])
        if case is None:
            raise Http404("No such case")
        today = timezone.localdate()
        calendar = council_calendar()
        investigations = list(case.investigations.all())
        referrals = list(case.ombudsman_referrals.all())
        learning = list(case.learning.all())
        escalations = list(case.escalations.all())
        case_letters = letters.letters_of(case)
        offered = workflow.offered(
            user,
            case,
            investigations=investigations,
            referrals=referrals,
            learning=learning,
            escalations=escalations,
            letters=case_letters,
        )
        for inv in investigations:
            shown_with(
                inv,
                due=selectors.due_status(inv.current_due_on, today=today, calendar=calendar)
                if inv.is_open
                else None,
                actions=offered.investigations[inv.pk],
            )
        for referral in referrals:
            shown_with(
                referral,
                due=selectors.due_status(referral.response_due_on, today=today, calendar=calendar)
                if referral.response_sent_on is None
                else None,
                actions=offered.referrals[referral.pk],
            )
        for item in learning:
            shown_with(item, actions=offered.learning[item.pk])
        for escalation in escalations:
            shown_with(escalation, actions=offered.escalations[escalation.pk])
        for letter in case_letters:
            shown_with(letter, actions=offered.letters[letter.pk])
        context.update(
            case=case,
            investigations=investigations,
            referrals=referrals,
            learning=learning,
            escalations=escalations,
            letters=case_letters,
            delays=[delay for inv in investigations for delay in inv.delays.all()],
            events=list(case.events.all()),
            people=list(case.people.all()),
            other_cases=selectors.customer_other_cases(user, case),
            person_page=case.customer is not None and person_visible_to(user, case.customer),
            stage=max((inv.stage for inv in investigations), default=0),
            actions=offered.case,
            holds=retention.holds_on(case),
            conduct=conduct.case_conduct(user, case),
            **casework_for_page(case),
        )
        access_record(
            user=user,
            action=AccessAction.VIEWED,
            what="Viewed the case page",
            case=case,
            request=self.request,
        )
        return context


def _forbidden(request, case=None):
    return render(request, "cases/forbidden.html", {"case": case}, status=403)


class CaseAccessLogView(StaffRequiredMixin, TemplateView):
    """Who has looked at or changed a case: for complaints officers only."""

    template_name = "cases/access_log.html"

    def get(self, request, *args, **kwargs):
        case = _case_or_404(request.user, kwargs["reference"])
        if not workflow.permitted(request.user, "access_log", case):
            return _forbidden(request, case)
        entries = list(case_access_log(case)[:1000])
        access_record(
            user=request.user,
            action=AccessAction.ACCESS_LOG_VIEWED,
            what="Viewed the access log",
            case=case,
            request=request,
        )
        return self.render_to_response(self.get_context_data(case=case, entries=entries))


# --- Workflow actions ------------------------------------------------------------------------


class CaseActionView(StaffRequiredMixin, FormView):
    """A workflow action on one case, or on one of its investigations, Ombudsman enquiries, actions
    or escalations, through the workflow table (`heard.cases.workflow`).

    The case comes from the user's visible cases (404 otherwise); the action must be open to the
    user (403 otherwise) and allowed by its guard now (otherwise the page says why, with no form);
    a refusal by the service shows its message in the error summary, linked to the field it names.
    With `confirm`, a valid form first shows what will happen, and the action is taken only once
    that is confirmed.
    """

    template_name = "cases/action_form.html"
    action = ""
    title = ""
    submit_label = "Save"
    field_map: dict[str, str] = {}
    part_model: type | None = None  # the part of the case the action is on, from the URL's "part"
    intro = ""
    confirm = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:  # StaffRequiredMixin sends them to sign in
            return super().dispatch(request, *args, **kwargs)
        self.case = _case_or_404(request.user, kwargs["reference"])
        self.part: Any = None  # an instance of part_model, for the actions on a part of the case
        if self.part_model is not None:
            self.part = self.get_part(kwargs["part"])
        self.target = self.part or self.case
        if not workflow.permitted(request.user, self.action, self.target):
            return _forbidden(request, self.case)
        refusal = workflow.refusal(self.action, self.target)
        if refusal:
            context = {"case": self.case, "title": self.get_title(), "refusal": refusal}
            return render(request, "cases/action_refused.html", context, status=409)
        return super().dispatch(request, *args, **kwargs)

    def get_part(self, pk) -> Any:
        """The part of the case the action is on (of the case, or 404)."""
        assert self.part_model is not None
        part: Any = get_object_or_404(self.part_model, case=self.case, pk=pk)
        part.case = self.case
        return part

    @property
    def investigation(self):
        return self.part if isinstance(self.part, Investigation) else None

    def get_title(self) -> str:
        return self.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            case=self.case,
            investigation=self.investigation,
            part=self.part,
            title=self.get_title(),
            submit_label=self.submit_label,
            intro=self.get_intro(),
            confirm=self.confirm,
        )
        return context

    def get_intro(self) -> str:
        return self.intro

    def perform(self, data: dict) -> str:
        """Call the service; return the success message."""
        raise NotImplementedError

    def confirmation(self, data: dict) -> list[str]:
        """What the confirmation page says will happen."""
        return []

    def form_valid(self, form):
        if self.confirm and self.request.POST.get("confirmed") != "yes":
            resubmit = [
                (name, value)
                for name in self.request.POST
                if name not in ("csrfmiddlewaretoken", "confirmed")
                for value in self.request.POST.getlist(name)
            ]
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    confirming=True,
                    consequences=self.confirmation(form.cleaned_data),
                    resubmit=resubmit,
                )
            )
        try:
            with transaction.atomic():
                message = self.perform(form.cleaned_data)
        except RuleBroken as error:
            field = self.field_map.get(error.field or "", error.field)
            form.add_error(field if field in form.fields else None, error.message)
            return self.form_invalid(form)
        access_record(
            user=self.request.user,
            action=AccessAction.CHANGED,
            what=message,
            case=self.case,
            request=self.request,
        )
        messages.success(self.request, message)
        return redirect(self.get_success_url())

    def get_success_url(self) -> str:
        return reverse("cases:detail", args=[self.case.reference])


class CaseLogView(StaffRequiredMixin, FormView):
    """Log feedback taken by phone, letter, email or in person."""

    template_name = "cases/case_log.html"
    form_class = forms.CaseLogForm
    field_map = {"customer": "customer_name"}

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not workflow.permitted(request.user, "case_log"):
            return _forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"received_on": timezone.localdate()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            with transaction.atomic():
                customer = None
                if data["customer_name"] or data["customer_ref"]:
                    customer = person_for(
                        customer_ref=data["customer_ref"],
                        how="Feedback logged by staff",
                        actor=self.request.user,
                        name=data["customer_name"],
                        email=data["customer_email"],
                        phone=data["customer_phone"],
                        address=data["customer_address"],
                    )
                case = services.case_log(
                    kind=data["kind"],
                    received_on=data["received_on"],
                    service_area=data["service_area"],
                    team=data["team"],
                    channel=data["channel"],
                    summary=data["summary"],
                    details=data["details"],
                    desired_outcome=data["desired_outcome"],
                    customer=customer,
                    procedure=data["procedure"] if data["kind"] == Kind.COMPLAINT else "",
                    relationship=data["relationship"],
                    on_behalf_of_child=data["on_behalf_of_child"],
                    consent=data["consent"],
                    advocate_requested=data["advocate_requested"],
                    made_by_child=data["made_by_child"],
                    looked_after_child=data["looked_after_child"],
                    actor=self.request.user,
                )
        except RuleBroken as error:
            field = self.field_map.get(error.field or "", error.field)
            form.add_error(field if field in form.fields else None, error.message)
            return self.form_invalid(form)
        message = f"{case.get_kind_display()} logged as {case.reference}"
        access_record(
            user=self.request.user, action=AccessAction.CHANGED, what=message, case=case, request=self.request
        )
        messages.success(self.request, message)
        return redirect("cases:detail", case.reference)


class CaseUpdateView(CaseActionView):
    action = "case_update"
    title = "Correct the details"
    submit_label = "Save changes"
    form_class = forms.CaseUpdateForm
    intro = (
        "The kind of feedback, its procedure and the date received set its deadlines, so they are not "
        "changed here: withdraw the case and log it again if they are wrong."
    )

    def get_initial(self):
        return {field: getattr(self.case, field) for field in services.CASE_CORRECTABLE_FIELDS}

    def perform(self, data):
        services.case_update(
            case=self.case,
            changes={field: data[field] for field in services.CASE_CORRECTABLE_FIELDS},
            actor=self.request.user,
        )
        return f"Details of {self.case.reference} corrected"


class CustomerCorrectView(CaseActionView):
    action = "customer_correct"
    title = "Correct their contact details"
    submit_label = "Save changes"
    form_class = forms.CustomerCorrectForm

    @property
    def customer(self) -> Customer:
        assert self.case.customer is not None  # the guard refuses anonymous cases
        return self.case.customer

    def get(self, request, *args, **kwargs):
        # The form shows the person's contact details: seeing them is recorded, as on the case page.
        access_record(
            user=request.user,
            action=AccessAction.VIEWED,
            what="Opened the contact details to correct them",
            case=self.case,
            request=request,
        )
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {field: getattr(self.customer, field) for field in services.CUSTOMER_CORRECTABLE_FIELDS}

    def get_intro(self):
        customer = self.customer
        count = Case.objects.filter(customer_id=customer.pk).count()
        also = f"all {count} of their cases" if count > 1 else "their cases"
        return (
            f"{customer.name or 'This person'} (customer reference {customer.customer_ref}) is one person "
            f"across all their cases: a change applies to {also}. It is recorded on {self.case.reference}."
        )

    def perform(self, data):
        services.customer_correct(
            case=self.case,
            changes={field: data[field] for field in services.CUSTOMER_CORRECTABLE_FIELDS},
            actor=self.request.user,
        )
        return f"Contact details corrected for all the cases of {self.customer.customer_ref}"


class CasePersonAddView(CaseActionView):
    action = "case_update"
    title = "Add a person involved"
    submit_label = "Add person"
    form_class = forms.CasePersonForm
    intro = "Someone the feedback is about or involves, such as the child, other than the person who gave it."

    def perform(self, data):
        person = services.case_person_add(
            case=self.case,
            name=data["name"],
            role=data["role"],
            date_of_birth=data["date_of_birth"],
            notes=data["notes"],
            actor=self.request.user,
        )
        return f"{person.name} added to {self.case.reference}"


class CaseAcknowledgeView(CaseActionView):
    action = "case_acknowledge"
    title = "Acknowledge the complaint"
    submit_label = "Record acknowledgement"
    form_class = forms.CaseAcknowledgeForm

    def get_intro(self):
        if self.case.acknowledgement_due_on:
            return f"The acknowledgement is due by {long_date(self.case.acknowledgement_due_on)}."
        return ""

    def perform(self, data):
        services.case_acknowledge(
            case=self.case, acknowledged_on=data["acknowledged_on"], actor=self.request.user
        )
        return f"Acknowledgement recorded for {self.case.reference}"


class InvestigationOpenView(CaseActionView):
    action = "investigation_open"
    title = "Allocate an investigation"
    submit_label = "Allocate"
    form_class = forms.InvestigationOpenForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"existing": list(self.case.investigations.filter(stage=1))}

    def get_initial(self):
        return {"team": self.case.team_id}

    def perform(self, data):
        investigation = services.investigation_open(
            case=self.case,
            opened_on=data["opened_on"],
            team=data["team"],
            investigator=data["investigator"],
            split=data.get("split", False),
            actor=self.request.user,
        )
        return f"Stage 1 investigation allocated; due {long_date(investigation.due_on)}"


class InvestigationAllocateView(CaseActionView):
    action = "investigation_allocate"
    part_model = Investigation
    title = "Reallocate the investigation"
    submit_label = "Reallocate"
    form_class = forms.InvestigationAllocateForm

    def get_initial(self):
        return {"team": self.part.team_id, "investigator": self.part.investigator_id}

    def perform(self, data):
        services.investigation_allocate(
            investigation=self.part,
            team=data["team"],
            investigator=data["investigator"],
            actor=self.request.user,
        )
        return f"{self.investigation} reallocated"


class InvestigationExtendView(CaseActionView):
    action = "investigation_extend"
    part_model = Investigation
    title = "Extend the investigation"
    submit_label = "Extend"
    form_class = forms.InvestigationExtendForm

    def get_intro(self):
        return f"It is due on {long_date(self.part.current_due_on)}."

    def perform(self, data):
        services.investigation_extend(
            investigation=self.part,
            extended_to=data["extended_to"],
            reason=data["reason"],
            actor=self.request.user,
        )
        return f"{self.investigation} extended to {long_date(data['extended_to'])}"


class InvestigationCloseView(CaseActionView):
    action = "investigation_close"
    part_model = Investigation
    title = "Record the outcome"
    submit_label = "Record outcome"
    form_class = forms.InvestigationCloseForm

    def get_initial(self):
        return {"findings": self.part.findings}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"letters": letters.letters_answering(self.part)}

    def perform(self, data):
        answered = ""
        if data.get("letter"):
            letter_services.letter_answer(letter=data["letter"], investigation=self.part)
            answered = f"; answered by the {data['letter'].get_kind_display().lower()} letter"
        services.investigation_close(
            investigation=self.part,
            closed_on=data["closed_on"],
            outcome=data["outcome"],
            findings=data["findings"],
            problem_category=data["problem_category"],
            problem_subcategory=data["problem_subcategory"],
            themes=data["themes"],
            actor=self.request.user,
        )
        return f"{self.investigation} closed: {Outcome(data['outcome']).label.lower()}{answered}"


class InvestigationAcknowledgeView(CaseActionView):
    action = "investigation_acknowledge"
    part_model = Investigation
    title = "Acknowledge the request"
    submit_label = "Record acknowledgement"
    form_class = forms.InvestigationAcknowledgeForm

    def perform(self, data):
        services.investigation_acknowledge(
            investigation=self.part, acknowledged_on=data["acknowledged_on"], actor=self.request.user
        )
        return f"{self.investigation} request acknowledged"


class InvestigationPanelView(CaseActionView):
    action = "investigation_panel_record"
    part_model = Investigation
    title = "Record the review panel"
    submit_label = "Record panel"
    form_class = forms.InvestigationPanelForm
    field_map = {"members": "member_1"}

    def perform(self, data):
        services.investigation_panel_record(
            investigation=self.part,
            panel_on=data["panel_on"],
            members=[data["member_1"], data["member_2"], data["member_3"]],
            complainant_attended=data["complainant_attended"],
            recommendations=data["recommendations"],
            report_on=data["report_on"],
            actor=self.request.user,
        )
        return f"Review panel recorded for {self.case.reference}"


class LearningRecordView(CaseActionView):
    action = "learning_record"
    title = "Record learning or an action"
    submit_label = "Record"
    form_class = forms.LearningRecordForm

    def perform(self, data):
        item = services.learning_record(
            case=self.case,
            kind=data["kind"],
            category=data["category"],
            detail=data["detail"],
            owner=data["owner"],
            due_on=data["due_on"],
            completed_on=data["completed_on"],
            actor=self.request.user,
        )
        return f"{item.get_kind_display()} recorded: {item.category}"


class InvestigationDelayView(CaseActionView):
    action = "investigation_delay_report"
    part_model = Investigation
    title = "Report a delay"
    submit_label = "Report the delay"
    form_class = forms.InvestigationDelayForm
    field_map = {"expected_on": "expected_on", "note": "note"}

    def get_intro(self):
        return (
            f"It is due on {long_date(self.part.current_due_on)}. The feedback team will see the delay in their "
            "work list and on the case; an extension, where the procedure allows one, is asked for separately."
        )

    def perform(self, data):
        services.investigation_delay_report(
            investigation=self.part,
            reason=data["reason"],
            expected_on=data["expected_on"],
            note=data["note"],
            actor=self.request.user,
        )
        return f"Delay reported for {self.part}"


class ActionCompleteView(CaseActionView):
    action = "action_complete"
    part_model = Learning
    title = "Mark the action as done"
    submit_label = "Mark as done"
    form_class = forms.ActionCompleteForm

    def get_intro(self):
        due = f", due {long_date(self.part.due_on)}" if self.part.due_on else ""
        return f"{self.part.category}{due}: {self.part.detail}".rstrip(": ")

    def get_success_url(self):
        if self.request.GET.get("from") == "actions":
            return reverse("cases:actions")
        return super().get_success_url()

    def perform(self, data):
        services.action_complete(
            item=self.part, completed_on=data["completed_on"], done=data["done"], actor=self.request.user
        )
        return f"Action done: {self.part.category}"


class EscalationAcknowledgeView(CaseActionView):
    action = "escalation_acknowledge"
    part_model = Escalation
    title = "Acknowledge the escalation"
    submit_label = "Acknowledge"
    form_class = forms.EscalationAcknowledgeForm

    def get_intro(self):
        return self.part.reason

    def get_success_url(self):
        return reverse("cases:escalations")

    def perform(self, data):
        services.escalation_acknowledge(
            escalation=self.part, note=data["note"], planned_on=data["planned_on"], actor=self.request.user
        )
        return f"Escalation of {self.case.reference} acknowledged"


class CaseEscalateView(CaseActionView):
    action = "case_escalate"
    title = "Escalate to the next stage"
    submit_label = "Escalate"
    form_class = forms.CaseEscalateForm

    def perform(self, data):
        investigation = services.case_escalate(
            case=self.case,
            requested_on=data["requested_on"],
            reason=data["reason"],
            team=data["team"],
            investigator=data["investigator"],
            actor=self.request.user,
        )
        return f"Escalated to stage {investigation.stage}; due {long_date(investigation.due_on)}"


class OmbudsmanReferralView(CaseActionView):
    action = "ombudsman_referral_record"
    title = "Record an Ombudsman enquiry"
    submit_label = "Record enquiry"
    form_class = forms.OmbudsmanReferralForm

    def perform(self, data):
        referral = services.ombudsman_referral_record(
            case=self.case,
            received_on=data["received_on"],
            ombudsman_reference=data["ombudsman_reference"],
            response_due_on=data["response_due_on"],
            actor=self.request.user,
        )
        return f"Ombudsman enquiry recorded; response due {long_date(referral.response_due_on)}"


class OmbudsmanResponseView(CaseActionView):
    action = "ombudsman_response_record"
    part_model = OmbudsmanReferral
    title = "Record the response to the Ombudsman"
    submit_label = "Record response"
    form_class = forms.OmbudsmanResponseForm

    def perform(self, data):
        services.ombudsman_response_record(
            referral=self.part, response_sent_on=data["response_sent_on"], actor=self.request.user
        )
        return "Response to the Ombudsman recorded"


class OmbudsmanDecisionView(CaseActionView):
    action = "ombudsman_decision_record"
    part_model = OmbudsmanReferral
    title = "Record the Ombudsman's decision"
    submit_label = "Record decision"
    form_class = forms.OmbudsmanDecisionForm

    def perform(self, data):
        services.ombudsman_decision_record(
            referral=self.part,
            decision=data["decision"],
            decided_on=data["decided_on"],
            remedy=data["remedy"],
            remedy_due_on=data["remedy_due_on"],
            actor=self.request.user,
        )
        return "Ombudsman decision recorded"


class OmbudsmanRemedyView(CaseActionView):
    action = "ombudsman_remedy_complete"
    part_model = OmbudsmanReferral
    title = "Record the Ombudsman's remedy as completed"
    submit_label = "Record remedy completed"
    form_class = forms.OmbudsmanRemedyForm

    def get_intro(self) -> str:
        return f"The remedy: {self.part.remedy}"

    def perform(self, data):
        services.ombudsman_remedy_complete(
            referral=self.part, completed_on=data["completed_on"], actor=self.request.user
        )
        return "Ombudsman remedy recorded as completed"


class CaseWithdrawView(CaseActionView):
    action = "case_withdraw"
    title = "Withdraw the case"
    submit_label = "Withdraw"
    form_class = forms.CaseWithdrawForm
    intro = "Any open investigation closes as withdrawn."

    def perform(self, data):
        services.case_withdraw(
            case=self.case, withdrawn_on=data["withdrawn_on"], reason=data["reason"], actor=self.request.user
        )
        return f"{self.case.reference} withdrawn"


class CaseReopenView(CaseActionView):
    action = "case_reopen"
    title = "Reopen the case"
    submit_label = "Reopen"
    form_class = forms.CaseReopenForm

    def perform(self, data):
        services.case_reopen(case=self.case, reason=data["reason"], actor=self.request.user)
        return f"{self.case.reference} reopened"


class CaseCloseView(CaseActionView):
    action = "case_close"
    title = "Close the case"
    submit_label = "Close"
    form_class = forms.CaseCloseForm
    confirm = True
    field_map = {"reason": "reason", "note": "note"}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"complaint": self.case.is_complaint}

    def get_intro(self):
        if self.case.is_complaint:
            return (
                "A complaint closes when its investigations' outcomes are recorded. Close it here only if "
                "it was resolved another way: say why."
            )
        return ""

    def confirmation(self, data):
        said = [f"{self.case.reference} closes on {long_date(data['closed_on'])}."]
        if self.case.is_complaint:
            said.append(
                f"Reason: {ClosureReason(data['reason']).label}{'. ' + data['note'] if data['note'] else ''}."
            )
            if not self.case.investigations.exists():
                said.append(
                    "It closes without an investigation: it will count as a complaint received, but not as a "
                    "complaint investigated, and it has no outcome."
                )
        return said

    def perform(self, data):
        services.case_close(
            case=self.case,
            closed_on=data["closed_on"],
            reason=data.get("reason", ""),
            note=data.get("note", ""),
            actor=self.request.user,
        )
        return f"{self.case.reference} closed"
