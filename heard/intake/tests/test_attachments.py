"""Files sent with feedback: checked by content, limited in size and number, stored out of the web
root under random names, and served only to staff."""

import datetime
import io
import os
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.utils.html import escape

from heard.accounts.models import Role
from heard.audit.models import CaseAccess
from heard.cases.models import Case
from heard.cases.tests.factories import (
    ComplaintsOfficerFactory,
    InvestigatingManagerFactory,
    OpenInvestigationFactory,
    SeniorManagerFactory,
    UserFactory,
)
from heard.casework.models import Document as Attachment
from heard.intake.tests.files import EXE, PDF, PNG, docx, upload
from heard.intake.tests.journeys import ADULT, YOUNG, adult_answers, submit, walk, young_answers

pytestmark = pytest.mark.django_db

UPLOADED_AT = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)

NOT_ACCEPTED = "is not a type of file we can accept: it must be a PDF, a Word document (DOCX) or a photo (JPG, PNG or HEIC)"


def on_files_page(client, areas, prefix=ADULT):
    answers = adult_answers(areas) if prefix == ADULT else young_answers(areas)
    url = f"{prefix}what-kind/"
    while not url.endswith("/files/"):
        response = client.post(url, answers[url.rstrip("/").rsplit("/", 1)[-1]])
        url = response["Location"]
    return url


def stored_files(settings):
    folder = settings.MEDIA_ROOT / "uploads"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("prefix", [ADULT, YOUNG])
def test_feedback_with_files_keeps_them_with_the_case(client, areas, settings, prefix):
    answers = adult_answers(areas) if prefix == ADULT else young_answers(areas)
    walk(
        client,
        prefix,
        answers,
        files=[
            upload("letter.pdf", PDF, "application/pdf"),
            upload("photo.png", PNG, "image/png"),
            upload("notes.docx", docx()),
        ],
    )
    check = client.get(f"{prefix}check-your-answers/").content.decode()
    assert "letter.pdf" in check and "photo.png" in check and "notes.docx" in check
    submit(client, prefix)

    attachments = list(Attachment.objects.order_by("original_name"))
    assert [a.original_name for a in attachments] == ["letter.pdf", "notes.docx", "photo.png"]
    assert [a.content_type for a in attachments] == [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "image/png",
    ]
    assert all(a.case == attachments[0].case for a in attachments)
    names = stored_files(settings)
    assert len(names) == 3
    assert not any("letter" in name or "photo" in name or "notes" in name for name in names), "random names"
    assert (settings.MEDIA_ROOT / attachments[0].file.name).read_bytes() == PDF


def test_a_renamed_program_is_refused_with_a_clear_message(client, areas, settings):
    url = on_files_page(client, areas)
    response = client.post(url, {"action": "upload", "files": [upload("report.pdf", EXE, "application/pdf")]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert escape(f"report.pdf {NOT_ACCEPTED}") in page
    assert stored_files(settings) == []


def test_a_file_of_unknown_content_is_refused(client, areas, settings):
    url = on_files_page(client, areas)
    response = client.post(url, {"action": "continue", "files": [upload("notes.txt", b"just some words")]})
    assert escape(f"notes.txt {NOT_ACCEPTED}") in response.content.decode()
    assert stored_files(settings) == []
    assert client.get("/feedback/check-your-answers/").status_code == 302, "the files page is not passed"


def test_good_files_are_kept_when_another_in_the_same_upload_is_refused(client, areas, settings):
    url = on_files_page(client, areas)
    response = client.post(url, {"action": "upload", "files": [upload("a.png", PNG), upload("b.exe", EXE)]})
    page = response.content.decode()
    assert escape(f"b.exe {NOT_ACCEPTED}") in page
    assert "a.png" in page
    assert len(stored_files(settings)) == 1


def test_a_file_that_is_too_big_is_refused(client, areas, settings):
    settings.INTAKE_MAX_FILE_BYTES = 1024 * 1024
    url = on_files_page(client, areas)
    big = PDF + b"0" * (1024 * 1024)
    response = client.post(url, {"action": "upload", "files": [upload("scan.pdf", big)]})
    assert "scan.pdf must be smaller than 1MB" in response.content.decode()
    assert stored_files(settings) == []


def test_an_empty_file_is_refused(client, areas):
    url = on_files_page(client, areas)
    response = client.post(url, {"action": "upload", "files": [upload("empty.pdf", b"")]})
    assert "empty.pdf is empty: choose a file that has something in it" in response.content.decode()


def test_pressing_add_file_without_choosing_one_says_so(client, areas):
    url = on_files_page(client, areas)
    response = client.post(url, {"action": "upload"})
    assert "Select a file to add" in response.content.decode()


def test_no_more_than_five_files(client, areas, settings):
    url = on_files_page(client, areas)
    client.post(url, {"action": "upload", "files": [upload(f"{n}.png", PNG) for n in range(4)]})
    response = client.post(url, {"action": "upload", "files": [upload("5.png", PNG), upload("6.png", PNG)]})
    assert "You can add up to 5 files: remove a file or choose fewer" in response.content.decode()
    assert len(stored_files(settings)) == 4
    client.post(url, {"action": "upload", "files": [upload("5.png", PNG)]})
    page = client.get(url).content.decode()
    assert "the most you can send" in page
    assert 'type="file"' not in page


def test_a_file_can_be_removed_before_sending(client, areas, settings):
    url = on_files_page(client, areas)
    client.post(url, {"action": "upload", "files": [upload("keep.png", PNG), upload("drop.pdf", PDF)]})
    page = client.get(url).content.decode()
    assert "drop.pdf" in page
    session_files = client.session["intake"]["adult"]["files"]
    drop = next(f for f in session_files if f["name"] == "drop.pdf")
    client.post(url, {"remove": drop["id"]})
    assert "drop.pdf" not in client.get(url).content.decode()
    assert len(stored_files(settings)) == 1


def test_file_names_cannot_reach_other_folders(client, areas, settings):
    url = on_files_page(client, areas)
    client.post(url, {"action": "upload", "files": [upload("../../etc/passwd.png", PNG)]})
    client.post(url, {"action": "continue"})
    submit(client, ADULT)
    attachment = Attachment.objects.get()
    assert attachment.original_name == "passwd.png"
    assert attachment.file.name.startswith("uploads/")
    assert ".." not in attachment.file.name


@pytest.fixture
def attachment(client, areas):
    walk(client, ADULT, adult_answers(areas), files=[upload("letter.pdf", PDF)])
    submit(client, ADULT)
    return Attachment.objects.get()


@pytest.mark.parametrize("factory", [ComplaintsOfficerFactory, SeniorManagerFactory])
def test_staff_who_see_every_case_can_open_an_attachment(client, attachment, factory):
    client.force_login(factory())
    response = client.get(f"/staff/documents/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="letter.pdf"' in response["Content-Disposition"]


def test_an_investigating_manager_opens_attachments_of_their_own_cases_only(client, attachment):
    manager = InvestigatingManagerFactory()
    client.force_login(manager)
    assert client.get(f"/staff/documents/{attachment.pk}/").status_code == 404
    OpenInvestigationFactory(case=attachment.case, team=manager.team)
    assert client.get(f"/staff/documents/{attachment.pk}/").status_code == 200


def test_opening_an_attachment_is_in_the_cases_access_log(client, attachment):
    officer = ComplaintsOfficerFactory()
    client.force_login(officer)
    client.get(f"/staff/documents/{attachment.pk}/")
    entry = CaseAccess.objects.get(case=attachment.case, action="exported")
    assert entry.user == officer
    assert entry.what == "Downloaded the document letter.pdf"


def test_the_public_cannot_open_an_attachment(client, attachment):
    client.logout()
    assert client.get(f"/staff/documents/{attachment.pk}/").status_code == 404


def test_an_administrator_cannot_open_an_attachment(client, attachment):
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))
    assert client.get(f"/staff/documents/{attachment.pk}/").status_code == 404


def test_attachments_are_not_served_from_the_media_folder(client, attachment):
    assert client.get(f"/{attachment.file.name}").status_code == 404
    assert client.get(f"/attachments-are-not-served-here/{attachment.file.name}").status_code == 404


def test_files_never_sent_are_swept_away_and_sent_ones_kept(client, areas, settings):
    walk(client, ADULT, adult_answers(areas), files=[upload("sent.pdf", PDF)])
    submit(client, ADULT)
    url = on_files_page(client, areas)
    client.post(url, {"action": "upload", "files": [upload("abandoned.png", PNG)]})
    assert len(stored_files(settings)) == 2
    # The files' age is their modified time, which the file system writes from the real clock:
    # set it to the test's own moment.
    for path in (settings.MEDIA_ROOT / "uploads").iterdir():
        os.utime(path, (UPLOADED_AT.timestamp(), UPLOADED_AT.timestamp()))

    out = io.StringIO()
    with time_machine.travel(UPLOADED_AT + datetime.timedelta(hours=1), tick=False):
        call_command("sweep_uploads", stdout=out)
    assert "Deleted 0 unsent files." in out.getvalue(), "too recent: the person may still be filling in"

    with time_machine.travel(UPLOADED_AT + datetime.timedelta(days=2), tick=False):
        call_command("sweep_uploads", stdout=out)
    assert "Deleted 1 unsent files." in out.getvalue()
    assert stored_files(settings) == [Path(Attachment.objects.get().file.name).name]


def test_the_old_address_of_an_attachment_leads_to_the_same_document(client, attachment):
    client.force_login(ComplaintsOfficerFactory())
    response = client.get(f"/staff/attachments/{attachment.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/staff/documents/{attachment.pk}/"
    assert b"".join(client.get(response["Location"]).streaming_content) == PDF


def test_when_the_virus_scanner_is_down_the_file_waits_and_the_answers_are_kept(
    client, areas, settings, tmp_path
):
    settings.CLAMAV_ADDRESS = f"unix:{tmp_path / 'clamd-is-down.ctl'}"
    url = on_files_page(client, areas)
    response = client.post(url, {"action": "upload", "files": [upload("letter.pdf", PDF)]})
    page = response.content.decode()
    assert response.status_code == 200 and "<title>Error: " in page
    assert "We cannot check files for viruses at the moment, so letter.pdf was not added" in page
    assert "or continue without it: your answers are kept" in page
    assert stored_files(settings) == []
    client.post(url, {"action": "continue"})
    submit(client, ADULT)
    case = Case.objects.get()
    assert case.details and not Attachment.objects.filter(case=case).exists()


def test_a_polyglot_pdf_is_refused_on_the_public_form(client, areas, settings):
    url = on_files_page(client, areas)
    response = client.post(url, {"action": "upload", "files": [upload("letter.pdf", PDF + b"<html></html>")]})
    assert "letter.pdf has something other than a PDF after its end" in response.content.decode()
    assert stored_files(settings) == []
