"""The letter pages: who may reach each (404 outside the user's reach, 403 for a step not theirs),
what they show, and that each is in the access log."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from heard.audit.models import AccessAction, CaseAccess
from heard.cases.models import Status
from heard.core.testing.fixtures import signed_in
from heard.letters import selectors, services
from heard.letters.models import CheckDecision, Letter, LetterKind, LetterStatus, LetterTemplate
from heard.letters.tests.conftest import finished

pytestmark = pytest.mark.django_db

FRIDAY = datetime.datetime(2025, 6, 13, 11, tzinfo=datetime.UTC)


@pytest.fixture
def letter(stage_1, manager):
    drafted = services.letter_draft(
        case=stage_1.case, kind=LetterKind.STAGE_1_RESPONSE, investigation=stage_1, actor=manager
    )
    return finished(drafted, manager)


def approve(letter, manager, officer):
    services.letter_submit(letter=letter, actor=manager)
    services.letter_check(
        letter=letter,
        decision=CheckDecision.APPROVED,
        answers=[services.Answer(p, True) for p in selectors.checklist()],
        comment="",
        actor=officer,
    )


def urls(letter):
    args = [letter.case.reference, letter.pk]
    return {
        name: reverse(f"letters:{name}", args=args) for name in ("detail", "edit", "submit", "check", "send")
    } | {"pdf": reverse("letters:download", args=[*args, "pdf"])}


def test_the_investigator_drafts_a_response_on_their_own_stage(manager_client, stage_1):
    page = manager_client.get(reverse("cases:detail", args=[stage_1.case.reference])).content.decode()
    assert reverse("letters:investigation_draft", args=[stage_1.case.reference, stage_1.pk]) in page
    assert (
        reverse("letters:draft", args=[stage_1.case.reference]) not in page
    )  # the case-wide one is officers'

    url = reverse("letters:investigation_draft", args=[stage_1.case.reference, stage_1.pk])
    form = manager_client.get(url).content.decode()
    assert 'value="stage_1_response" checked' in form  # the stage's response is chosen already
    response = manager_client.post(url, {"kind": LetterKind.STAGE_1_RESPONSE})
    letter = Letter.objects.get()
    assert response["Location"] == reverse("letters:detail", args=[stage_1.case.reference, letter.pk])
    assert letter.investigation == stage_1 and letter.body.startswith("Dear Alex Parent,")
    assert CaseAccess.objects.filter(
        case=stage_1.case, action=AccessAction.CHANGED, what__contains="drafted"
    ).exists()


def test_a_manager_drafts_only_on_their_own_investigation(colleague_client, stage_1):
    """A colleague in the same team sees the case but is not its investigator."""
    case = stage_1.case
    assert colleague_client.get(reverse("cases:detail", args=[case.reference])).status_code == 200
    assert (
        colleague_client.get(
            reverse("letters:investigation_draft", args=[case.reference, stage_1.pk])
        ).status_code
        == 403
    )
    assert colleague_client.get(reverse("letters:draft", args=[case.reference])).status_code == 403
    response = colleague_client.post(
        reverse("letters:investigation_draft", args=[case.reference, stage_1.pk]),
        {"kind": LetterKind.STAGE_1_RESPONSE},
    )
    assert response.status_code == 403 and not Letter.objects.exists()


def test_outside_a_managers_reach_every_letter_page_is_not_found(manager_client, other_case, officer):
    letter = services.letter_draft(case=other_case, kind=LetterKind.ACKNOWLEDGEMENT, actor=officer)
    for url in urls(letter).values():
        assert manager_client.get(url).status_code == 404, url
    assert manager_client.get(reverse("letters:draft", args=[other_case.reference])).status_code == 404
    stage = other_case.investigations.get()
    assert (
        manager_client.get(
            reverse("letters:investigation_draft", args=[other_case.reference, stage.pk])
        ).status_code
        == 404
    )


def test_only_the_feedback_team_checks_a_letter(
    manager_client, senior_client, officer_client, letter, manager
):
    services.letter_submit(letter=letter, actor=manager)
    check = urls(letter)["check"]
    assert manager_client.get(check).status_code == 403
    assert senior_client.get(check).status_code == 403
    page = officer_client.get(check)
    assert page.status_code == 200
    html = page.content.decode()
    for point in selectors.checklist():
        assert point.text in html
    assert "Dear Alex Parent," in html  # the letter beside the checklist


def test_a_senior_manager_reads_and_downloads_but_drafts_nothing(senior_client, letter):
    assert senior_client.get(urls(letter)["detail"]).status_code == 200
    assert senior_client.get(urls(letter)["edit"]).status_code == 403
    assert senior_client.get(reverse("letters:draft", args=[letter.case.reference])).status_code == 403
    response = senior_client.get(urls(letter)["pdf"])
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert CaseAccess.objects.filter(
        case=letter.case, action=AccessAction.EXPORTED, what__contains="as PDF"
    ).exists()
    assert CaseAccess.objects.filter(
        case=letter.case, action=AccessAction.VIEWED, what__contains="Viewed the letter"
    ).exists()


def test_a_returned_letter_shows_the_check_and_its_comments_to_the_drafter(
    manager_client, letter, manager, officer
):
    services.letter_submit(letter=letter, actor=manager)
    officer_client = signed_in(officer)
    data = {"decision": "returned", "comment": "Answer the point about the phone calls too."}
    for point in selectors.checklist():
        data[f"met_{point.pk}"] = "no" if point.text.startswith("Every point") else "yes"
    response = officer_client.post(urls(letter)["check"], data)
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.RETURNED
    page = manager_client.get(urls(letter)["detail"]).content.decode()
    assert "Returned at quality check" in page
    assert "Answer the point about the phone calls too." in page
    assert "Not met" in page
    assert urls(letter)["edit"] in page and urls(letter)["submit"] in page


def test_a_check_without_answers_says_what_is_missing(officer_client, letter, manager):
    services.letter_submit(letter=letter, actor=manager)
    page = officer_client.post(urls(letter)["check"], {}).content.decode()
    assert "govuk-error-summary" in page
    assert "Say whether “Every point of the complaint is answered” is met" in page
    assert "Choose whether to approve the letter or return it" in page


def test_sending_before_approval_is_refused_with_the_reason(officer_client, letter):
    response = officer_client.get(urls(letter)["send"])
    assert response.status_code == 409
    assert "must approve the letter" in response.content.decode()


def test_sending_asks_for_confirmation_then_emails(officer_client, letter, manager, officer, checker):
    approve(letter, manager, checker)
    send = urls(letter)["send"]
    with time_machine.travel(FRIDAY, tick=False):
        confirm = officer_client.post(send, {"sent_by": "email"}).content.decode()
        assert "It is emailed to alex@example.com with the PDF attached." in confirm
        assert officer_client.post(send, {"sent_by": "email", "confirmed": "yes"}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT and letter.document is not None


def test_the_close_form_offers_the_approved_letter_and_records_it(
    manager_client, letter, manager, checker, stage_1
):
    approve(letter, manager, checker)
    url = reverse("cases:investigation_close", args=[stage_1.case.reference, stage_1.pk])
    assert "Which letter answered this stage?" in manager_client.get(url).content.decode()
    with time_machine.travel(FRIDAY, tick=False):
        response = manager_client.post(
            url,
            {
                "closed_on_day": "13",
                "closed_on_month": "6",
                "closed_on_year": "2025",
                "outcome": "upheld",
                "letter": letter.pk,
            },
        )
    assert response.status_code == 302
    letter.refresh_from_db()
    stage_1.refresh_from_db()
    assert letter.answers == stage_1 and stage_1.closed_on == datetime.date(2025, 6, 13)
    assert stage_1.case.status == Status.CLOSED
    assert CaseAccess.objects.filter(
        case=stage_1.case, what__contains="answered by the stage 1 response letter"
    ).exists()


def test_templates_are_the_feedback_teams(manager_client, senior_client, officer_client):
    url = reverse("letters:template", args=[LetterKind.EXTENSION])
    assert manager_client.get(url).status_code == 404
    assert senior_client.get(reverse("letters:queue")).status_code == 404
    page = officer_client.get(url).content.decode()
    assert "{{ ombudsman_details }}" in page  # the field list
    assert "the Local Government and Social Care Ombudsman&#x27;s contact details" in page


def test_saving_a_template_with_an_unknown_field_says_which_and_where(officer_client):
    url = reverse("letters:template", args=[LetterKind.ACKNOWLEDGEMENT])
    before = LetterTemplate.objects.get(kind=LetterKind.ACKNOWLEDGEMENT).body
    page = officer_client.post(
        url, {"subject": "Thanks", "body": "{{ dear }}, {{ childs_school }}"}
    ).content.decode()
    assert "govuk-error-summary" in page and 'href="#id_body"' in page
    assert "{{ childs_school }} is not a merge field" in page
    assert LetterTemplate.objects.get(kind=LetterKind.ACKNOWLEDGEMENT).body == before
    response = officer_client.post(url, {"subject": "Thanks", "body": "{{ dear }},\n\nThank you."})
    assert response.status_code == 302
    assert LetterTemplate.objects.get(kind=LetterKind.ACKNOWLEDGEMENT).body == "{{ dear }},\n\nThank you."


def test_previewing_a_template_with_a_case_fills_it_in_and_is_audited(officer_client, stage_1):
    url = reverse("letters:template", args=[LetterKind.STAGE_1_RESPONSE])
    page = officer_client.post(
        url,
        {
            "subject": "About {{ reference }}",
            "body": "{{ dear }},\n\nWe answer within {{ response_days }} working days.\n\n{{ escalation_rights }}",
            "preview_case": stage_1.case.reference,
            "preview": "1",
        },
    ).content.decode()
    assert f"About {stage_1.case.reference}" in page
    assert "We answer within 10 working days." in page
    assert CaseAccess.objects.filter(case=stage_1.case, what__contains="Previewed").exists()
    missing = officer_client.post(
        url,
        {
            "subject": "x",
            "body": "{{ dear }} {{ escalation_rights }}",
            "preview_case": "CS-1999-00001",
            "preview": "1",
        },
    ).content.decode()
    assert "There is no case CS-1999-00001" in missing


def test_sending_for_check_with_a_reminder_left_says_so_in_the_error_summary(
    manager_client, stage_1, manager
):
    drafted = services.letter_draft(
        case=stage_1.case, kind=LetterKind.STAGE_1_RESPONSE, investigation=stage_1, actor=manager
    )
    page = manager_client.post(urls(drafted)["submit"], {}).content.decode()
    assert "govuk-error-summary" in page and 'href="#main-content"' in page
    assert "still has a reminder in square brackets, [Set out each point" in page
    drafted.refresh_from_db()
    assert drafted.status == LetterStatus.DRAFT
