"""Forms for the staff workspace. They collect and check the shape of what is entered; the rules of
the procedure are the services' to enforce (a refusal comes back as RuleBroken)."""

import datetime
from typing import cast

from django import forms
from django.utils import timezone

from heard.accounts.models import Role, User
from heard.cases import services
from heard.cases.models import (
    Channel,
    ClosureReason,
    Consent,
    Decision,
    DelayReason,
    Investigation,
    Kind,
    LearningKind,
    Outcome,
    PersonRole,
    ProblemCategory,
    ProblemSubcategory,
    Relationship,
    ServiceArea,
    Status,
    Team,
    Theme,
)
from heard.cases.selectors import SORTS, CaseFilters
from heard.core.formats import long_date
from heard.procedures.models import Procedure


class GovukDateWidget(forms.Widget):
    """The GOV.UK date input: day, month and year as three fields."""

    govuk_date = True

    def value_from_datadict(self, data, files, name):
        return [data.get(f"{name}_{part}", "").strip() for part in ("day", "month", "year")]

    def value_omitted_from_data(self, data, files, name):
        return not any(f"{name}_{part}" in data for part in ("day", "month", "year"))

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]


class GovukDateField(forms.Field):
    widget = GovukDateWidget

    def __init__(self, *, label: str, required: bool = True, **kwargs):
        kwargs.setdefault("help_text", "For example, 27 3 2026")
        super().__init__(label=label, required=required, **kwargs)
        self.error_messages["required"] = f"Enter the {label[0].lower()}{label[1:]}"

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        if not value or not any(value):
            return None
        day, month, year = value
        label = str(self.label)
        name = f"{label[0].lower()}{label[1:]}"
        missing = [part for part, v in zip(("day", "month", "year"), value, strict=True) if not v]
        if missing:
            raise forms.ValidationError(f"The {name} must include a {' and a '.join(missing)}")
        if len(year) != 4 or not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"The {name} must be a real date, with a 4-digit year")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"The {name} must be a real date") from None

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")


def _today_initial():
    return timezone.localdate()


def staff_choices():
    return (
        User.objects.filter(is_active=True, role__in=[Role.INVESTIGATING_MANAGER, Role.COMPLAINTS_OFFICER])
        .select_related("team")
        .order_by("first_name", "last_name", "username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    """The people a case can be allocated to. Its queryset is lazy and evaluated afresh for each
    form, so a newly added investigator appears without a restart."""

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", staff_choices())
        super().__init__(**kwargs)

    def label_from_instance(self, obj):
        team = f" ({obj.team})" if obj.team_id else ""
        return f"{obj.display_name}{team}"


def _required(message: str) -> dict:
    return {"required": message}


class CaseLogForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of feedback is it?",
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select what kind of feedback it is"),
    )
    channel = forms.ChoiceField(
        label="How was it received?",
        choices=[c for c in Channel.choices if c[0] != Channel.WEB],
        widget=forms.RadioSelect,
        error_messages=_required("Select how the feedback was received"),
    )
    received_on = GovukDateField(label="Date received")
    procedure = forms.ChoiceField(
        label="Complaints procedure",
        help_text="Complaints only. The statutory procedure is for complaints about children's social care.",
        choices=Procedure.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    service_area = forms.ModelChoiceField(
        label="Service area",
        queryset=ServiceArea.objects.all(),
        empty_label="Choose a service area",
        error_messages=_required("Choose the service area"),
    )
    team = forms.ModelChoiceField(
        label="Team (optional)", queryset=Team.objects.all(), required=False, empty_label="Not known yet"
    )
    customer_name = forms.CharField(
        label="Name of the person giving the feedback", required=False, max_length=200
    )
    customer_email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    customer_phone = forms.CharField(label="Phone number (optional)", required=False, max_length=50)
    customer_address = forms.CharField(
        label="Address (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    customer_ref = forms.CharField(
        label="Customer reference (optional)",
        help_text="If this person has given feedback before, their customer reference links the cases.",
        required=False,
        max_length=100,
    )
    relationship = forms.ChoiceField(
        label="Who is giving the feedback? (optional)",
        choices=[("", "Not known"), *Relationship.choices],
        required=False,
    )
    summary = forms.CharField(
        label="Summary",
        help_text="One line that describes the feedback.",
        max_length=300,
        error_messages=_required("Enter a summary of the feedback"),
    )
    details = forms.CharField(label="What happened (optional)", required=False, widget=forms.Textarea)
    desired_outcome = forms.CharField(
        label="What would put it right (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    consent = forms.ChoiceField(
        label="Consent to share information (optional)",
        choices=[("", "Not recorded"), *Consent.choices],
        required=False,
    )
    on_behalf_of_child = forms.BooleanField(label="Made on behalf of a child or young person", required=False)
    made_by_child = forms.BooleanField(label="Made by a child or young person", required=False)
    looked_after_child = forms.BooleanField(label="About a looked after child", required=False)
    advocate_requested = forms.BooleanField(label="An advocate was asked for", required=False)


class CaseUpdateForm(forms.Form):
    summary = forms.CharField(
        label="Summary", max_length=300, error_messages=_required("Enter a summary of the feedback")
    )
    details = forms.CharField(label="What happened", required=False, widget=forms.Textarea)
    happened_on = forms.CharField(label="When it happened", required=False, max_length=200)
    desired_outcome = forms.CharField(
        label="What would put it right", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    service_area = forms.ModelChoiceField(
        label="Service area",
        queryset=ServiceArea.objects.all(),
        empty_label="Choose a service area",
        error_messages=_required("Choose the service area"),
    )
    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.all(), required=False, empty_label="Not known"
    )
    channel = forms.ChoiceField(
        label="How it was received", choices=[("", "Not known"), *Channel.choices], required=False
    )
    relationship = forms.ChoiceField(
        label="Who gave the feedback", choices=[("", "Not known"), *Relationship.choices], required=False
    )
    consent = forms.ChoiceField(
        label="Consent to share information", choices=[("", "Not recorded"), *Consent.choices], required=False
    )
    on_behalf_of_child = forms.BooleanField(label="Made on behalf of a child or young person", required=False)
    made_by_child = forms.BooleanField(label="Made by a child or young person", required=False)
    looked_after_child = forms.BooleanField(label="About a looked after child", required=False)
    advocate_requested = forms.BooleanField(label="An advocate was asked for", required=False)


class CustomerCorrectForm(forms.Form):
    """The contact details of the person who gave the feedback, as they should be."""

    name = forms.CharField(
        label="Name",
        required=False,
        max_length=200,
        error_messages={"max_length": "Name must be 200 characters or less"},
    )
    email = forms.CharField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={"max_length": "Email address must be 254 characters or less"},
    )
    phone = forms.CharField(
        label="Phone number",
        help_text="Kept as written, for example 01632 960 001 or +44 808 157 0192.",
        required=False,
        max_length=50,
        error_messages={"max_length": "Phone number must be 50 characters or less"},
    )
    address = forms.CharField(label="Address", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def clean(self):
        data = super().clean() or {}
        problems = services.contact_details_problems(
            email=(data.get("email") or "").strip(), phone=(data.get("phone") or "").strip()
        )
        for field, message in problems.items():
            self.add_error(field, message)
        return data


class CasePersonForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200, required=False)
    role = forms.ChoiceField(
        label="Their part in the case", choices=PersonRole.choices, widget=forms.RadioSelect, required=False
    )
    date_of_birth = GovukDateField(
        label="Date of birth (optional)", required=False, help_text="For example, 27 3 2014"
    )
    notes = forms.CharField(label="Notes (optional)", max_length=300, required=False)


class CaseAcknowledgeForm(forms.Form):
    acknowledged_on = GovukDateField(label="Date acknowledged", initial=_today_initial)


class InvestigationOpenForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.all(),
        empty_label="Choose a team",
        error_messages=_required("Choose the team"),
    )
    investigator = StaffChoiceField(
        label="Investigating manager",
        required=False,
        empty_label="Not chosen yet",
    )
    opened_on = GovukDateField(
        label="Date the investigation opened",
        required=False,
        help_text="Leave blank to use the date the complaint was received.",
    )

    def __init__(self, *args, existing=(), **kwargs):
        super().__init__(*args, **kwargs)
        if existing:
            allocated = "; ".join(
                f"{inv.team or 'no team'}{', ' + inv.investigator_name if inv.investigator_name else ''}"
                for inv in existing
            )
            self.fields["split"] = forms.BooleanField(
                label="Split the complaint: add another stage 1 investigation for a second team",
                help_text=f"It already has one ({allocated}). To change who investigates, reallocate it instead.",
                required=False,
            )


class InvestigationAllocateForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.all(),
        empty_label="Choose a team",
        error_messages=_required("Choose the team"),
    )
    investigator = StaffChoiceField(
        label="Investigating manager",
        required=False,
        empty_label="Not chosen yet",
    )


class InvestigationExtendForm(forms.Form):
    extended_to = GovukDateField(label="New due date")
    reason = forms.CharField(
        label="Reason for the extension",
        help_text="The complainant is told this reason.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class LetterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_kind_display()}, " + (
            f"sent {long_date(obj.sent_on)}" if obj.sent_on else "approved, not yet sent"
        )


class InvestigationCloseForm(forms.Form):
    closed_on = GovukDateField(label="Date the response was sent", initial=_today_initial)
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[c for c in Outcome.choices if c[0] != Outcome.WITHDRAWN],
        widget=forms.RadioSelect,
        required=False,
    )
    findings = forms.CharField(label="Findings", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    problem_category = forms.ModelChoiceField(
        label="Problem category (optional)",
        queryset=ProblemCategory.objects.all(),
        required=False,
        empty_label="Not recorded",
    )
    problem_subcategory = forms.ModelChoiceField(
        label="Problem subcategory (optional)",
        queryset=ProblemSubcategory.objects.select_related("category"),
        required=False,
        empty_label="Not recorded",
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes (optional)",
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    letter: forms.ModelChoiceField = LetterChoiceField(
        label="Which letter answered this stage?",
        help_text="The approved response letters of this stage.",
        queryset=Investigation.objects.none(),
        required=False,
        empty_label="None recorded in Heard",
    )

    def __init__(self, *args, letters=None, **kwargs):
        super().__init__(*args, **kwargs)
        if letters is None or not letters.exists():
            del self.fields["letter"]
        else:
            field = cast(forms.ModelChoiceField, self.fields["letter"])
            field.queryset = letters
            self.initial.setdefault("letter", letters.first())

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        category, subcategory = cleaned.get("problem_category"), cleaned.get("problem_subcategory")
        if subcategory and category and subcategory.category_id != category.pk:
            self.add_error("problem_subcategory", f"Choose a subcategory of {category.name}")
        elif subcategory and not category:
            cleaned["problem_category"] = subcategory.category
        return cleaned


class LearningRecordForm(forms.Form):
    kind = forms.ChoiceField(
        label="Is it learning or an action?",
        choices=LearningKind.choices,
        widget=forms.RadioSelect,
        error_messages=_required("Select learning or action"),
    )
    category = forms.CharField(
        label="Category",
        help_text="For example, Communication or Record keeping.",
        max_length=200,
        required=False,
    )
    detail = forms.CharField(label="Detail", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    owner = StaffChoiceField(
        label="Who owns the action (optional)",
        help_text="Actions only. They are reminded before it falls due.",
        required=False,
        empty_label="Nobody yet",
    )
    due_on = GovukDateField(label="Action due by (optional)", required=False, help_text="Actions only.")
    completed_on = GovukDateField(
        label="Action completed on (optional)", required=False, help_text="Actions only."
    )


class CaseEscalateForm(forms.Form):
    requested_on = GovukDateField(label="Date the next stage was asked for", initial=_today_initial)
    reason = forms.CharField(
        label="Reason for accepting a late request (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    team = forms.ModelChoiceField(
        label="Team (optional)", queryset=Team.objects.all(), required=False, empty_label="Not chosen yet"
    )
    investigator = StaffChoiceField(
        label="Investigator (optional)",
        required=False,
        empty_label="Not chosen yet",
    )


class InvestigationAcknowledgeForm(forms.Form):
    acknowledged_on = GovukDateField(label="Date the request was acknowledged", initial=_today_initial)


class InvestigationPanelForm(forms.Form):
    panel_on = GovukDateField(label="Date the panel met")
    member_1 = forms.CharField(label="First panel member", required=False, max_length=200)
    member_2 = forms.CharField(label="Second panel member", required=False, max_length=200)
    member_3 = forms.CharField(label="Third panel member", required=False, max_length=200)
    complainant_attended = forms.TypedChoiceField(
        label="Did the complainant attend?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages=_required("Select whether the complainant attended"),
    )
    recommendations = forms.CharField(
        label="Recommendations (optional)", required=False, widget=forms.Textarea
    )
    report_on = GovukDateField(label="Date of the panel's report (optional)", required=False)


class OmbudsmanReferralForm(forms.Form):
    received_on = GovukDateField(label="Date the Ombudsman's enquiry arrived", initial=_today_initial)
    ombudsman_reference = forms.CharField(
        label="Ombudsman's reference (optional)", required=False, max_length=100
    )
    response_due_on = GovukDateField(
        label="Response due (optional)",
        required=False,
        help_text="Leave blank for 28 days after the enquiry, unless the Ombudsman set another date.",
    )


class OmbudsmanResponseForm(forms.Form):
    response_sent_on = GovukDateField(label="Date the response was sent", initial=_today_initial)


class OmbudsmanDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="The Ombudsman's decision",
        choices=[c for c in Decision.choices if c[0] != Decision.PENDING],
        widget=forms.RadioSelect,
        required=False,
    )
    decided_on = GovukDateField(label="Date of the decision")
    remedy = forms.CharField(
        label="Remedy (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    remedy_due_on = GovukDateField(
        label="Date the remedy is due (optional)",
        required=False,
        help_text="The date the Ombudsman set for the council to complete the remedy.",
    )


class OmbudsmanRemedyForm(forms.Form):
    completed_on = GovukDateField(label="Date the remedy was completed", initial=_today_initial)


class CaseWithdrawForm(forms.Form):
    withdrawn_on = GovukDateField(label="Date withdrawn", initial=_today_initial)
    reason = forms.CharField(
        label="Reason (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CaseReopenForm(forms.Form):
    reason = forms.CharField(
        label="Reason for reopening", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CaseCloseForm(forms.Form):
    closed_on = GovukDateField(label="Date closed", initial=_today_initial)

    def __init__(self, *args, complaint=False, **kwargs):
        super().__init__(*args, **kwargs)
        if complaint:
            self.fields["reason"] = forms.ChoiceField(
                label="Why is the complaint closing?",
                choices=ClosureReason.choices,
                widget=forms.RadioSelect,
                error_messages=_required("Choose why the complaint is closing"),
            )
            self.fields["note"] = forms.CharField(
                label="More about why (optional unless the reason is another one)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )


class InvestigationDelayForm(forms.Form):
    reason = forms.ModelChoiceField(
        label="What is causing the delay?",
        queryset=DelayReason.objects.filter(active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages=_required("Choose what is causing the delay"),
    )
    note = forms.CharField(label="More about it", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    expected_on = GovukDateField(label="When do you now expect to respond?")


class ActionCompleteForm(forms.Form):
    completed_on = GovukDateField(label="Date it was done", initial=_today_initial)
    done = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required("Say what was done"),
    )


class EscalationAcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="What will be done",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required("Say what will be done"),
    )
    planned_on = GovukDateField(label="Planned date (optional)", required=False)


class ActionFilterForm(forms.Form):
    service_area = forms.ModelChoiceField(
        label="Service area", queryset=ServiceArea.objects.all(), required=False, empty_label="All"
    )


# --- The case list's filters ------------------------------------------------------------------


class OptionsInlineSelect(forms.Select):
    """Django's select with its options written by the select's own template rather than an
    included template each: the same markup, for a fraction of the cost of a long list."""

    template_name = "cases/widgets/select.html"


class CaseFilterForm(forms.Form):
    """The case list's filters, read from GET parameters whose names other pages link to."""

    q = forms.CharField(label="Search", help_text="Reference, name or words in the summary", required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("", "Any"), *Kind.choices], required=False)
    status = forms.ChoiceField(label="Status", choices=[("", "Any"), *Status.choices], required=False)
    procedure = forms.ChoiceField(
        label="Procedure", choices=[("", "Any"), *Procedure.choices], required=False
    )
    stage = forms.TypedChoiceField(
        label="Stage",
        choices=[("", "Any"), ("1", "Stage 1"), ("2", "Stage 2"), ("3", "Stage 3")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    service_area = forms.ModelChoiceField(
        label="Service area", queryset=ServiceArea.objects.all(), required=False, empty_label="Any"
    )
    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.all(), required=False, empty_label="Any"
    )
    investigator = StaffChoiceField(label="Investigator", required=False, empty_label="Any")
    received_from = forms.DateField(
        label="Received from",
        help_text="For example, 2026-04-01",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the ‘received from’ date as a real date, like 2026-04-01"},
    )
    received_to = forms.DateField(
        label="Received to",
        help_text="For example, 2026-06-30",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the ‘received to’ date as a real date, like 2026-06-30"},
    )
    looked_after_child = forms.BooleanField(label="Looked after child", required=False)
    made_by_child = forms.BooleanField(label="Made by a child", required=False)
    advocate = forms.BooleanField(label="Advocate asked for", required=False)
    repeat = forms.BooleanField(label="Repeat customer", required=False)
    overdue = forms.BooleanField(label="Overdue", required=False)
    escalated = forms.BooleanField(label="Escalated for being overdue", required=False)
    sort = forms.ChoiceField(
        label="Sort by", choices=[(key, label) for key, (label, _, _) in SORTS.items()], required=False
    )

    FLAGS = ("looked_after_child", "made_by_child", "advocate", "repeat", "overdue", "escalated")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = OptionsInlineSelect(choices=field.widget.choices)
        for name in self.FLAGS:
            # Links use flag=1; the checkboxes submit the same.
            self.fields[name].widget = forms.CheckboxInput(
                check_test=lambda v: str(v) in {"1", "on", "true", "True"}
            )
            self.fields[name].widget.attrs["value"] = "1"

    def filters(self) -> CaseFilters:
        """The filters as entered; a filter that does not make sense is left out."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if self.is_bound and not self.is_valid():
            data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return CaseFilters(
            kind=data.get("kind") or "",
            status=data.get("status") or "",
            procedure=data.get("procedure") or "",
            stage=data.get("stage"),
            service_area=data["service_area"].pk if data.get("service_area") else None,
            team=data["team"].pk if data.get("team") else None,
            investigator=data["investigator"].pk if data.get("investigator") else None,
            looked_after_child=bool(data.get("looked_after_child")),
            made_by_child=bool(data.get("made_by_child")),
            advocate=bool(data.get("advocate")),
            repeat=bool(data.get("repeat")),
            overdue=bool(data.get("overdue")),
            escalated=bool(data.get("escalated")),
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            q=(data.get("q") or "").strip(),
            sort=data.get("sort") or "newest",
        )
