"""The rows of "Check your answers": each answer in words, with a link to change it."""

import calendar

from heard.cases.models import Consent, Kind, ServiceArea
from heard.intake.forms import WHO_CHOICES, YOUNG

KIND_WORDS = {
    Kind.COMPLAINT: "Complaint",
    Kind.COMPLIMENT: "Compliment",
    Kind.COMMENT: "Comment or suggestion",
}
YOUNG_KIND_WORDS = {
    Kind.COMPLAINT: "Something is wrong and I want it sorted out",
    Kind.COMPLIMENT: "Something was good",
    Kind.COMMENT: "An idea or something else to say",
}
CONSENT_WORDS = {
    Consent.GIVEN: "Yes, they know and agree",
    Consent.PENDING: "I have not asked them yet",
    Consent.NOT_REQUIRED: "They are too young or not able to understand",
    Consent.REFUSED: "They do not agree",
}
RELATIONSHIP_WORDS = dict(WHO_CHOICES)


def _not_given(young: bool) -> str:
    return "Not given" if not young else "You did not say"


def summary_rows(journey) -> list[dict]:
    young = journey.audience == YOUNG
    answers = journey.answers
    values = journey.collected()
    applicable = {step.slug for step in journey.applicable()}
    rows: list[dict] = []

    def add(slug: str, key: str, value: str, hidden: str) -> None:
        if slug in applicable:
            rows.append(
                {
                    "key": key,
                    "value": value or _not_given(young),
                    "url": journey.step_url(slug),
                    "hidden": hidden,
                }
            )

    kind = values.get("kind", "")
    add(
        "what-kind",
        "What you want to tell us" if young else "Type of feedback",
        (YOUNG_KIND_WORDS if young else KIND_WORDS).get(kind, ""),
        "what you want to tell us" if young else "type of feedback",
    )
    add(
        "who-are-you",
        "Who you are",
        RELATIONSHIP_WORDS.get(values.get("relationship", ""), ""),
        "who you are",
    )
    add(
        "for-a-child",
        "On behalf of a child or young person",
        {"yes": "Yes", "no": "No, my own complaint"}.get(values.get("for_child", ""), ""),
        "whether you are complaining on behalf of a child or young person",
    )
    add(
        "their-agreement",
        "Does the child or young person agree",
        CONSENT_WORDS.get(values.get("consent", ""), ""),
        "whether the child or young person agrees",
    )
    if "about-the-child" in applicable:
        child = answers.get("about-the-child", {})
        add("about-the-child", "Child or young person's name", child.get("child_name", ""), "child's name")
        born = child.get("date_of_birth", "")
        if born:
            year, month, day = born.split("-")
            born = f"{int(day)} {calendar.month_name[int(month)]} {year}"
        add("about-the-child", "Their date of birth", born, "child's date of birth")
    area = ServiceArea.objects.filter(pk=values.get("service_area")).first()
    add(
        "service",
        "Who it is about" if young else "Service",
        (area.public_description or area.name) if area else "",
        "who it is about" if young else "service",
    )
    add(
        "what-happened",
        "What you told us" if young else ("What happened" if kind == Kind.COMPLAINT else "Your feedback"),
        values.get("details", ""),
        "what you told us" if young else "what happened",
    )
    add("when", "When it happened", values.get("happened_on", ""), "when it happened")
    add(
        "put-it-right",
        "What would make it better" if young else "What would put things right",
        values.get("desired_outcome", ""),
        "what would make it better" if young else "what would put things right",
    )
    add(
        "advocate",
        "Would you like an advocate" if young else "Advocate wanted",
        {"yes": "Yes", "no": "No"}.get(values.get("advocate", ""), ""),
        "whether you want an advocate",
    )
    add("contact", "Your name", values.get("name", ""), "your name")
    if young:
        add("contact", "Your age", values.get("age", ""), "your age")
    add("contact", "Email address", values.get("email", ""), "email address")
    add("contact", "Phone number", values.get("phone", ""), "phone number")
    add("contact", "Address", values.get("address", ""), "address")
    return rows
