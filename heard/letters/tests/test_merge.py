"""Merge fields: what a case puts into a letter, and templates that name a field that does not exist."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from heard.core.errors import RuleBroken
from heard.letters import selectors, services
from heard.letters.merge import FIELDS, merge, template_errors
from heard.letters.models import LetterKind, LetterTemplate

pytestmark = pytest.mark.django_db


def test_a_stage_1_letter_takes_the_case_the_child_and_the_procedures_timescales(stage_1):
    values = selectors.merge_values(stage_1.case, stage_1, today=datetime.date(2025, 6, 12))
    assert set(values) == set(FIELDS)
    assert values["reference"] == stage_1.case.reference
    assert values["dear"] == "Dear Alex Parent"
    assert values["complainant_address"] == "1 High Street\nExampletown EX1 1AA"
    assert values["child_name"] == "Sam Parent"
    assert values["letter_date"] == "12 June 2025"
    assert values["received_date"] == "2 June 2025"
    # The statutory procedure: 10 working days at stage 1, extendable to 20.
    assert values["response_days"] == "10"
    assert values["extension_limit_days"] == "20"
    assert values["response_due_date"] == "16 June 2025"
    assert values["investigator"] == "Mina Manager"
    assert "stage 2" in values["escalation_rights"]
    assert "within 20 working days" in values["escalation_rights"]
    assert "Ombudsman" not in values["escalation_rights"]


def test_after_the_last_stage_the_escalation_rights_are_the_ombudsmans(stage_1):
    stage_3 = stage_1.case.investigations.create(
        stage=3, opened_on=datetime.date(2025, 9, 1), due_on=datetime.date(2025, 10, 13)
    )
    values = selectors.merge_values(stage_1.case, stage_3)
    assert "final response" in values["escalation_rights"]
    assert "PO Box 4771" in values["escalation_rights"]
    assert "Coventry CV4 0EH" in values["ombudsman_details"]


def test_a_case_without_a_name_or_child_is_greeted_plainly(stage_1):
    case = stage_1.case
    case.customer.name = ""
    case.customer.save()
    case.people.all().delete()
    values = selectors.merge_values(case, stage_1)
    assert values["dear"] == "Dear Sir or Madam"
    assert values["child_name"] == "your child"


def test_merge_fills_known_fields_only():
    assert (
        merge("{{ dear }}, about {{reference}}", {"dear": "Dear Jo", "reference": "CS-1"})
        == "Dear Jo, about CS-1"
    )


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("{{ dear }}, {{ complainant_phone }}", "{{ complainant_phone }} is not a merge field"),
        ("{{ dear|upper }}", "{{ dear|upper }} is not a merge field"),
        ("{% if dear %}Hello{% endif %}", "Letters take merge fields only"),
        ("{{ dear }, hello", "A merge field is not closed"),
    ],
)
def test_a_template_with_an_unknown_field_or_code_is_refused_on_save(officer, body, said):
    template = LetterTemplate.objects.get(kind=LetterKind.STAGE_1_RESPONSE)
    with pytest.raises(RuleBroken) as refused:
        services.letter_template_save(template=template, subject="Our response", body=body, actor=officer)
    assert said in refused.value.message
    assert refused.value.field == "body"
    template.refresh_from_db()
    assert template.body != body  # the saved wording is unchanged
    # The admin refuses it too (the model's own check).
    template.body = body
    with pytest.raises(ValidationError):
        template.full_clean()


def test_every_shipped_template_uses_known_fields_and_the_extension_gives_the_ombudsman():
    templates = selectors.letter_templates()
    assert set(templates) == set(LetterKind.values)
    for template in templates.values():
        assert template_errors(subject=template.subject, body=template.body) == {}
    assert "{{ ombudsman_details }}" in templates[LetterKind.EXTENSION].body
    assert "{{ escalation_rights }}" in templates[LetterKind.STAGE_1_RESPONSE].body


def test_an_extension_must_give_the_ombudsmans_details_and_a_response_the_escalation_rights(officer):
    for kind, field in (
        (LetterKind.EXTENSION, "ombudsman_details"),
        (LetterKind.STAGE_1_RESPONSE, "escalation_rights"),
    ):
        template = LetterTemplate.objects.get(kind=kind)
        with pytest.raises(RuleBroken, match=f"This letter must include {{{{ {field} }}}}"):
            services.letter_template_save(
                template=template, subject="s", body="{{ dear }},\n\nWe are sorry.", actor=officer
            )
    template = LetterTemplate.objects.get(kind=LetterKind.ACKNOWLEDGEMENT)
    services.letter_template_save(
        template=template, subject="s", body="{{ dear }},\n\nThank you.", actor=officer
    )
