import pytest
from django.urls import reverse

from heard.reporting.models import Quote, ReportEdition
from heard.reporting.tests.editions import give_every_section_its_words


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
def test_an_officer_quotes_a_compliment_through_the_pages(officer_client, officer, year_2025):
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
    assert "Section 6 needs an approved example complaint" in edition
    refused = officer_client.post(
        reverse("reporting:publish", args=[2025]), {"action": "publish"}, follow=True
    )
    assert "cannot be published while sections wait for text" in refused.content.decode()
    give_every_section_its_words(ReportEdition.objects.get(year=2025), officer)
    officer_client.post(reverse("reporting:publish", args=[2025]), {"action": "publish"})
    assert ReportEdition.objects.get(year=2025).is_published


@pytest.mark.django_db
def test_the_reports_words_are_saved_from_its_page(officer_client, year_2025):
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
    edition = ReportEdition.objects.get(year=2025)
    assert edition.introduction == "Our own words."
