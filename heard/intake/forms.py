"""The questions, one form per page. Error messages follow the GOV.UK Design System: they say what
went wrong and how to fix it, in the words of the question."""

import re
from datetime import date
from typing import cast

from django import forms
from django.core.validators import validate_email
from django.utils import timezone

from heard.cases.models import Consent, Kind, Relationship, ServiceArea

ADULT = "adult"
YOUNG = "young"

PHONE_CHARACTERS = re.compile(r"^[0-9+()\-.\s]+$")


def _text(value) -> str:
    return (value or "").strip()


class QuestionForm(forms.Form):
    """A page's form; `audience` and the answers so far decide its wording and what is required."""

    def __init__(self, *args, audience: str = ADULT, answers: dict | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.audience = audience
        self.answers = answers or {}
        self.setup()

    def setup(self) -> None:
        pass

    @property
    def feedback_kind(self) -> str:
        return self.answers.get("what-kind", {}).get("kind", "")

    def choice_field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    @property
    def is_young(self) -> bool:
        return self.audience == YOUNG

    def answer(self) -> dict:
        """The cleaned data as it is kept in the session (JSON)."""
        return dict(self.cleaned_data)


class KindForm(QuestionForm):
    kind = forms.ChoiceField(
        choices=Kind.choices,
        error_messages={
            "required": "Select whether you want to make a complaint, give a compliment or make a comment",
            "invalid_choice": "Select whether you want to make a complaint, give a compliment or make a comment",
        },
    )

    def setup(self) -> None:
        if self.is_young:
            self.choice_field("kind").choices = [
                (Kind.COMPLAINT, "Something is wrong and I want it sorted out"),
                (Kind.COMPLIMENT, "Something was good and I want to say thank you"),
                (Kind.COMMENT, "I have an idea or something else to say"),
            ]
            self.fields["kind"].error_messages["required"] = "Choose what you want to tell us"
        else:
            self.choice_field("kind").choices = [
                (Kind.COMPLAINT, "Make a complaint"),
                (Kind.COMPLIMENT, "Give a compliment"),
                (Kind.COMMENT, "Make a comment or suggestion"),
            ]


# Who gives feedback. Each answer is stored as the case's relationship.
WHO_CHOICES = [
    (Relationship.THE_PERSON, "I am the child or young person it is about"),
    (Relationship.PARENT_OR_CARER, "I am a parent or carer of the child or young person"),
    (Relationship.RELATIVE_OR_FRIEND, "I am another relative or a family friend"),
    (Relationship.PROFESSIONAL, "I am a professional, such as a teacher, doctor or social worker"),
    (Relationship.ADVOCATE, "I am an advocate for a child or young person"),
    (Relationship.MEMBER_OF_PUBLIC, "I am a member of the public"),
]
# Those who complain for a child whenever they complain; and those asked whether they do.
ALWAYS_FOR_A_CHILD = {Relationship.PARENT_OR_CARER, Relationship.ADVOCATE}
ASKED_IF_FOR_A_CHILD = {Relationship.RELATIVE_OR_FRIEND, Relationship.PROFESSIONAL}


def asks_if_for_a_child(values: dict) -> bool:
    """Whether the form asks if a complaint is made on a child's behalf (`values`: the answers so far,
    flattened)."""
    return values.get("kind") == Kind.COMPLAINT and values.get("relationship") in ASKED_IF_FOR_A_CHILD


def for_a_child(values: dict) -> bool:
    """Whether the feedback is a complaint made on behalf of a child or young person: only then does
    the form ask about the child, their agreement and an advocate. Compliments and comments, and
    complaints people make in their own right, ask none of that."""
    if values.get("kind") != Kind.COMPLAINT:
        return False
    relationship = values.get("relationship")
    if relationship in ALWAYS_FOR_A_CHILD:
        return True
    return asks_if_for_a_child(values) and values.get("for_child") == "yes"


class RelationshipForm(QuestionForm):
    relationship = forms.ChoiceField(
        choices=WHO_CHOICES,
        error_messages={
            "required": "Select who you are",
            "invalid_choice": "Select who you are",
        },
    )


class ForAChildForm(QuestionForm):
    for_child = forms.ChoiceField(
        choices=[
            ("yes", "Yes, on behalf of a child or young person"),
            ("no", "No, it is my own complaint"),
        ],
        error_messages={
            "required": "Select whether you are complaining on behalf of a child or young person",
            "invalid_choice": "Select whether you are complaining on behalf of a child or young person",
        },
    )


class ConsentForm(QuestionForm):
    consent = forms.ChoiceField(
        choices=[
            (Consent.GIVEN, "Yes, they know and agree"),
            (Consent.PENDING, "I have not asked them yet"),
            (Consent.NOT_REQUIRED, "They are too young or not able to understand"),
            (Consent.REFUSED, "They do not agree"),
        ],
        error_messages={
            "required": "Select whether the child or young person agrees to you contacting us",
            "invalid_choice": "Select whether the child or young person agrees to you contacting us",
        },
    )


class ChildForm(QuestionForm):
    child_name = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Enter the child or young person's name",
            "max_length": "The child or young person's name must be 200 characters or less",
        },
    )
    dob_day = forms.CharField(required=False)
    dob_month = forms.CharField(required=False)
    dob_year = forms.CharField(required=False)

    date_parts = ("dob_day", "dob_month", "dob_year")

    def __init__(self, *args, **kwargs) -> None:
        self.date_error_parts: list[str] = []
        super().__init__(*args, **kwargs)

    def _date_error(self, message: str, parts: list[str]) -> None:
        self.date_error_parts = parts
        self.add_error(parts[0], message)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        values = {part: _text(self.data.get(self.add_prefix(part))) for part in self.date_parts}
        names = {"dob_day": "day", "dob_month": "month", "dob_year": "year"}
        given = [part for part, value in values.items() if value]
        if not given:
            data["date_of_birth"] = ""
            return data
        missing = [part for part in self.date_parts if part not in given]
        if missing:
            words = " and ".join(names[part] for part in missing)
            self._date_error(f"Date of birth must include a {words}", missing)
            return data
        if not all(value.isdigit() and len(value) <= 4 for value in values.values()):
            self._date_error("Date of birth must be a real date", list(self.date_parts))
            return data
        if len(values["dob_year"]) != 4:
            self._date_error("Year must include 4 numbers", ["dob_year"])
            return data
        try:
            born = date(int(values["dob_year"]), int(values["dob_month"]), int(values["dob_day"]))
        except ValueError:
            self._date_error("Date of birth must be a real date", list(self.date_parts))
            return data
        today = timezone.localdate()
        if born > today:
            self._date_error("Date of birth must be today or in the past", list(self.date_parts))
            return data
        if born.year < today.year - 30:
            self._date_error(
                f"Date of birth must be after 1 January {today.year - 30}: we can only help with "
                "feedback about children and young people",
                list(self.date_parts),
            )
            return data
        data["date_of_birth"] = born.isoformat()
        return data

    @property
    def date_error(self) -> str:
        for part in self.date_parts:
            if self.errors.get(part):
                return str(self.errors[part][0])
        return ""

    def date_inputs(self) -> list[dict]:
        labels = {"dob_day": ("Day", 2), "dob_month": ("Month", 2), "dob_year": ("Year", 4)}
        return [
            {
                "name": part,
                "label": labels[part][0],
                "width": labels[part][1],
                "value": self[part].value() or "",
                "error": part in self.date_error_parts,
            }
            for part in self.date_parts
        ]

    def answer(self) -> dict:
        return {
            "child_name": self.cleaned_data["child_name"].strip(),
            "date_of_birth": self.cleaned_data.get("date_of_birth", ""),
            "dob_day": self.cleaned_data.get("dob_day", ""),
            "dob_month": self.cleaned_data.get("dob_month", ""),
            "dob_year": self.cleaned_data.get("dob_year", ""),
        }


class ServiceForm(QuestionForm):
    service_area = forms.TypedChoiceField(
        coerce=int,
        error_messages={
            "required": "Select the service your feedback is about",
            "invalid_choice": "Select the service your feedback is about",
        },
    )

    def setup(self) -> None:
        self.choice_field("service_area").choices = [
            (area.pk, area.public_description or area.name) for area in ServiceArea.objects.all()
        ]
        if self.is_young:
            self.fields["service_area"].error_messages["required"] = "Choose who your message is about"


def _length_message(thing: str, limit: int) -> str:
    return f"{thing} must be {limit:,} characters or less"


class DetailsForm(QuestionForm):
    details = forms.CharField(widget=forms.Textarea, max_length=10_000)

    def setup(self) -> None:
        messages: dict[tuple[str, str], tuple[str, str]] = {
            (ADULT, Kind.COMPLAINT): ("Enter what happened", "What happened"),
            (ADULT, Kind.COMPLIMENT): ("Enter what you want to thank us for", "Your compliment"),
            (ADULT, Kind.COMMENT): ("Enter your comment", "Your comment"),
            (YOUNG, Kind.COMPLAINT): ("Tell us what happened", "What happened"),
            (YOUNG, Kind.COMPLIMENT): ("Tell us what was good", "What was good"),
            (YOUNG, Kind.COMMENT): ("Tell us what you want to say", "Your message"),
        }
        required, thing = messages.get(
            (self.audience, self.feedback_kind), ("Enter your feedback", "Your feedback")
        )
        self.fields["details"].error_messages = {
            "required": required,
            "max_length": _length_message(thing, 10_000),
        }


class WhenForm(QuestionForm):
    happened_on = forms.CharField(required=False, max_length=200)

    def setup(self) -> None:
        field = self.fields["happened_on"]
        field.required = self.feedback_kind == Kind.COMPLAINT and not self.is_young
        field.error_messages = {
            "required": "Enter when it happened",
            "max_length": _length_message("When it happened", 200),
        }


class OutcomeForm(QuestionForm):
    desired_outcome = forms.CharField(widget=forms.Textarea, required=False, max_length=5_000)

    def setup(self) -> None:
        field = self.fields["desired_outcome"]
        field.required = not self.is_young
        field.error_messages = {
            "required": "Enter what would put things right",
            "max_length": _length_message("What would put things right", 5_000),
        }


class AdvocateForm(QuestionForm):
    advocate = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")])

    def setup(self) -> None:
        message = (
            "Choose yes if you would like an advocate to help you"
            if self.is_young
            else "Select yes if the child or young person would like an advocate"
        )
        self.fields["advocate"].error_messages = {"required": message, "invalid_choice": message}


class ContactForm(QuestionForm):
    name = forms.CharField(required=False, max_length=200)
    email = forms.CharField(required=False, max_length=254)
    phone = forms.CharField(required=False, max_length=50)
    address = forms.CharField(required=False, max_length=500, widget=forms.Textarea)
    age = forms.CharField(required=False)

    def setup(self) -> None:
        self.fields["name"].error_messages["max_length"] = _length_message("Your name", 200)
        self.fields["email"].error_messages["max_length"] = _length_message("Email address", 254)
        self.fields["phone"].error_messages["max_length"] = _length_message("Phone number", 50)
        self.fields["address"].error_messages["max_length"] = _length_message("Address", 500)
        if not self.is_young:
            del self.fields["age"]

    @property
    def may_be_anonymous(self) -> bool:
        """Compliments and comments may be anonymous; a complaint needs someone to reply to."""
        return self.feedback_kind != Kind.COMPLAINT

    def clean_email(self) -> str:
        email = _text(self.cleaned_data.get("email"))
        if email:
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    "Enter an email address in the correct format, like name@example.com"
                ) from None
        return email

    def clean_phone(self) -> str:
        phone = _text(self.cleaned_data.get("phone"))
        if phone:
            digits = re.sub(r"\D", "", phone)
            if not PHONE_CHARACTERS.match(phone) or not 10 <= len(digits) <= 15:
                raise forms.ValidationError(
                    "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
                )
        return phone

    def clean_age(self) -> str:
        age = _text(self.cleaned_data.get("age"))
        if age:
            if not age.isdigit() or len(age) > 3:
                raise forms.ValidationError("Age must be a number, like 12")
            if not 1 <= int(age) <= 25:
                raise forms.ValidationError("Age must be between 1 and 25")
        return age

    def clean(self):
        super().clean()
        data = self.cleaned_data
        name = _text(data.get("name"))
        data["name"] = name
        data["address"] = _text(data.get("address"))
        if self.may_be_anonymous:
            return data
        if not name and "name" not in self.errors:
            self.add_error(
                "name",
                "Enter your name" if self.is_young else "Enter your full name so we know who to reply to",
            )
        ways = ("email", "phone", "address")
        if not any(data.get(way) for way in ways) and not any(way in self.errors for way in ways):
            self.add_error(
                "email",
                "Enter an email address, a phone number or an address so we can tell you what happens"
                if self.is_young
                else "Enter an email address, a phone number or a postal address so we can reply to you",
            )
        return data


class FilesForm(QuestionForm):
    """Files are checked one by one in heard.intake.uploads; the form only carries the button."""


class SubmitForm(forms.Form):
    token = forms.CharField(max_length=64)
    # The honeypot: hidden from people and assistive technology, filled in by form-filling robots.
    website = forms.CharField(required=False, max_length=200)
