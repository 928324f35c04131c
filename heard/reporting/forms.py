from datetime import date

from django import forms

from heard.calendar.periods import reporting_year_of
from heard.cases.models import ServiceArea
from heard.reporting import metrics
from heard.reporting.models import ReportEdition
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


class ProgressForm(forms.Form):
    action = forms.CharField(
        label="Last year's recommendation or action",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
    )
    progress = forms.CharField(
        label="Progress made",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "govuk-textarea"}),
    )


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label="Recommendation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "class": "govuk-textarea"}),
    )


ProgressFormSet = forms.formset_factory(ProgressForm, extra=2)
RecommendationFormSet = forms.formset_factory(RecommendationForm, extra=2)
