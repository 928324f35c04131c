from django import forms


class LegalHoldForm(forms.Form):
    reason = forms.CharField(
        label="Why must it be kept?",
        help_text="For example a claim, an Ombudsman investigation, a request for information or an inquiry.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the case must be kept."},
    )
    whole_person = forms.BooleanField(
        label="Hold every case of this person, not only this one", required=False
    )


class LegalHoldLiftForm(forms.Form):
    reason = forms.CharField(
        label="Why can the hold end?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the hold can end."},
    )


class KeepForm(forms.Form):
    reason = forms.CharField(
        label="Why must this case be kept?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the case must be kept."},
    )


class AuthoriseForm(forms.Form):
    confirmed = forms.BooleanField(
        label="I have reviewed the list and authorise the disposal of the personal data of every case on it not kept",
        error_messages={"required": "Confirm that you have reviewed the list and authorise the disposal."},
    )
