"""The Code report's staff pages: who may see and change them, and an officer's way through them."""

import datetime
import html

import pytest
from django.core.management import call_command
from django.urls import reverse

from heard.cases.tests.factories import AdministratorFactory
from heard.core.testing.fixtures import signed_in
from heard.handling_code.models import Assessment, CodeEdition, Requirement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_year")]

PAGES = [
    reverse("handling_code:edition", args=[2026]),
    reverse("handling_code:section", args=[2026, 1]),
    reverse("handling_code:download", args=[2026, "html"]),
]
CHANGES = [
    reverse("handling_code:edition", args=[2026]),
    reverse("handling_code:section", args=[2026, 1]),
    reverse("handling_code:publish", args=[2026]),
]


def _page(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("url", PAGES)
def test_officers_and_senior_managers_read_the_others_get_not_found(url, officer, senior, manager_client):
    for user in (officer, senior):
        assert signed_in(user).get(url).status_code == 200, user.role
    assert manager_client.get(url).status_code == 404
    assert signed_in(AdministratorFactory(username="ada")).get(url).status_code == 404


@pytest.mark.parametrize("url", CHANGES)
def test_only_complaints_officers_change_the_report(url, senior_client, manager_client, client):
    assert senior_client.post(url, {"action": "publish"}).status_code == 403
    assert manager_client.post(url, {}).status_code == 404
    assert client.post(url, {}).status_code == 302  # to sign in
    assert not CodeEdition.objects.exists()


def test_senior_managers_see_no_forms(senior_client):
    page = _page(senior_client.get(reverse("handling_code:edition", args=[2026])))
    assert "Publish the" not in page and "Save the report" not in page
    assert "Save section" not in _page(senior_client.get(reverse("handling_code:section", args=[2026, 1])))


def test_the_reports_index_links_to_each_years_code_report(officer_client, code_year):
    page = _page(officer_client.get(reverse("reporting:index")))
    assert reverse("handling_code:edition", args=[2026]) in page


def test_an_officer_assesses_a_section_with_refusals_on_the_right_requirement(officer_client):
    url = reverse("handling_code:section", args=[2026, 2])
    page = _page(officer_client.get(url))
    assert "Does the council comply with 2.1?" in page and "Action to comply with 2.3" in page
    response = officer_client.post(
        url, {"2.1-compliance": "complies", "2.1-evidence": "Policy, section 4", "2.2-compliance": "does_not"}
    )
    page = _page(response)
    assert response.status_code == 200 and "There is a problem" in page
    assert 'href="#id_2.2-action"' in page
    assert "Say what the council will do to comply with 2.2, and by when." in page
    assert not Assessment.objects.exists()  # all or none
    response = officer_client.post(
        url,
        {
            "2.1-compliance": "complies",
            "2.1-evidence": "Policy, section 4",
            "2.2-compliance": "does_not",
            "2.2-action": "Rewrite the exclusions by July 2027.",
        },
    )
    assert response["Location"] == reverse("handling_code:edition", args=[2026])
    assert dict(Assessment.objects.values_list("requirement__reference", "compliance")) == {
        "2.1": "complies",
        "2.2": "does_not",
    }
    page = _page(officer_client.get(response["Location"]))
    assert "Section 2, exclusions, saved." in page and "2 of 3" in page


def test_publishing_through_the_page_says_what_is_missing(officer_client):
    url = reverse("handling_code:edition", args=[2026])
    response = officer_client.post(
        reverse("handling_code:publish", args=[2026]), {"action": "publish"}, follow=True
    )
    page = _page(response)
    assert "The 2026/27 report cannot be published yet:" in page
    assert "the governing body's response is not recorded" in page
    response = officer_client.post(
        url,
        {
            "introduction": "",
            "improvements": "",
            "governing_body_response": "",
            "governing_body_response_on_day": "10",
            "governing_body_response_on_month": "6",
            "governing_body_response_on_year": "2027",
        },
    )
    assert "Write the governing body's response, or leave the date it was given blank." in _page(response)
    edition = CodeEdition.objects.get()
    for requirement in Requirement.objects.all():
        Assessment.objects.create(edition=edition, requirement=requirement, compliance="complies")
    officer_client.post(
        url,
        {
            "governing_body_response": "Welcomed.",
            "governing_body_response_on_day": "10",
            "governing_body_response_on_month": "6",
            "governing_body_response_on_year": "2027",
        },
    )
    edition.refresh_from_db()
    assert edition.governing_body_response_on == datetime.date(2027, 6, 10)
    officer_client.post(reverse("handling_code:publish", args=[2026]), {"action": "publish"})
    edition.refresh_from_db()
    assert edition.is_published
    officer_client.post(reverse("handling_code:publish", args=[2026]), {"action": "unpublish"})
    edition.refresh_from_db()
    assert not edition.is_published


@pytest.mark.parametrize(
    "extension, signature",
    [("pdf", b"%PDF"), ("docx", b"PK"), ("html", b"<!DOCTYPE html>")],
)
def test_each_format_downloads(officer_client, extension, signature):
    response = officer_client.get(reverse("handling_code:download", args=[2026, extension]))
    assert response.status_code == 200 and response.content.startswith(signature)
    assert f"complaints-performance-report-2026-27.{extension}" in response["Content-Disposition"]


def test_the_command_writes_the_report(tmp_path, code_year):
    out = tmp_path / "code.html"
    call_command("code_report", "--year", "2026", "--format", "html", "--out", str(out))
    assert "Annual Complaints Performance and Service Improvement Report" in out.read_text()
    with pytest.raises(Exception, match="choose one of html, pdf, docx"):
        call_command("code_report", "--year", "2026", "--format", "xlsx")
