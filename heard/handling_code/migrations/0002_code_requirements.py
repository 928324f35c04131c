"""The Complaint Handling Code's sections and requirements, summarised in Heard's own words (a council
may edit them, or add its own, in the admin: Complaint Handling Code → Code sections)."""

from django.db import migrations

CODE = [
    (
        "Definition of a complaint",
        [
            "A complaint is any expression of dissatisfaction, however it is made, about the council's "
            "service, its actions or its failure to act, affecting one person or a group.",
            "A complaint is accepted as one whether or not the person uses the word 'complaint'.",
            "A request for a service is not a complaint, but dissatisfaction with how a request was "
            "handled is, and is recorded as one.",
            "Dissatisfaction given in a survey is not treated as a complaint, but the person is told how "
            "to complain if they wish.",
            "Anyone affected may complain, and someone may complain on another person's behalf with "
            "their consent.",
        ],
    ),
    (
        "Exclusions",
        [
            "The complaints policy says clearly when a complaint will not be considered, and those "
            "reasons are fair and reasonable.",
            "Each request is judged on its own facts: an exclusion is never applied as a blanket rule.",
            "When a complaint is not taken on, the person is told why in writing and that they may go "
            "to the Ombudsman.",
        ],
    ),
    (
        "Accessibility and awareness",
        [
            "It is easy to complain, in several ways (in person, by phone, in writing, online), and no "
            "complaint is refused because of the way it was made.",
            "Reasonable adjustments are made for people who need them, under the Equality Act 2010, "
            "and the council has a policy on them.",
            "The complaints policy and process are published on the council's website in plain language "
            "and in accessible formats.",
            "People are told they may get help to complain (for example from an advocate) and that they "
            "may go to the Ombudsman.",
        ],
    ),
    (
        "Complaint handling staff",
        [
            "A named person or team is responsible for complaint handling, with the authority to "
            "reach staff and information across the council.",
            "Staff who handle complaints are trained, have the skills they need and can act "
            "independently and fairly.",
            "Complaint handling is treated as a core service and has the resources it needs.",
        ],
    ),
    (
        "The complaint handling process",
        [
            "There is one complaints policy with two stages, and no extra stage is added.",
            "The complaint is understood and defined with the person, with the outcome they are "
            "seeking, and the definition is recorded.",
            "The person handling a complaint has no conflict of interest and decides on the evidence.",
            "The complainant is kept informed and has a fair chance to set out their position.",
            "A full record is kept of each complaint, its response and any remedy.",
            "No one is treated less favourably for having complained; any restriction on contact "
            "because of unacceptable behaviour is proportionate, recorded and reviewed.",
        ],
    ),
    (
        "Stage 1",
        [
            "A complaint is acknowledged and logged within 5 working days of being received.",
            "The stage 1 response is sent within 10 working days of the acknowledgement.",
            "Any extension is of no more than 10 further working days, with the reason explained to "
            "the complainant.",
            "The response answers every point raised, gives the decision and the reasons for it, in "
            "plain language.",
            "The response says what will be done to put things right and how to ask for stage 2.",
        ],
    ),
    (
        "Stage 2",
        [
            "A request for stage 2 is accepted without the complainant having to explain why they "
            "remain dissatisfied.",
            "A request for stage 2 is acknowledged and logged within 5 working days.",
            "Stage 2 is handled by someone who was not involved at stage 1.",
            "The stage 2 response is sent within 20 working days of the acknowledgement; any extension "
            "is of no more than 20 further working days, with the reason explained.",
            "The stage 2 response is the council's final answer and says how to go to the Ombudsman.",
        ],
    ),
    (
        "Putting things right",
        [
            "Where something has gone wrong, the council says so and sets out what it has done or will "
            "do to put it right.",
            "A remedy fits the fault and its impact (an apology, an action, a changed decision or "
            "policy, a payment), taking account of the Ombudsman's guidance on remedies.",
            "Remedies are carried out promptly and followed through, and the complainant is told "
            "when they are done.",
        ],
    ),
    (
        "Self-assessment, reporting and compliance",
        [
            "Each year the council produces a complaints performance and service improvement report, "
            "with this self-assessment, for its governing body.",
            "The report and the governing body's response are published on the council's website.",
            "The self-assessment is reviewed after any significant change to the council or its "
            "complaint handling.",
            "Where the council cannot comply with the Code, it tells the Ombudsman and the people "
            "affected, and says when it will comply.",
        ],
    ),
    (
        "Scrutiny and oversight: continuous learning and improvement",
        [
            "Complaints are used to learn and to improve services, and the culture welcomes them.",
            "Learning from complaints is shared across the council, not only with the service "
            "complained about.",
            "A senior officer is accountable for complaint handling, and a member of the governing "
            "body is responsible for complaints and their scrutiny.",
            "The governing body receives regular information on complaints, their handling and the "
            "improvements made, and scrutinises it.",
        ],
    ),
]


def ship(apps, schema_editor):
    CodeSection = apps.get_model("handling_code", "CodeSection")
    Requirement = apps.get_model("handling_code", "Requirement")
    for number, (title, requirements) in enumerate(CODE, start=1):
        section = CodeSection.objects.create(number=number, title=title)
        for position, summary in enumerate(requirements, start=1):
            Requirement.objects.create(
                section=section, reference=f"{number}.{position}", position=position, summary=summary
            )


def remove(apps, schema_editor):
    apps.get_model("handling_code", "CodeSection").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("handling_code", "0001_initial")]

    operations = [migrations.RunPython(ship, remove)]
