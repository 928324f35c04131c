import pytest
from django.urls import reverse

from heard.reporting.models import Quote, ReportEdition


@pytest.mark.django_db
def test_the_reports_page_offers_each_years_downloads(officer_client, year_2025):
    page = officer_client.get(reverse("reporting:index")).content.decode()
    assert reverse("reporting:download", args=[2025, "pdf"]) in page
    assert reverse("reporting:download", args=[2025, "docx"]) in page
    assert reverse("reporting:dashboard") in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extension, content_type, signature",
    [
        ("pdf", "application/pdf", b"%PDF"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
        ("html", "text/html; charset=utf-8", b"<!DOCTYPE html>"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ],
)
def test_download_buttons_give_each_format(officer_client, year_2025, extension, content_type, signature):
    response = officer_client.get(reverse("reporting:download", args=[2025, extension]))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(signature)
    assert f"annual-report-2025-26.{extension}" in response["Content-Disposition"]


@pytest.mark.django_db
def test_an_officer_quotes_a_compliment_through_the_pages(officer_client, year_2025):
    from heard.cases.tests.factories import ComplimentFactory, CustomerFactory

    compliment = ComplimentFactory(
        received_on=year_2025["cases"][0].received_on,
        team=year_2025["fostering"],
        service_area=year_2025["social_care"],
        customer=CustomerFactory(name="Robin Okoye"),
        details="Robin Okoye thanks the team: call 07700 900456.",
    )
    choose = officer_client.get(reverse("reporting:quote_add", args=[2025, "compliment"]))
    assert compliment.reference in choose.content.decode()
    response = officer_client.post(
        reverse("reporting:quote_add", args=[2025, "compliment"]), {"case": compliment.pk}
    )
    quote = Quote.objects.get()
    assert response["Location"] == reverse("reporting:quote", args=[2025, quote.pk])
    page = officer_client.get(response["Location"]).content.decode()
    assert "Not approved" in page and "07700 900456" in page  # the officer sees what was recorded
    assert quote.text == "[name removed] thanks the team: call [phone number removed]."
    officer_client.post(
        reverse("reporting:quote", args=[2025, quote.pk]),
        {
            "action": "approve",
            "heading": "Compliment for the Fostering Team:",
            "text": "Thank you to the team.",
            "position": 1,
        },
    )
    quote.refresh_from_db()
    assert quote.is_approved and quote.text == "Thank you to the team."
    edition = officer_client.get(reverse("reporting:edition", args=[2025])).content.decode()
    assert "Approved" in edition
    officer_client.post(reverse("reporting:publish", args=[2025]), {"action": "publish"})
    assert ReportEdition.objects.get(year=2025).is_published


@pytest.mark.django_db
def test_recommendations_and_progress_pages_save_in_order(officer_client, year_2025):
    url = reverse("reporting:recommendations", args=[2025])
    assert officer_client.get(url).status_code == 200
    officer_client.post(
        url,
        {
            "recommendations-TOTAL_FORMS": "3",
            "recommendations-INITIAL_FORMS": "0",
            "recommendations-0-text": "First",
            "recommendations-1-text": "",
            "recommendations-2-text": "Second",
        },
    )
    edition = ReportEdition.objects.get(year=2025)
    assert [r.text for r in edition.recommendations.all()] == ["First", "Second"]
    officer_client.post(
        reverse("reporting:progress", args=[2025]),
        {
            "progress-TOTAL_FORMS": "1",
            "progress-INITIAL_FORMS": "0",
            "progress-0-action": "Record compliments",
            "progress-0-progress": "Done",
        },
    )
    assert [(p.action, p.progress) for p in edition.progress.all()] == [("Record compliments", "Done")]
    officer_client.post(
        reverse("reporting:edition", args=[2025]),
        {
            "introduction": "Our own words.",
            "feedback_commentary": "",
            "comparison_commentary": "",
            "learning_commentary": "",
            "recommendations_introduction": "",
        },
    )
    edition.refresh_from_db()
    assert edition.introduction == "Our own words."
