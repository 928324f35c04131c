"""The Ombudsman bundle: one stamped, bookmarked PDF with an index, and a zip of the originals."""

import datetime
import io
import re
import zipfile

import pikepdf
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from heard.audit.models import CaseAccess
from heard.cases.models import CaseEvent, CasePerson, EventKind, PersonRole
from heard.cases.tests.factories import (
    CaseFactory,
    ComplaintsOfficerFactory,
    InvestigatingManagerFactory,
    OmbudsmanReferralFactory,
    OpenInvestigationFactory,
    SeniorManagerFactory,
)
from heard.casework import bundle, services
from heard.casework.models import ContactChannel, ContactDirection, Document, DocumentKind
from heard.core.errors import RuleBroken
from heard.intake.tests.files import docx, pdf, png

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)
NO_REDACTION = services.Redactions(names=[], dates_of_birth=[])


def page_text(page: pikepdf.Page) -> bytes:
    return b"".join(
        bytes(instruction.operands[0])
        for instruction in pikepdf.parse_content_stream(page)
        if isinstance(instruction, pikepdf.ContentStreamInstruction) and str(instruction.operator) == "Tj"
    )


@pytest.fixture
def case(db):
    with time_machine.travel(NOW, tick=False):
        case = CaseFactory(reference="CS-2026-00042")
        OmbudsmanReferralFactory(case=case)
        CasePerson.objects.create(case=case, name="Kim Neighbour", role=PersonRole.OTHER)
        officer = ComplaintsOfficerFactory()
        services.document_add(
            case=case,
            upload=SimpleUploadedFile("letter.pdf", pdf(3)),
            kind=DocumentKind.LETTER_RECEIVED,
            description="Their first letter",
            from_whom="The complainant",
            actor=officer,
        )
        services.document_add(
            case=case,
            upload=SimpleUploadedFile("photo.png", png(400, 300)),
            kind=DocumentKind.EVIDENCE,
            description="",
            from_whom="",
            actor=officer,
        )
        services.document_add(
            case=case,
            upload=SimpleUploadedFile("notes.docx", docx()),
            kind=DocumentKind.MEETING_NOTES,
            description="",
            from_whom="",
            actor=officer,
        )
        services.contact_record(
            case=case,
            happened_at=NOW - datetime.timedelta(days=2),
            channel=ContactChannel.PHONE,
            direction=ContactDirection.IN,
            with_whom="The complainant",
            summary="Said Kim Neighbour saw what happened; call back on 07700 900123.",
            actor=officer,
        )
    return case


def produce(case, redactions=NO_REDACTION):
    with time_machine.travel(NOW, tick=False):
        return services.bundle_produce(case=case, redactions=redactions, actor=ComplaintsOfficerFactory())


def test_the_bundle_is_one_stamped_pdf_with_an_index_and_a_bookmark_per_item(case):
    produced = produce(case)
    with produced.pdf.file.open("rb") as handle, pikepdf.open(io.BytesIO(handle.read())) as bundle:
        total = len(bundle.pages)
        # index, timeline, contact log, 3 pages of the letter, the photo; the Word document is in the zip
        assert total == produced.pages == 7
        for number, page in enumerate(bundle.pages, start=1):
            assert f"CS-2026-00042 \u2013 page {number} of {total}".encode("cp1252") in page_text(page)
        with bundle.open_outline() as outline:
            titles = [(item.title, bundle.pages.index(item.destination[0]) + 1) for item in outline.root]
    assert titles[0] == ("Index", 1)
    assert [page for _, page in titles] == [1, 2, 3, 4, 7]
    assert titles[3][0].startswith("3. Letter or email received: letter.pdf")
    assert produced.pdf.kind == produced.zip.kind == DocumentKind.OMBUDSMAN_BUNDLE


@pytest.fixture
def printed(monkeypatch):
    """The HTML of the pages Heard lays out for the bundle (index, timeline, contact log), by template."""
    pages: dict[str, str] = {}
    original = bundle.page_html

    def keep(template, context):
        pages[template.rsplit("/", 1)[-1]] = html = original(template, context)
        return html

    monkeypatch.setattr(bundle, "page_html", keep)
    return pages


def cells(html: str) -> list[list[list[str]]]:
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    found = [
        [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in rows
    ]
    return [row for row in found if row]


def test_the_index_lists_every_item_with_its_first_page(case, printed):
    produce(case)
    index = printed["index.html"]
    assert "Ombudsman bundle: index" in index
    rows = [[" ".join(words) for words in row] for row in cells(index)]
    assert [(row[0], row[2], row[-1]) for row in rows] == [
        ("1", "Timeline", "2"),
        ("2", "Contact log", "3"),
        ("3", "Letter or email received", "4"),
        ("4", "Evidence", "7"),
        ("5", "Notes of a meeting", "–"),
    ]
    assert rows[2][3] == "letter.pdf – Their first letter – The complainant"
    assert "Original in the zip: 005-notes.docx" in rows[4][3]


def test_the_zip_holds_the_originals_named_by_their_number(case):
    produced = produce(case)
    with produced.zip.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        assert archive.namelist() == ["003-letter.pdf", "004-photo.png", "005-notes.docx", "000-index.pdf"]
        assert archive.read("003-letter.pdf") == pdf(3)


def test_names_marked_for_redaction_are_removed_from_the_contact_log(case, printed):
    produce(case)
    assert "Kim Neighbour saw what happened" in printed["record.html"]
    produce(case, services.Redactions(names=["Kim Neighbour"], dates_of_birth=[]))
    contact_log = printed["record.html"]
    assert "Kim" not in contact_log and "[name removed] saw what happened" in contact_log
    assert "[phone number removed]" in contact_log
    assert "Kim" not in printed["record.html"].split("Contact log")[0]


def test_producing_the_bundle_is_on_the_timeline(case):
    produce(case)
    event = CaseEvent.objects.get(case=case, kind=EventKind.BUNDLE_PRODUCED)
    assert "7 pages, 3 documents, 1 contact" in event.description


def test_a_case_without_an_ombudsman_enquiry_has_no_bundle(db):
    case = CaseFactory()
    with pytest.raises(RuleBroken, match="no Ombudsman enquiry"):
        produce(case)
    assert not Document.objects.exists()


# --- The page -------------------------------------------------------------------------------


def test_an_officer_produces_the_bundle_from_the_case_page(client, case):
    officer = ComplaintsOfficerFactory()
    with time_machine.travel(NOW + datetime.timedelta(hours=1), tick=False):
        client.force_login(officer)
        page = client.get(f"/staff/cases/{case.reference}/").content.decode()
        assert "Produce the Ombudsman bundle" in page
        form = client.get(f"/staff/cases/{case.reference}/ombudsman-bundle/").content.decode()
        assert "Kim Neighbour (other)" in form
        person = case.people.get()
        response = client.post(
            f"/staff/cases/{case.reference}/ombudsman-bundle/", {"people": [person.pk], "other_names": ""}
        )
        assert response.status_code == 302
        page = client.get(f"/staff/cases/{case.reference}/").content.decode()
        assert "CS-2026-00042-ombudsman-bundle-2026-11-20.pdf" in page
        assert "CS-2026-00042-ombudsman-bundle-2026-11-20.zip" in page
        assert "Ombudsman bundle produced for CS-2026-00042: 7 pages" in page
        assert CaseAccess.objects.filter(
            case=case, user=officer, what__startswith="Produced the Ombudsman bundle"
        ).exists()
        bundle_pdf = Document.objects.get(kind=DocumentKind.OMBUDSMAN_BUNDLE, content_type="application/pdf")
        download = client.get(f"/staff/documents/{bundle_pdf.pk}/")
    assert download["Cache-Control"] == "no-store, private"  # NoStoreMiddleware, as on every response
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("factory", [SeniorManagerFactory, InvestigatingManagerFactory])
def test_only_officers_produce_the_bundle(client, case, factory):
    user = factory()
    if factory is InvestigatingManagerFactory:
        OpenInvestigationFactory(case=case, team=user.team)
    client.force_login(user)
    assert (
        "Produce the Ombudsman bundle" not in client.get(f"/staff/cases/{case.reference}/").content.decode()
    )
    assert client.post(f"/staff/cases/{case.reference}/ombudsman-bundle/", {}).status_code == 403
    assert not Document.objects.filter(kind=DocumentKind.OMBUDSMAN_BUNDLE).exists()


def test_a_manager_outside_the_case_gets_not_found_for_its_bundle(client, case):
    produce(case)
    bundle = Document.objects.filter(kind=DocumentKind.OMBUDSMAN_BUNDLE).first()
    client.force_login(InvestigatingManagerFactory())
    assert client.get(f"/staff/cases/{case.reference}/ombudsman-bundle/").status_code == 404
    assert client.get(f"/staff/documents/{bundle.pk}/").status_code == 404


def test_without_an_enquiry_the_page_says_why(client):
    case = CaseFactory()
    client.force_login(ComplaintsOfficerFactory())
    response = client.get(f"/staff/cases/{case.reference}/ombudsman-bundle/")
    assert response.status_code == 409
    assert "record the enquiry first" in response.content.decode()
    assert timezone.now()
