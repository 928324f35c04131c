import datetime

from django import forms
from django.utils import timezone

from heard.cases.forms import GovukDateField
from heard.casework.models import ContactChannel, ContactDirection, DocumentKind
from heard.intake import uploads

STAFF_KINDS = [
    (value, label) for value, label in DocumentKind.choices if value != DocumentKind.OMBUDSMAN_BUNDLE
]


def _file_hint() -> str:
    """The public form's rule, for staff: "A PDF, a Word document (DOCX) or a photo ..., smaller than 10MB."""
    allowed = uploads.ALLOWED_DESCRIPTION
    return f"{allowed[:1].upper()}{allowed[1:]}, smaller than {uploads.max_bytes() // (1024 * 1024)}MB."


class DocumentAddForm(forms.Form):
    file = forms.FileField(
        label="Choose the file", error_messages={"required": "Choose the file to add to the case"}
    )
    kind = forms.ChoiceField(
        label="Type of document",
        choices=[("", "Choose a type"), *STAFF_KINDS],
        error_messages={"required": "Choose the type of document"},
    )
    from_whom = forms.CharField(
        label="Who sent or wrote it",
        max_length=200,
        required=False,
        help_text="For example, the complainant, a school or a social worker.",
    )
    description = forms.CharField(
        label="Description (optional)",
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_hint()


class ContactRecordForm(forms.Form):
    happened_on = GovukDateField(label="Date of the contact", initial=timezone.localdate)
    time = forms.CharField(
        label="Time (optional)",
        required=False,
        max_length=5,
        help_text="For example, 14:30",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    channel = forms.ChoiceField(
        label="How",
        choices=ContactChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the contact was made"},
    )
    direction = forms.ChoiceField(
        label="Who made the contact",
        choices=ContactDirection.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who made the contact"},
    )
    with_whom = forms.CharField(
        label="With whom",
        max_length=200,
        help_text="For example, the complainant, their advocate or a head teacher.",
        error_messages={"required": "Say who the contact was with"},
    )
    summary = forms.CharField(
        label="What was said or agreed",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what was said or agreed"},
    )
    file = forms.FileField(label="A document from the contact (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_hint()

    def clean_time(self) -> datetime.time | None:
        value = self.cleaned_data["time"].strip().replace(".", ":")
        if not value:
            return None
        try:
            hours, minutes = (int(part) for part in value.split(":"))
            return datetime.time(hours, minutes)
        except ValueError:
            raise forms.ValidationError("Enter the time as hours and minutes, for example 14:30") from None


class BundleForm(forms.Form):
    """Third parties whose names are removed from the bundle's text."""

    people = forms.MultipleChoiceField(
        label="People involved whose names to remove",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Their names (and dates of birth) are replaced by [name removed] in the timeline and the contact log.",
    )
    other_names = forms.CharField(
        label="Other names to remove (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One name on each line: for example a neighbour, another child or a member of staff at a school.",
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(p.pk), f"{p.name} ({p.get_role_display().lower()})") for p in people]
        if choices:
            self.fields["people"].choices = choices  # type: ignore[attr-defined]
        else:
            del self.fields["people"]
