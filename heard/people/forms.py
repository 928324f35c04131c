from django import forms

from heard.cases.models import Customer


def _cases(n: int) -> str:
    return f"{n} case" if n == 1 else f"{n} cases"


class MergeForm(forms.Form):
    kept = forms.ChoiceField(
        label="Which record do you keep?",
        widget=forms.RadioSelect,
        help_text="Every case of the other record moves to the one you keep. You can undo it afterwards.",
        error_messages={"required": "Select the record to keep"},
    )

    def __init__(self, *args, people: list[Customer], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["kept"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (str(p.pk), f"{p.name or 'No name'} ({p.customer_ref}), {_cases(getattr(p, 'cases_count', 0))}")
            for p in people
        ]


class ConfirmForm(forms.Form):
    """No fields: the button confirms."""


class PersonSplitForm(forms.Form):
    customer_ref = forms.CharField(
        label="Customer reference of the person it is from (optional)",
        required=False,
        max_length=100,
        help_text="Leave blank to make a new person with the details below.",
    )
    name = forms.CharField(label="Name (for a new person)", required=False, max_length=200)
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    phone = forms.CharField(label="Phone number (optional)", required=False, max_length=50)
    address = forms.CharField(
        label="Address (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean() or {}
        ref = data.get("customer_ref", "").strip()
        data["to"] = None
        if ref:
            to = Customer.objects.filter(customer_ref=ref).first()
            if to is None:
                self.add_error("customer_ref", f"There is no person with the customer reference {ref}")
            data["to"] = to
        elif not data.get("name", "").strip():
            self.add_error(
                "name", "Enter the customer reference of another person, or the name of a new person"
            )
        return data
