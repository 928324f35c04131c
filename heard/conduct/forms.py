from typing import cast

from django import forms
from django.utils import timezone

from heard.accounts.models import Role, User
from heard.cases.forms import GovukDateField
from heard.cases.models import Case
from heard.casework.models import ContactRecord
from heard.conduct.models import Behaviour, Channel, Decision, Restriction, ReviewOutcome
from heard.conduct.services import default_review_date


class EvidenceCaseField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference}, received {obj.received_on:%-d %B %Y}: {obj.summary[:80]}"


class EvidenceContactField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        when = timezone.localtime(obj.happened_at)
        return f"{obj.case.reference}, {when:%-d %B %Y}: {obj.get_channel_display()} – {obj.summary[:80]}"


class DesignationProposeForm(forms.Form):
    behaviours = forms.MultipleChoiceField(
        label="What behaviour has been seen?",
        help_text="Select all that apply, as the Ombudsman's guidance describes them.",
        choices=Behaviour.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the behaviour seen"},
    )
    details = forms.CharField(
        label="Describe what was seen",
        help_text="What happened and when, and what has been tried already (for example a warning).",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Describe what was seen"},
    )
    evidence_cases = EvidenceCaseField(
        label="Which of their cases show it?",
        queryset=Case.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the cases that show the behaviour"},
    )
    evidence_contacts = EvidenceContactField(
        label="Contacts that show it (optional)",
        queryset=ContactRecord.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        customer_id = cast(int, case.customer_id)  # the guard refuses a case without a person
        cases = Case.objects.filter(customer_id=customer_id).order_by("-received_on", "-id")
        cast(forms.ModelMultipleChoiceField, self.fields["evidence_cases"]).queryset = cases
        contacts = (
            ContactRecord.objects.filter(case__customer_id=customer_id)
            .select_related("case")
            .order_by("-happened_at")[:100]
        )
        if contacts:
            cast(
                forms.ModelMultipleChoiceField, self.fields["evidence_contacts"]
            ).queryset = ContactRecord.objects.filter(pk__in=[c.pk for c in contacts]).select_related("case")
        else:
            del self.fields["evidence_contacts"]


class ContactPersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.get_role_display().lower()})"


class DesignationDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label="Do you agree the designation?",
        choices=[(Decision.AGREED, "Yes, agree it with restrictions"), (Decision.DECLINED, "No, decline it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you agree the designation"},
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        help_text="These are kept with the designation and may be shown to the Ombudsman.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reasons for the decision"},
    )
    contact_person = ContactPersonField(
        label="Single point of contact (if agreed)",
        queryset=User.objects.none(),
        required=False,
        empty_label="None",
    )
    channels = forms.MultipleChoiceField(
        label="Ways of contact allowed (if agreed)",
        help_text="Leave empty to allow every way.",
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    contact_frequency = forms.CharField(
        label="How often they may contact us (optional)",
        help_text="For example: one phone call a week, on Tuesday mornings, of up to 20 minutes.",
        max_length=300,
        required=False,
    )
    topics_closed = forms.CharField(
        label="Matters closed, not to be discussed further (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    restrictions = forms.MultipleChoiceField(
        label="Other restrictions (optional)",
        choices=Restriction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_restrictions = forms.CharField(
        label="Anything else that applies (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    review_due_on = GovukDateField(
        label="Review date (if agreed)",
        required=False,
        help_text="Six months from today unless you choose otherwise. For example, 27 3 2027",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["contact_person"]).queryset = User.objects.filter(
            is_active=True,
            role__in=[Role.COMPLAINTS_OFFICER, Role.INVESTIGATING_MANAGER, Role.SENIOR_MANAGER],
        ).order_by("first_name", "last_name", "username")
        self.fields["review_due_on"].initial = default_review_date(timezone.localdate())


class DesignationTellForm(forms.Form):
    pass


class DesignationReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What is the outcome of the review?",
        choices=[
            (ReviewOutcome.RENEWED, "Renew it: the restrictions are still needed"),
            (ReviewOutcome.ENDED, "End it"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to renew or end the designation"},
    )
    reasons = forms.CharField(
        label="Reasons",
        help_text="What contact there has been since the decision, and why the outcome is right.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reasons for the review's outcome"},
    )
    next_review_on = GovukDateField(label="Next review date (if renewed)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_review_on"].initial = default_review_date(timezone.localdate())


class DesignationEndForm(forms.Form):
    reasons = forms.CharField(
        label="Why can the designation end now?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reasons for ending the designation"},
    )
