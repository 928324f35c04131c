"""Merge fields: the words a letter template may take from its case, written {{ like_this }}.

Plain substitution, nothing else: no tags, filters or code, so a template can never reach anything
but these values. A template naming a field that is not here is refused when it is saved.
"""

import re

# The Ombudsman's address, for letters after the last stage and for the extension letter.
OMBUDSMAN_DETAILS = (
    "Local Government and Social Care Ombudsman\n"
    "PO Box 4771\n"
    "Coventry CV4 0EH\n"
    "Telephone: 0300 061 0614\n"
    "Website: www.lgo.org.uk"
)

FIELD = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
TAG = re.compile(r"\{%|%\}|\{#|#\}")

# Every merge field, with what it says: the template page lists them.
FIELDS: dict[str, str] = {
    "reference": "the case reference, e.g. CS-2026-00042",
    "letter_date": "the day the letter is drafted, e.g. 7 December 2026",
    "complainant_name": "the name of the person who gave the feedback",
    "complainant_address": "their postal address, a line each",
    "dear": "how the letter greets them, e.g. Dear Alex Parent (Dear Sir or Madam without a name)",
    "child_name": "the child's or young person's name where recorded, otherwise 'your child'",
    "received_date": "the day the complaint was received",
    "summary": "the complaint in short, as recorded on the case",
    "stage": "the stage the letter is about, e.g. stage 1",
    "stage_opened_date": "the day that stage opened",
    "response_days": "the stage's timescale in working days, from the procedure, e.g. 10",
    "response_due_date": "the day the response is due (after any extension)",
    "extension_limit_days": "the furthest the stage may be extended to, in working days",
    "extension_reason": "why the response was extended, as recorded (a [reminder] until it is)",
    "investigator": "the investigating manager of the stage",
    "findings": "the findings recorded on the stage (a [reminder] until they are)",
    "outcome": "the outcome recorded on the stage, e.g. partially upheld (a [reminder] until it is)",
    "escalation_rights": "what the complainant can do next: the next stage and how long they have to "
    "ask for it, or the Ombudsman's details after the last stage",
    "ombudsman_details": "the Local Government and Social Care Ombudsman's contact details",
    "team_name": "the council's feedback team",
    "team_phone": "the feedback team's telephone number",
    "team_email": "the feedback team's email address",
    "council_name": "the council",
}


def template_errors(*, subject: str, body: str, required: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """What is wrong with a template's subject and body, by field; empty when nothing is. A letter
    that must say something (the Ombudsman's details in an extension) names its field in `required`."""
    errors: dict[str, list[str]] = {}
    used = set(FIELD.findall(subject)) | set(FIELD.findall(body))
    for name in required:
        if name not in used:
            errors.setdefault("body", []).append(
                f"This letter must include {{{{ {name} }}}}: {FIELDS[name]}."
            )
    for name, text in (("subject", subject), ("body", body)):
        found = []
        if TAG.search(text):
            found.append(
                "Letters take merge fields only, written {{ like_this }}: remove the {% %} or {# #} part."
            )
        unknown = [field for field in FIELD.findall(text) if field not in FIELDS]
        if unknown:
            found.append(
                f"{{{{ {unknown[0]} }}}} is not a merge field. Use one of the fields listed on the page, "
                "for example {{ complainant_name }}."
            )
        leftover = FIELD.sub("", text)
        if not unknown and ("{{" in leftover or "}}" in leftover):
            found.append("A merge field is not closed: write it as {{ field_name }}.")
        if found:
            errors[name] = found + errors.get(name, [])
    return errors


def merge(text: str, values: dict[str, str]) -> str:
    """The text with each merge field replaced by its value (an unknown one is left as written)."""
    return FIELD.sub(lambda match: values.get(match.group(1), match.group(0)), text)
