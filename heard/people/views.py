"""A person's page, the queue of likely duplicates (merge or dismiss), undoing a merge, and moving a
case to another person (a case action, through the workflow table)."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import FormView, TemplateView

from heard.accounts.access import StaffRequiredMixin
from heard.accounts.models import Role
from heard.audit.models import AccessAction, CaseAccess
from heard.audit.services import access_record
from heard.cases.models import Customer
from heard.cases.views import CaseActionView
from heard.conduct import selectors as conduct
from heard.core.errors import RuleBroken
from heard.people import forms, selectors, services
from heard.people.models import DuplicateStatus, Merge, PossibleDuplicate


class OfficersOnlyMixin(StaffRequiredMixin):
    """The duplicates queue and merges are the feedback team's: other roles get not found."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.role != Role.COMPLAINTS_OFFICER:
            raise Http404("Not found")
        return super().dispatch(request, *args, **kwargs)


def _audit(request, person: Customer, what: str, action: str = AccessAction.VIEWED) -> None:
    """An entry in the access log of each of the person's cases, as for a case page."""
    user = request.user
    if not selectors.person_cases(person).exists():  # a record merged away: still in the log
        access_record(user=user, action=action, what=f"{what} (no cases)", request=request)
        return
    CaseAccess.objects.bulk_create(
        CaseAccess(
            user=user,
            user_name=user.display_name[:200],
            case_id=pk,
            case_reference=reference,
            action=action,
            what=what[:300],
            path=request.get_full_path()[:500],
            ip_address=request.META.get("REMOTE_ADDR") or None,
        )
        for pk, reference in selectors.person_cases(person).values_list("pk", "reference")
    )


class PersonDetailView(StaffRequiredMixin, TemplateView):
    template_name = "people/person_detail.html"

    def get_context_data(self, **kwargs):
        person = get_object_or_404(Customer.objects.select_related("merged_into"), pk=kwargs["pk"])
        if not selectors.person_visible_to(self.request.user, person):
            raise Http404("No such person")
        _audit(self.request, person, f"Viewed the page of person {person.customer_ref}")
        return super().get_context_data(**kwargs) | {
            "person": person,
            "cases": list(selectors.person_cases(person)),
            "appearances": list(selectors.person_appearances(person)),
            "changes": list(selectors.person_detail_changes(person)),
            "merges": list(selectors.person_merges(person)),
            "events": list(selectors.person_case_events(person)[:50]),
            "duplicates": list(selectors.duplicates_waiting().filter(Q(person=person) | Q(other=person))),
            "conduct": conduct.person_conduct(self.request.user, person),
            "nav_section": "people",
        }


class DuplicateListView(OfficersOnlyMixin, TemplateView):
    template_name = "people/duplicates.html"

    def get_context_data(self, **kwargs):
        waiting = selectors.duplicates_waiting()
        return super().get_context_data(**kwargs) | {
            "duplicates": list(waiting[:200]),
            "count": waiting.count(),
            "merges": list(Merge.objects.select_related("kept", "merged", "merged_by")[:20]),
            "nav_section": "people",
        }


class DuplicateMixin(OfficersOnlyMixin, FormView):
    def dispatch(self, request, *args, **kwargs):
        self.duplicate = get_object_or_404(
            PossibleDuplicate.objects.select_related("person", "other"),
            pk=kwargs["pk"],
            status=DuplicateStatus.OPEN,
        )
        return super().dispatch(request, *args, **kwargs)

    def people(self) -> list[Customer]:
        return list(
            Customer.objects.filter(pk__in=[self.duplicate.person_id, self.duplicate.other_id])
            .annotate(cases_count=Count("cases"))
            .order_by("pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "duplicate": self.duplicate,
            "people": self.people(),
            "nav_section": "people",
        }


class DuplicateMergeView(DuplicateMixin):
    template_name = "people/merge.html"
    form_class = forms.MergeForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"people": self.people()}

    def form_valid(self, form):
        people = {str(p.pk): p for p in self.people()}
        kept = people[form.cleaned_data["kept"]]
        merged = next(p for pk, p in people.items() if pk != form.cleaned_data["kept"])
        try:
            with transaction.atomic():
                merge = services.person_merge(
                    kept=kept, merged=merged, duplicate=self.duplicate, actor=self.request.user
                )
        except RuleBroken as error:
            form.add_error("kept", error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"{merged.customer_ref} merged into {kept.customer_ref}: {len(merge.moved['cases'])} cases moved",
        )
        return redirect("people:detail", kept.pk)


class DuplicateDismissView(DuplicateMixin):
    template_name = "people/dismiss.html"
    form_class = forms.ConfirmForm

    def form_valid(self, form):
        services.duplicate_dismiss(duplicate=self.duplicate, actor=self.request.user)
        messages.success(self.request, "Marked as not the same person")
        return redirect("people:duplicates")


class MergeUndoView(OfficersOnlyMixin, FormView):
    template_name = "people/merge_undo.html"
    form_class = forms.ConfirmForm

    def dispatch(self, request, *args, **kwargs):
        self.merge = get_object_or_404(Merge.objects.select_related("kept", "merged"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"merge": self.merge, "nav_section": "people"}

    def form_valid(self, form):
        try:
            services.person_merge_undo(merge=self.merge, actor=self.request.user)
        except RuleBroken as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request, f"Merge undone: {self.merge.merged.customer_ref} is a person of their own again"
        )
        return redirect("people:detail", self.merge.merged_id)


class PersonSplitView(CaseActionView):
    action = "person_split"
    title = "Move to another person"
    submit_label = "Move the case"
    form_class = forms.PersonSplitForm
    field_map = {"customer_ref": "customer_ref", "name": "name"}
    intro = (
        "When this case is not from the person it is recorded against: move it to another person "
        "(by their customer reference) or to a new person. Their other cases stay where they are."
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"nav_section": "cases"}

    def perform(self, data):
        to = services.person_split(
            case=self.case,
            to=data["to"],
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            address=data["address"],
            actor=self.request.user,
        )
        return f"{self.case.reference} moved to {to.name or 'a person'} ({to.customer_ref})"
