from datetime import date

from django import forms

from heard.accounts.models import Role, User
from heard.calendar.periods import reporting_year_of
from heard.cases.forms import GovukDateField, StaffChoiceField
from heard.cases.models import ServiceArea
from heard.reporting import metrics
from heard.reporting.models import RecommendationStatus, ReportEdition
from heard.reporting.selectors import Period

QUARTER_CHOICES = [
    ("", "The whole year"),
    ("Q1", "Quarter 1 (April to June)"),
    ("Q2", "Quarter 2 (July to September)"),
    ("Q3", "Quarter 3 (October to December)"),
    ("Q4", "Quarter 4 (January to March)"),
]


class PeriodForm(forms.Form):
    """The dashboard's choice of period and service area, from the query string."""

    year = forms.TypedChoiceField(label="Reporting year", coerce=int)
    quarter = forms.ChoiceField(label="Period", choices=QUARTER_CHOICES, required=False)
    service_area = forms.ModelChoiceField(
        label="Service area",
        queryset=ServiceArea.objects.all(),
        required=False,
        empty_label="All service areas",
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(y, metrics.reporting_year_label(y)) for y in years]

    @staticmethod
    def default_year(today: date) -> int:
        return reporting_year_of(today)

    def period(self) -> Period:
        return Period(year=self.cleaned_data["year"], quarter=self.cleaned_data.get("quarter") or "")


class EditionForm(forms.ModelForm):
    class Meta:
        model = ReportEdition
        fields = [
            "introduction",
            "feedback_commentary",
            "comparison_commentary",
            "learning_commentary",
            "recommendations_introduction",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 4, "class": "govuk-textarea"}) for name in fields}


class QuoteForm(forms.Form):
    heading = forms.CharField(
        label="Heading",
        max_length=300,
        required=False,
        help_text="Printed in bold before the quote, for example “Compliment for the Leaving Care Team:”.",
        widget=forms.TextInput(attrs={"class": "govuk-input"}),
    )
    text = forms.CharField(
        label="Words to quote",
        help_text="Check that no one can be identified: names, places, dates and details that point to a person.",
        widget=forms.Textarea(attrs={"rows": 8, "class": "govuk-textarea"}),
    )
    position = forms.IntegerField(
        label="Order in the report",
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )


def recommendation_owners():
    return User.objects.filter(
        is_active=True, role__in=[Role.COMPLAINTS_OFFICER, Role.INVESTIGATING_MANAGER, Role.SENIOR_MANAGER]
    ).order_by("first_name", "last_name", "username")


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label="Recommendation",
        help_text="As the report prints it in section 10.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the recommendation"},
    )
    title = forms.CharField(
        label="Short name (optional)",
        max_length=300,
        required=False,
        help_text="Names it in next year's progress table, for example “Make use of the escalation process”.",
    )
    owner = StaffChoiceField(
        queryset=recommendation_owners(),
        label="Who owns it (optional)",
        help_text="They are reminded as the due date nears.",
        required=False,
        empty_label="Nobody yet",
    )
    due_on = GovukDateField(label="Due date (optional)", required=False)
    position = forms.IntegerField(
        label="Order in the report",
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"}),
    )

    def __init__(self, *args, words_frozen: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if words_frozen:  # the report that printed it is published: only the tracking changes
            for name in ("text", "title", "position"):
                self.fields[name].disabled = True


class ProgressNoteForm(forms.Form):
    status = forms.ChoiceField(
        label="Status now",
        choices=RecommendationStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status now"},
    )
    text = forms.CharField(
        label="Progress made",
        help_text="Next year's report prints the latest progress written before it is published.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the progress made"},
    )
