"""Submitting: once only, all or nothing, and not for robots or floods."""

from unittest import mock

import pytest

from heard.cases.models import Case, CasePerson, Customer
from heard.casework.models import Document as Attachment
from heard.intake import services
from heard.intake.models import Submission
from heard.intake.tests.files import PDF, upload
from heard.intake.tests.journeys import ADULT, YOUNG, adult_answers, submit, token_of, walk, young_answers
from heard.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_pressing_submit_twice_makes_one_case(client, areas):
    walk(client, ADULT, adult_answers(areas))
    check = client.get("/feedback/check-your-answers/")
    data = {"token": token_of(check), "website": ""}

    first = client.post("/feedback/check-your-answers/", data)
    second = client.post("/feedback/check-your-answers/", data)

    assert Case.objects.count() == 1
    assert first["Location"] == second["Location"] == "/feedback/confirmation/"
    reference = Case.objects.get().reference
    assert reference in client.get("/feedback/confirmation/").content.decode()


def test_refreshing_the_confirmation_page_makes_no_new_case(client, areas):
    walk(client, ADULT, adult_answers(areas))
    submit(client, ADULT)
    for _ in range(3):
        assert client.get("/feedback/confirmation/").status_code == 200
    assert Case.objects.count() == 1


def test_a_submit_that_loses_the_race_to_its_twin_shows_the_twins_case(client, areas):
    """Two clicks arrive together: the second finds the token taken as it writes, and shows the
    first one's reference instead of an error or a second case."""
    walk(client, ADULT, adult_answers(areas))
    check = client.get("/feedback/check-your-answers/")
    token = token_of(check)
    twin = Case.objects.create(
        reference="CS-2026-99999", kind="comment", received_on="2026-01-05", service_area=areas["Early Help"]
    )
    Submission.objects.create(token=token, case=twin, audience="adult")
    with mock.patch("heard.intake.views.submission_case", side_effect=[None, twin]):
        response = client.post("/feedback/check-your-answers/", {"token": token, "website": ""})
    assert response["Location"] == "/feedback/confirmation/"
    assert Case.objects.count() == 1
    assert "CS-2026-99999" in client.get("/feedback/confirmation/").content.decode()


def test_after_submitting_the_form_starts_afresh(client, areas):
    walk(client, ADULT, adult_answers(areas))
    submit(client, ADULT)
    assert client.get("/feedback/check-your-answers/")["Location"] == "/feedback/what-kind/"


def test_an_old_check_page_cannot_submit_different_answers(client, areas):
    walk(client, ADULT, adult_answers(areas))
    response = client.post("/feedback/check-your-answers/", {"token": "made-up", "website": ""})
    assert response.status_code == 302
    assert not Case.objects.exists()


def test_a_filled_in_honeypot_sends_nothing(client, areas):
    walk(client, ADULT, adult_answers(areas))
    check = client.get("/feedback/check-your-answers/")
    response = client.post(
        "/feedback/check-your-answers/", {"token": token_of(check), "website": "http://spam.example"}
    )
    assert response.status_code == 400
    assert "We could not send your feedback" in response.content.decode()
    assert not Case.objects.exists()


def test_the_honeypot_is_hidden_from_people(client, areas):
    walk(client, ADULT, adult_answers(areas))
    page = client.get("/feedback/check-your-answers/").content.decode()
    assert '<div class="heard-hp">' in page
    assert ".heard-hp{display:none}" in client.get("/static/frontend/heard.css").getvalue().decode()


def test_submissions_are_limited_per_address(client, areas, settings):
    settings.INTAKE_RATE_LIMIT = "2/h"
    for _ in range(2):
        walk(client, ADULT, adult_answers(areas))
        assert submit(client, ADULT).status_code == 302
    walk(client, ADULT, adult_answers(areas))
    response = submit(client, ADULT)
    assert response.status_code == 429
    assert "Please try again in an hour: your answers have been kept" in response.content.decode()
    assert Case.objects.count() == 2
    assert client.get("/feedback/check-your-answers/").status_code == 200, "the answers are kept"


def test_submissions_are_counted_in_the_shared_database_cache(client, areas, settings):
    """What production uses without Redis: every worker process reads and writes the same counts."""
    from django.core.cache import caches
    from django.db import connection

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "heard_cache"}
    }
    settings.INTAKE_RATE_LIMIT = "1/h"
    walk(client, ADULT, adult_answers(areas))
    assert submit(client, ADULT).status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM heard_cache")
        assert cursor.fetchone()[0] >= 1, "the count is a row in the database, not in this process"
    caches.close_all()
    walk(client, ADULT, adult_answers(areas))
    assert submit(client, ADULT).status_code == 429
    assert Case.objects.count() == 1


def test_the_limit_is_per_address(client, areas, settings):
    settings.INTAKE_RATE_LIMIT = "1/h"
    walk(client, ADULT, adult_answers(areas))
    submit(client, ADULT)
    client.cookies.clear()
    walk(client, ADULT, adult_answers(areas))
    check = client.get("/feedback/check-your-answers/")
    response = client.post(
        "/feedback/check-your-answers/", {"token": token_of(check), "website": ""}, REMOTE_ADDR="192.0.2.7"
    )
    assert response.status_code == 302
    assert Case.objects.count() == 2


def test_the_limit_can_be_turned_off(client, areas, settings):
    settings.INTAKE_RATE_LIMIT = "off"
    for _ in range(12):
        walk(client, YOUNG, young_answers(areas, kind="compliment"))
        assert submit(client, YOUNG).status_code == 302
    assert Case.objects.count() == 12


def test_a_failure_while_writing_leaves_nothing_behind(client, areas):
    walk(client, ADULT, adult_answers(areas), files=[upload("letter.pdf", PDF)])
    check = client.get("/feedback/check-your-answers/")
    with (
        mock.patch.object(services, "send_acknowledgement", side_effect=RuntimeError("outbox unavailable")),
        pytest.raises(RuntimeError),
    ):
        client.post("/feedback/check-your-answers/", {"token": token_of(check), "website": ""})
    assert not Case.objects.exists()
    assert not Customer.objects.exists()
    assert not CasePerson.objects.exists()
    assert not Attachment.objects.exists()
    assert not Submission.objects.exists()
    assert not Message.objects.exists()
    assert client.get("/feedback/check-your-answers/").status_code == 200, "the answers are still there"


def test_the_confirmation_page_shows_only_your_own_reference(client, areas):
    assert client.get("/feedback/confirmation/")["Location"] == "/feedback/"
    walk(client, ADULT, adult_answers(areas))
    submit(client, ADULT)
    case = Case.objects.get()
    other = client.__class__()
    response = other.get(f"/feedback/confirmation/?reference={case.reference}")
    assert response.status_code == 302
    assert case.reference not in other.get("/feedback/").content.decode()


def test_each_submission_gets_its_own_reference(client, areas):
    for _ in range(3):
        walk(client, ADULT, adult_answers(areas))
        submit(client, ADULT)
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(set(references)) == 3


def test_complaints_officers_see_the_new_case_at_once(client, areas):
    from heard.cases.tests.factories import ComplaintsOfficerFactory

    walk(client, ADULT, adult_answers(areas))
    submit(client, ADULT)
    reference = Case.objects.get().reference
    client.force_login(ComplaintsOfficerFactory())
    page = client.get("/staff/cases/")
    assert page.status_code == 200
    assert reference in page.content.decode()
