"""Everything held about one person, as one zip with an index, recorded in the access log."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from heard.audit.models import AccessAction, CaseAccess
from heard.cases.models import CasePerson
from heard.cases.tests.factories import (
    CaseFactory,
    CustomerFactory,
    InvestigatingManagerFactory,
    OpenInvestigationFactory,
)
from heard.core.testing.fixtures import signed_in
from heard.intake.tests.files import PDF, stored_pdf
from heard.notifications.services import NewMessage, messages_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    customer = CustomerFactory(name="Pat Parent", email="pat@example.com")
    first = CaseFactory(customer=customer, summary="Nobody called about Sam")
    second = CaseFactory(customer=customer, summary="The meeting was cancelled")
    CaseFactory(summary="Someone else's complaint")
    OpenInvestigationFactory(case=first)
    CasePerson.objects.create(case=first, name="Sam Parent", role="child")
    stored_pdf(first)
    messages_queue(
        [
            NewMessage(
                key="ack",
                kind="acknowledgement",
                to="pat@example.com",
                subject="We have your complaint",
                body="Dear Pat",
                case_id=first.pk,
            ),
            NewMessage(
                key="staff",
                kind="reminder",
                to="olu@council.example",
                subject="Due soon",
                body="Staff only",
                case_id=first.pk,
            ),
        ]
    )
    return customer, first, second


def download(client, customer):
    response = client.post(reverse("retention:subject_access", args=[customer.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_export_holds_everything_about_the_person_and_nothing_else(officer_client, person):
    customer, first, second = person
    archive = download(officer_client, customer)
    names = set(archive.namelist())
    assert {"index.html", "data.json"} <= names
    assert f"files/{first.reference}/1-letter.pdf" in names
    assert archive.read(f"files/{first.reference}/1-letter.pdf") == PDF
    data = json.loads(archive.read("data.json"))
    assert data["person"]["name"] == "Pat Parent"
    assert [c["reference"] for c in data["cases"]] == sorted([first.reference, second.reference])
    case = next(c for c in data["cases"] if c["reference"] == first.reference)
    assert case["summary"] == "Nobody called about Sam"
    assert case["people"][0]["name"] == "Sam Parent"
    assert len(case["investigations"]) == 1
    assert [m["subject"] for m in data["messages"]] == ["We have your complaint"]
    index = archive.read("index.html").decode()
    assert "What we hold about Pat Parent" in index and "Someone else" not in index
    assert "Staff only" not in index and "Someone else's complaint" not in json.dumps(data)


def test_the_export_is_in_each_cases_access_log(officer_client, officer, person):
    customer, first, second = person
    download(officer_client, customer)
    entries = CaseAccess.objects.filter(action=AccessAction.EXPORTED, user=officer)
    assert {e.case_reference for e in entries} == {first.reference, second.reference}
    assert all(e.what == f"Subject access export for customer {customer.customer_ref}" for e in entries)
    # The next export lists that export among who looked at the cases.
    data = json.loads(download(officer_client, customer).read("data.json"))
    assert any("Subject access export" in e["what"] for e in data["access_log"])


def test_only_complaints_officers_export(person, senior):
    customer, _, _ = person
    for user in (senior, InvestigatingManagerFactory()):
        assert (
            signed_in(user).post(reverse("retention:subject_access", args=[customer.pk])).status_code == 404
        )
