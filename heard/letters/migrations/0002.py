"""Heard's starting wording for each letter, the quality checklist, and quality checking on. The
council edits them on the letter templates page and in the admin."""

from django.db import migrations

SIGN_OFF = "Yours sincerely\n\n{{ team_name }}\n{{ council_name }}"
CONTACT = "You can contact the {{ team_name }} on {{ team_phone }} or at {{ team_email }}."

TEMPLATES = {
    "acknowledgement": (
        "We have received your complaint",
        "{{ dear }},\n\n"
        "Thank you for contacting us on {{ received_date }}. We have received your complaint and will deal "
        "with it under our complaints procedure. Your reference is {{ reference }}. Please quote it if you "
        "contact us.\n\n"
        "We understand your complaint to be about: {{ summary }}\n\n"
        "If we have misunderstood anything, please tell us as soon as you can.\n\n"
        "We will send you our response within {{ response_days }} working days. If we need more time, we "
        "will write to tell you why and when you can expect it.\n\n"
        "If you would like help to make your complaint, for example from an advocate, please tell us.\n\n"
        f"{CONTACT}\n\n{SIGN_OFF}",
    ),
    "stage_1_response": (
        "Our response to your complaint",
        "{{ dear }},\n\n"
        "Thank you for your complaint, which we received on {{ received_date }}. I am sorry you had cause "
        "to complain. I have looked into it, and this letter is our response at {{ stage }} of our "
        "complaints procedure.\n\n"
        "What you complained about\n"
        "[Set out each point of the complaint, as you agreed it with the complainant.]\n\n"
        "What we found\n{{ findings }}\n\n"
        "Our decision\n"
        "Your complaint is {{ outcome }}. [Give the decision on each point and the reasons for it.]\n\n"
        "Putting things right\n"
        "[Where we found fault: say sorry, say what we will do for you and what will change, and by when.]\n\n"
        "What you can do next\n{{ escalation_rights }}\n\n"
        "Yours sincerely\n\n{{ investigator }}\n{{ council_name }}",
    ),
    "extension": (
        "We need more time to respond to your complaint",
        "{{ dear }},\n\n"
        "I am writing about your complaint, reference {{ reference }}. I am sorry, but we need more time to "
        "respond to it. We now expect to send you our response by {{ response_due_date }}.\n\n"
        "Why we need more time\n{{ extension_reason }}\n\n"
        "Our complaints procedure allows up to {{ extension_limit_days }} working days for a response at "
        "{{ stage }} when a complaint needs more time.\n\n"
        "If you are not happy that we are taking longer, you can contact the Local Government and Social "
        "Care Ombudsman now. The Ombudsman is free and independent.\n\n"
        "{{ ombudsman_details }}\n\n"
        f"{CONTACT}\n\n{SIGN_OFF}",
    ),
    "stage_2_offer": (
        "Your request for your complaint to go to stage 2",
        "{{ dear }},\n\n"
        "Thank you for asking for your complaint, reference {{ reference }}, to be considered at stage 2 of "
        "our complaints procedure. We have received your request and the stage 2 investigation has "
        "started.\n\n"
        "At stage 2, an Investigating Officer who does not work for the service you complained about "
        "looks at your complaint again. For complaints about children's social care, an Independent Person "
        "also takes part, to make sure the investigation is open and fair.\n\n"
        "The Investigating Officer will contact you to agree what your complaint is about and what you "
        "would like to happen.\n\n"
        "We aim to send you our response by {{ response_due_date }}, which is {{ response_days }} working "
        "days after the investigation started.\n\n"
        "If you would like an advocate to help you, please tell us and we will arrange one.\n\n"
        f"{CONTACT}\n\n{SIGN_OFF}",
    ),
    "stage_2_adjudication": (
        "Our response to your complaint at stage 2",
        "{{ dear }},\n\n"
        "The investigation of your complaint, reference {{ reference }}, at stage 2 is complete. I have read "
        "the Investigating Officer's report and the Independent Person's report. This letter gives my "
        "decision on each point of your complaint.\n\n"
        "What we found\n{{ findings }}\n\n"
        "Our decision\n"
        "Your complaint is {{ outcome }}. [Give the decision on each point and the reasons for it.]\n\n"
        "Putting things right\n"
        "[Where we found fault: say sorry, say what we will do for you and what will change, and by when.]\n\n"
        "What you can do next\n{{ escalation_rights }}\n\n"
        "Yours sincerely\n\n[Name of the adjudicating officer]\n{{ council_name }}",
    ),
    "panel_invitation": (
        "Your review panel",
        "{{ dear }},\n\n"
        "You asked for a review panel to look at your complaint, reference {{ reference }}. Three people "
        "who are independent of the council will sit on the panel. They will look at how your complaint was "
        "handled at stage 2 and at the decisions made.\n\n"
        "The panel will meet on [date] at [time] at [place]. You are welcome to come, and to bring someone "
        "with you for support. Please tell us by [date] whether you will come and whether you need anything "
        "to help you take part.\n\n"
        "If you would like to send the panel anything in writing, please send it to us by [date].\n\n"
        f"{CONTACT}\n\n{SIGN_OFF}",
    ),
    "panel_response": (
        "The council's response to the review panel",
        "{{ dear }},\n\n"
        "The review panel met to consider your complaint, reference {{ reference }}, and has sent us its "
        "report. This letter gives the council's response to each of its recommendations.\n\n"
        "[For each recommendation: whether we accept it, what we will do and by when, or why we do not "
        "accept it.]\n\n"
        "What you can do next\n{{ escalation_rights }}\n\n"
        "Yours sincerely\n\n[Name of the director]\n{{ council_name }}",
    ),
    "ombudsman_cover": (
        "Our response to your enquiry: complaint {{ reference }}",
        "Dear Ombudsman,\n\n"
        "Thank you for your enquiry about the complaint of {{ complainant_name }}, our reference "
        "{{ reference }}.\n\n"
        "We enclose the information you asked for: [list what is enclosed, for example the complaint, our "
        "responses at each stage, the investigation reports and our contact with the complainant].\n\n"
        "In summary, the complaint was about {{ summary }} [Summarise what we found at each stage, what we "
        "have done to put things right and what we have learned.]\n\n"
        "If you need anything else, please contact the {{ team_name }} on {{ team_phone }} or at "
        "{{ team_email }}.\n\n" + SIGN_OFF,
    ),
}

CHECKLIST = [
    ("Every point of the complaint is answered", "Each point the complainant raised has its own finding."),
    ("Findings and reasons are clear", "What was found on each point, the decision and why."),
    ("An apology is given where fault was found", "A meaningful apology, not 'sorry you feel'."),
    ("Learning and what will change are explained", "What the service will do differently, and by when."),
    ("Escalation rights are given", "The next stage and how long they have to ask, or the Ombudsman."),
    ("It is in plain English", "Short sentences, no jargon or acronyms, a polite and personal tone."),
]


def add_defaults(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    ChecklistPoint = apps.get_model("letters", "ChecklistPoint")
    LetterSettings = apps.get_model("letters", "LetterSettings")
    for kind, (subject, body) in TEMPLATES.items():
        LetterTemplate.objects.get_or_create(kind=kind, defaults={"subject": subject, "body": body})
    for position, (text, hint) in enumerate(CHECKLIST, start=1):
        ChecklistPoint.objects.get_or_create(text=text, defaults={"hint": hint, "position": position})
    LetterSettings.objects.get_or_create(pk=1, defaults={"quality_check": True})


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_letters_templates_and_quality_checks")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
