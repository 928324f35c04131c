from django import forms

from heard.cases.forms import GovukDateField
from heard.handling_code.models import CodeEdition, Compliance, Requirement


class CodeEditionForm(forms.ModelForm):
    governing_body_response_on = GovukDateField(
        label="Date the governing body gave its response", required=False
    )

    class Meta:
        model = CodeEdition
        fields = ["introduction", "improvements", "governing_body_response", "governing_body_response_on"]
        labels = {
            "introduction": "Introduction",
            "improvements": "Service improvements made from complaints",
            "governing_body_response": "The governing body's response",
        }
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 5}),
            "improvements": forms.Textarea(attrs={"rows": 6}),
            "governing_body_response": forms.Textarea(attrs={"rows": 6}),
        }


class AssessmentForm(forms.Form):
    """One requirement's assessment; its prefix is the requirement's reference, so that a refusal
    naming "5.3-action" lands on the right field."""

    compliance = forms.ChoiceField(choices=Compliance.choices, widget=forms.RadioSelect, required=False)
    evidence = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    action = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, requirement: Requirement, **kwargs):
        kwargs["prefix"] = requirement.reference
        super().__init__(*args, **kwargs)
        self.requirement = requirement
        reference = requirement.reference
        self.fields["compliance"].label = f"Does the council comply with {reference}?"
        self.fields["evidence"].label = f"Evidence for {reference}"
        self.fields[
            "evidence"
        ].help_text = "How the council knows: a policy, a web page, figures, a check made."
        self.fields["action"].label = f"Action to comply with {reference}"
        self.fields["action"].help_text = "Needed unless it complies: what will be done, and by when."

    def has_answer(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields)
