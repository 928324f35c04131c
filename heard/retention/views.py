"""Legal holds on a case; the disposal lists (review, keep, authorise, and the certificate); and the
subject access export of everything held about a person."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from heard.accounts.access import StaffRequiredMixin
from heard.accounts.models import Role
from heard.cases.models import Case, Customer
from heard.cases.views import CaseActionView
from heard.core.errors import RuleBroken
from heard.retention import forms, services
from heard.retention.models import DisposalItem, DisposalList, DisposalStatus, LegalHold, RetentionRule
from heard.retention.subject_access import subject_access_export

SHOWN = 500  # rows of a list shown on its page; the rest are counted


class LegalHoldPlaceView(CaseActionView):
    action = "legal_hold_place"
    title = "Place a legal hold"
    submit_label = "Place the hold"
    form_class = forms.LegalHoldForm
    field_map = {"reason": "reason", "whole_person": "whole_person"}
    intro = "A case under a legal hold is never put on a disposal list, whatever the retention rules say."

    def perform(self, data):
        retention_hold = services.legal_hold_place(
            case=self.case, reason=data["reason"], whole_person=data["whole_person"], actor=self.request.user
        )
        scope = "every case of this person" if retention_hold.customer_id else self.case.reference
        return f"Legal hold placed on {scope}"


class LegalHoldLiftView(CaseActionView):
    action = "legal_hold_lift"
    title = "Lift the legal hold"
    submit_label = "Lift the hold"
    form_class = forms.LegalHoldLiftForm
    field_map = {"reason": "reason"}
    intro = "Once lifted, the case follows the retention rules again and may be on the next disposal list."

    def perform(self, data):
        services.legal_hold_lift(case=self.case, reason=data["reason"], actor=self.request.user)
        return f"Legal hold on {self.case.reference} lifted"


class OfficersOnlyMixin(StaffRequiredMixin):
    """Retention and disposal are the feedback team's: other roles get not found."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.role != Role.COMPLAINTS_OFFICER:
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)


class DisposalIndexView(OfficersOnlyMixin, TemplateView):
    template_name = "retention/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(
            lists=DisposalList.objects.all(),
            this_month=DisposalList.objects.filter(month=today.replace(day=1)).exists(),
            rules=sorted(services.rules_in_force(today).values(), key=lambda r: r.record_class),
            future_rules=RetentionRule.objects.filter(effective_from__gt=today),
            holds=LegalHold.objects.filter(lifted_at__isnull=True)
            .select_related("case", "customer", "placed_by")
            .order_by("placed_at"),
            nav_section="retention",
        )
        return context

    def post(self, request, *args, **kwargs):
        disposal_list, created = services.disposal_list_draw(on=timezone.localdate())
        if created:
            messages.success(
                request,
                f"The disposal list for {disposal_list.label} is drawn: {disposal_list.items.count()} cases.",
            )
        return redirect("retention:list", pk=disposal_list.pk)


class DisposalListView(OfficersOnlyMixin, FormView):
    """A list to review and authorise; once disposed of, its certificate."""

    template_name = "retention/list.html"
    form_class = forms.AuthoriseForm

    def dispatch(self, request, *args, **kwargs):
        self.disposal_list = get_object_or_404(DisposalList, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        items = self.disposal_list.items.order_by("reference")
        to_dispose = items.filter(kept=False)
        context.update(
            disposal_list=self.disposal_list,
            to_dispose=to_dispose[:SHOWN],
            to_dispose_count=to_dispose.count(),
            disposed_count=items.filter(disposed=True).count(),
            kept=items.filter(kept=True).select_related("kept_by"),
            shown=SHOWN,
            nav_section="retention",
        )
        return context

    def form_valid(self, form):
        try:
            with transaction.atomic():
                services.disposal_list_authorise(disposal_list=self.disposal_list, actor=self.request.user)
        except RuleBroken as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, f"Disposal of the list for {self.disposal_list.label} authorised.")
        return redirect("retention:list", pk=self.disposal_list.pk)


class DisposalItemKeepView(OfficersOnlyMixin, FormView):
    template_name = "retention/keep.html"
    form_class = forms.KeepForm

    def dispatch(self, request, *args, **kwargs):
        self.item = get_object_or_404(
            DisposalItem.objects.select_related("disposal_list"),
            pk=kwargs["item"],
            disposal_list_id=kwargs["pk"],
        )
        if self.item.disposal_list.status != DisposalStatus.REVIEW:
            return redirect("retention:list", pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"item": self.item, "nav_section": "retention"}

    def form_valid(self, form):
        try:
            services.disposal_item_keep(
                item=self.item, reason=form.cleaned_data["reason"], actor=self.request.user
            )
        except RuleBroken as error:
            form.add_error("reason", error.message)
            return self.form_invalid(form)
        messages.success(self.request, f"{self.item.reference} will be kept.")
        return redirect("retention:list", pk=self.item.disposal_list_id)


class SubjectAccessView(OfficersOnlyMixin, TemplateView):
    """Everything Heard holds about one complainant, as one zip; the export is in the access log of
    each of their cases."""

    template_name = "retention/subject_access.html"

    def dispatch(self, request, *args, **kwargs):
        self.customer = get_object_or_404(Customer, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        cases = Case.objects.filter(customer=self.customer).order_by("received_on")
        return super().get_context_data(**kwargs) | {
            "customer": self.customer,
            "cases": cases,
            "nav_section": "retention",
        }

    def post(self, request, *args, **kwargs):
        export = subject_access_export(customer=self.customer, user=request.user, request=request)
        response = HttpResponse(export.content, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response
