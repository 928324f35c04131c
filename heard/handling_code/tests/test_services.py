"""The Code as shipped, the self-assessment's rules, and publishing: what is missing, in words."""

import datetime

import pytest

from heard.core.errors import RuleBroken
from heard.handling_code import services
from heard.handling_code.models import Assessment, CodeSection, Requirement
from heard.reporting.services import edition_unpublish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_year")]


def _answer_all(edition, compliance="complies"):
    services.assessments_save(
        edition=edition,
        answers=[
            services.Answer(r, compliance, evidence="The policy, section 3.", action="Train staff by June.")
            for r in Requirement.objects.all()
        ],
    )


def test_the_code_ships_with_its_sections_and_requirements():
    sections = list(CodeSection.objects.all())
    assert [s.title for s in sections] == [
        "Definition of a complaint",
        "Exclusions",
        "Accessibility and awareness",
        "Complaint handling staff",
        "The complaint handling process",
        "Stage 1",
        "Stage 2",
        "Putting things right",
        "Self-assessment, reporting and compliance",
        "Scrutiny and oversight: continuous learning and improvement",
    ]
    assert all(s.requirements.exists() for s in sections)
    first = Requirement.objects.get(reference="6.1")
    assert first.section.title == "Stage 1" and "5 working days" in first.summary


def test_an_answer_needs_a_compliance_and_anything_short_of_complying_needs_an_action():
    edition = services.code_edition_get_or_create(year=2026)
    requirement = Requirement.objects.get(reference="5.3")
    with pytest.raises(RuleBroken, match="Choose whether the council complies with 5.3.") as refused:
        services.assessments_save(
            edition=edition, answers=[services.Answer(requirement, "", evidence="Notes")]
        )
    assert refused.value.field == "5.3-compliance"
    with pytest.raises(
        RuleBroken, match="Say what the council will do to comply with 5.3, and by when."
    ) as refused:
        services.assessments_save(edition=edition, answers=[services.Answer(requirement, "partly")])
    assert refused.value.field == "5.3-action"
    services.assessments_save(
        edition=edition, answers=[services.Answer(requirement, "partly", " Some ", "Train by June 2027")]
    )
    services.assessments_save(edition=edition, answers=[services.Answer(requirement, "complies", "All")])
    assessment = Assessment.objects.get()
    assert (assessment.compliance, assessment.evidence, assessment.action) == ("complies", "All", "")


def test_publishing_says_what_is_missing_then_freezes_the_report_until_it_is_a_draft_again(officer):
    edition = services.code_edition_get_or_create(year=2026)
    count = Requirement.objects.count()
    with pytest.raises(RuleBroken) as refused:
        services.code_edition_publish(edition=edition, actor=officer)
    assert refused.value.message == (
        f"The 2026/27 report cannot be published yet: {count} requirements of the Code are not assessed "
        f"(1.1, 1.2, 1.3, 1.4, 1.5, 2.1, 2.2, 2.3 and {count - 8} more), the governing body's response is "
        "not recorded and the date of the governing body's response is not recorded."
    )
    _answer_all(edition)
    Assessment.objects.get(requirement__reference="9.4").delete()
    services.code_edition_update(
        edition=edition,
        introduction="",
        improvements="",
        governing_body_response="The Cabinet welcomed the report.",
        governing_body_response_on=None,
    )
    with pytest.raises(RuleBroken) as refused:
        services.code_edition_publish(edition=edition, actor=officer)
    assert refused.value.message == (
        "The 2026/27 report cannot be published yet: 1 requirement of the Code is not assessed (9.4) and "
        "the date of the governing body's response is not recorded."
    )
    _answer_all(edition)
    edition.governing_body_response_on = datetime.date(2027, 6, 10)
    services.code_edition_publish(edition=edition, actor=officer)
    assert edition.is_published and edition.published_by == officer
    with pytest.raises(RuleBroken, match="The 2026/27 complaints performance report is published: return it"):
        _answer_all(edition, "does_not")
    with pytest.raises(RuleBroken, match="is published"):
        services.code_edition_publish(edition=edition, actor=officer)
    edition_unpublish(edition=edition)
    assert not edition.is_published and edition.published_at is None
    _answer_all(edition, "does_not")
    assert set(Assessment.objects.values_list("compliance", flat=True)) == {"does_not"}


def test_a_response_date_needs_the_response():
    edition = services.code_edition_get_or_create(year=2026)
    with pytest.raises(RuleBroken, match="Write the governing body's response, or leave the date") as refused:
        services.code_edition_update(
            edition=edition,
            introduction="",
            improvements="",
            governing_body_response=" ",
            governing_body_response_on=datetime.date(2027, 6, 10),
        )
    assert refused.value.field == "governing_body_response"
