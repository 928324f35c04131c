"""The contact log: calls, emails, meetings and letters recorded from the case page, on the timeline
and listed with a count."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from heard.cases.models import CaseEvent, EventKind
from heard.cases.tests.factories import (
    CaseFactory,
    ComplaintsOfficerFactory,
    InvestigatingManagerFactory,
    OpenInvestigationFactory,
    SeniorManagerFactory,
)
from heard.casework.models import ContactRecord, Document, DocumentKind
from heard.intake.tests.files import PDF

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 15, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def case(db):
    return CaseFactory(reference="CS-2026-00009")


def record(client, case, **fields):
    data = {
        "happened_on_day": "20",
        "happened_on_month": "11",
        "happened_on_year": "2026",
        "time": "14:30",
        "channel": "phone",
        "direction": "in",
        "with_whom": "Sam Parent",
        "summary": "Asked when the investigation would finish. Told by 4 December.",
    }
    data.update(fields)
    return client.post(f"/staff/cases/{case.reference}/contacts/new/", data)


def test_an_officer_records_a_call_and_sees_it_on_the_case(client, case):
    officer = ComplaintsOfficerFactory()
    client.force_login(officer)
    assert record(client, case).status_code == 302
    contact = ContactRecord.objects.get(case=case)
    assert contact.recorded_by == officer
    assert contact.happened_at == datetime.datetime(2026, 11, 20, 14, 30, tzinfo=datetime.UTC)
    event = CaseEvent.objects.get(case=case, kind=EventKind.CONTACT_RECORDED)
    assert event.description == "Phone call from Sam Parent on 20 November 2026"
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "Contacts <span" in page and "(1)" in page
    assert "Asked when the investigation would finish." in page and "20 Nov 2026, 14:30" in page
    assert "Contact recorded" in page, "on the timeline"


def test_a_letter_with_its_scan_is_kept_as_a_document(client, case):
    client.force_login(ComplaintsOfficerFactory())
    response = record(
        client, case, channel="letter", direction="in", file=SimpleUploadedFile("scan.pdf", PDF)
    )
    assert response.status_code == 302
    contact = ContactRecord.objects.get()
    assert (
        contact.document.kind == DocumentKind.LETTER_RECEIVED and contact.document.from_whom == "Sam Parent"
    )
    assert Document.objects.count() == 1
    assert CaseEvent.objects.get(kind=EventKind.CONTACT_RECORDED).description.endswith(
        "with the document scan.pdf"
    )
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert page.count(f"/staff/documents/{contact.document.pk}/") == 2, "in the documents and by the contact"


def test_a_contact_in_the_future_is_refused(client, case):
    client.force_login(ComplaintsOfficerFactory())
    page = record(client, case, happened_on_day="24").content.decode()
    assert "<title>Error: " in page and "The date of the contact must be today or in the past." in page
    assert 'href="#id_happened_on' in page
    assert not ContactRecord.objects.exists()


def test_missing_answers_are_each_explained(client, case):
    client.force_login(ComplaintsOfficerFactory())
    page = record(client, case, with_whom="", summary="", channel="", time="25:99").content.decode()
    for message in [
        "Say who the contact was with",
        "Say what was said or agreed",
        "Choose how the contact was made",
        "Enter the time as hours and minutes, for example 14:30",
    ]:
        assert message in page


def test_a_manager_records_contacts_on_cases_in_their_reach_only(client, case):
    manager = InvestigatingManagerFactory()
    client.force_login(manager)
    assert record(client, case).status_code == 404
    OpenInvestigationFactory(case=case, team=manager.team)
    assert record(client, case).status_code == 302


def test_a_senior_manager_reads_the_contact_log_but_records_nothing(client, case):
    client.force_login(ComplaintsOfficerFactory())
    record(client, case)
    client.force_login(SeniorManagerFactory())
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "Asked when the investigation would finish." in page and "Record a contact" not in page
    assert record(client, case).status_code == 403
