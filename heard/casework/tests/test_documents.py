"""Documents on a case: listed on its page, downloaded by those who may see the case (not found for
anyone else), every download in the access log; staff add documents after the public form's checks."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.html import escape

from heard.audit.models import CaseAccess
from heard.cases.models import CaseEvent, EventKind
from heard.cases.tests.factories import (
    AdministratorFactory,
    CaseFactory,
    ComplaintsOfficerFactory,
    InvestigatingManagerFactory,
    OpenInvestigationFactory,
    SeniorManagerFactory,
)
from heard.casework.models import Document, DocumentKind
from heard.intake.tests.files import EXE, PDF, docx, stored_pdf

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fixed_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def case(db):
    return CaseFactory(reference="CS-2026-00007")


@pytest.fixture
def document(case):
    return stored_pdf(case, name="their letter (final).pdf")


def test_the_case_page_lists_documents_with_a_link_to_each(client, case, document):
    client.force_login(ComplaintsOfficerFactory())
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "Documents <span" in page
    assert f'href="/staff/documents/{document.pk}/"' in page
    assert escape("their letter (final).pdf") in page
    assert "Sent with the feedback" in page and "The person who gave the feedback" in page
    assert "23 Nov 2026, 09:00" in page


@pytest.mark.parametrize("factory", [ComplaintsOfficerFactory, SeniorManagerFactory])
def test_staff_who_see_the_case_download_its_document(client, document, factory):
    user = factory()
    client.force_login(user)
    response = client.get(f"/staff/documents/{document.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "no-store, private"  # NoStoreMiddleware, as on every response
    assert response["Content-Disposition"].startswith("attachment;")
    assert "their%20letter%20%28final%29.pdf" in response["Content-Disposition"] or (
        'filename="their letter (final).pdf"' in response["Content-Disposition"]
    )
    entry = CaseAccess.objects.get(case=document.case, action="exported")
    assert entry.user == user and entry.what == "Downloaded the document their letter (final).pdf"


def test_a_manager_downloads_only_documents_of_cases_in_their_reach(client, document):
    manager = InvestigatingManagerFactory()
    client.force_login(manager)
    assert client.get(f"/staff/documents/{document.pk}/").status_code == 404
    assert client.get(f"/staff/cases/{document.case.reference}/").status_code == 404
    OpenInvestigationFactory(case=document.case, team=manager.team)
    assert client.get(f"/staff/documents/{document.pk}/").status_code == 200


@pytest.mark.parametrize("who", ["public", "admin"])
def test_the_public_and_administrators_get_not_found(client, document, who):
    if who == "admin":
        client.force_login(AdministratorFactory())
    assert client.get(f"/staff/documents/{document.pk}/").status_code == 404
    assert not CaseAccess.objects.filter(action="exported").exists()


def test_a_filename_cannot_break_the_download_header(client, case):
    document = stored_pdf(case, name='evil"\r\nSet-Cookie: x=1.pdf')
    client.force_login(ComplaintsOfficerFactory())
    response = client.get(f"/staff/documents/{document.pk}/")
    assert "\n" not in response["Content-Disposition"] and "Set-Cookie" not in response.headers


# --- Adding a document ---------------------------------------------------------------------------


def add(client, case, **fields):
    data = {"kind": DocumentKind.EVIDENCE, "from_whom": "The school", "description": "Attendance record"}
    data.update(fields)
    return client.post(f"/staff/cases/{case.reference}/documents/new/", data)


def test_an_officer_adds_a_document(client, case):
    officer = ComplaintsOfficerFactory()
    client.force_login(officer)
    form = client.get(f"/staff/cases/{case.reference}/documents/new/").content.decode()
    assert 'enctype="multipart/form-data"' in form and 'class="govuk-file-upload"' in form
    response = add(client, case, file=SimpleUploadedFile("attendance.docx", docx()))
    assert response.status_code == 302
    document = Document.objects.get(case=case)
    assert (document.kind, document.from_whom, document.added_by) == (
        DocumentKind.EVIDENCE,
        "The school",
        officer,
    )
    assert document.content_type.endswith("wordprocessingml.document")
    assert document.file.name.startswith("uploads/") and "attendance" not in document.file.name
    event = CaseEvent.objects.get(case=case, kind=EventKind.DOCUMENT_ADDED)
    assert event.description == "Evidence: attendance.docx – Attendance record" and event.actor == officer
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "attendance.docx added to CS-2026-00007" in page and "Word document" in page


def test_a_refused_file_is_explained_in_the_error_summary(client, case):
    client.force_login(ComplaintsOfficerFactory())
    response = add(client, case, file=SimpleUploadedFile("report.pdf", EXE))
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in page
    assert 'href="#id_file"' in page and "report.pdf is not a type of file we can accept" in page
    assert not Document.objects.exists()


def test_a_document_needs_a_file_and_a_type(client, case):
    client.force_login(ComplaintsOfficerFactory())
    page = add(client, case, kind="").content.decode()
    assert "Choose the file to add to the case" in page and "Choose the type of document" in page


def test_when_the_virus_scanner_is_down_staff_are_told_to_try_again(client, case, settings, tmp_path):
    settings.CLAMAV_ADDRESS = f"unix:{tmp_path / 'down.ctl'}"
    client.force_login(ComplaintsOfficerFactory())
    page = add(client, case, file=SimpleUploadedFile("letter.pdf", PDF)).content.decode()
    assert (
        "We cannot check files for viruses at the moment, so letter.pdf was not added: try again later"
        in page
    )
    assert not Document.objects.exists()


def test_a_manager_adds_documents_to_cases_in_their_reach_only(client, case):
    manager = InvestigatingManagerFactory()
    client.force_login(manager)
    assert add(client, case, file=SimpleUploadedFile("a.pdf", PDF)).status_code == 404
    OpenInvestigationFactory(case=case, team=manager.team)
    assert "Add a document" in client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert add(client, case, file=SimpleUploadedFile("a.pdf", PDF)).status_code == 302


def test_a_senior_manager_sees_documents_but_adds_none(client, case, document):
    client.force_login(SeniorManagerFactory())
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "Add a document" not in page and f"/staff/documents/{document.pk}/" in page
    assert add(client, case, file=SimpleUploadedFile("a.pdf", PDF)).status_code == 403


# --- The move from the public form's attachments -----------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_attachments_become_documents_with_the_same_ids():
    executor = MigrationExecutor(connection)
    old = [
        ("intake", "0001_initial"),
        ("casework", "0001_documents_and_contacts"),
        ("cases", "0010_relationship_relatives_advocates_and_public"),  # before people's match keys
    ]
    executor.migrate(old)
    apps = executor.loader.project_state(old).apps
    Case = apps.get_model("cases", "Case")
    Customer = apps.get_model("cases", "Customer")
    Attachment = apps.get_model("intake", "Attachment")
    area = apps.get_model("cases", "ServiceArea").objects.create(name="Fostering")
    customer = Customer.objects.create(customer_ref="C1", name="Sam Parent")
    named = Case.objects.create(
        reference="CS-2026-00001",
        kind="complaint",
        procedure="corporate",
        received_on=NOW.date(),
        service_area=area,
        customer=customer,
    )
    anonymous = Case.objects.create(
        reference="CS-2026-00002", kind="comment", received_on=NOW.date(), service_area=area
    )
    a = Attachment.objects.create(
        case=named,
        file="uploads/a.pdf",
        original_name="a.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_at=NOW,
    )
    b = Attachment.objects.create(
        case=anonymous,
        file="uploads/b.png",
        original_name="b.png",
        content_type="image/png",
        size=20,
        uploaded_at=NOW,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("intake", "0002_remove_attachment")])
    apps = executor.loader.project_state([("intake", "0002_remove_attachment")]).apps
    Document = apps.get_model("casework", "Document")
    rows = {d.pk: d for d in Document.objects.all()}
    assert rows[a.pk].from_whom == "Sam Parent" and rows[a.pk].file.name == "uploads/a.pdf"
    assert (
        rows[b.pk].from_whom == "The person who gave the feedback" and rows[b.pk].kind == "sent_with_feedback"
    )
    new = Document.objects.create(
        case_id=named.pk, kind="other", file="x", original_name="x", content_type="x", size=1, added_at=NOW
    )
    assert new.pk > max(a.pk, b.pk), "the id sequence moved past the copied ids"
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
