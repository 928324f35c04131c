from typing import cast

from django import forms

from heard.cases.models import Investigation
from heard.letters.models import CheckDecision, ChecklistPoint, LetterKind, SentBy


class StageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_stage_display() + (f" (investigation {obj.number})" if obj.number > 1 else "")


class LetterDraftForm(forms.Form):
    kind = forms.ChoiceField(
        label="Which letter?",
        choices=LetterKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which letter to write"},
    )
    investigation: forms.ModelChoiceField = StageChoiceField(
        label="Which stage is it about?",
        queryset=Investigation.objects.none(),
        required=False,
        empty_label="None: the complaint as a whole",
        help_text="A response letter answers its stage: choose that stage's investigation.",
    )

    def __init__(self, *args, investigations, fixed=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["investigation"])
        field.queryset = investigations
        if fixed is not None:
            del self.fields["investigation"]


class LetterEditForm(forms.Form):
    subject = forms.CharField(
        label="Subject", max_length=300, error_messages={"required": "Write the letter's subject"}
    )
    body = forms.CharField(
        label="The letter",
        help_text="Leave a blank line between paragraphs. Replace anything in [square brackets].",
        widget=forms.Textarea(attrs={"rows": 24}),
        error_messages={"required": "Write the letter"},
    )


class LetterSubmitForm(forms.Form):
    pass


MET_CHOICES = [("yes", "Met"), ("no", "Not met")]


class LetterCheckForm(forms.Form):
    """A met/not met answer and an optional comment for each checklist point, then the decision."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=CheckDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve the letter or return it"},
    )
    comment = forms.CharField(
        label="Comments for the drafter (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, points: list[ChecklistPoint], **kwargs):
        super().__init__(*args, **kwargs)
        self.points = points
        decision, comment = self.fields.pop("decision"), self.fields.pop("comment")
        for point in points:
            self.fields[f"met_{point.pk}"] = forms.ChoiceField(
                label=point.text,
                help_text=point.hint,
                choices=MET_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": f"Say whether “{point.text}” is met"},
            )
            self.fields[f"comment_{point.pk}"] = forms.CharField(
                label=f"Comment on “{point.text}” (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.fields["decision"], self.fields["comment"] = decision, comment

    def answers(self) -> list[tuple[ChecklistPoint, bool, str]]:
        data = self.cleaned_data
        return [(p, data[f"met_{p.pk}"] == "yes", data.get(f"comment_{p.pk}", "")) for p in self.points]


class LetterSendForm(forms.Form):
    sent_by = forms.ChoiceField(
        label="How will it be sent?",
        choices=SentBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the letter is sent"},
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["sent_by"]).choices = [
            (
                SentBy.EMAIL,
                f"By email to {email}, with the letter attached as a PDF" if email else "By email",
            ),
            (SentBy.POST, "By post: I will print the PDF and post it"),
        ]


class LetterTemplateForm(forms.Form):
    subject = forms.CharField(
        label="Subject", max_length=300, error_messages={"required": "Write the letter's subject"}
    )
    body = forms.CharField(
        label="The letter",
        help_text="Merge fields are written {{ like_this }}: the list below says what each one puts in.",
        widget=forms.Textarea(attrs={"rows": 24}),
        error_messages={"required": "Write the letter"},
    )
    preview_case = forms.CharField(
        label="Preview with a case (optional)",
        help_text="A case reference, e.g. CS-2026-00042: the preview shows this text filled in from it.",
        required=False,
        max_length=50,
    )
