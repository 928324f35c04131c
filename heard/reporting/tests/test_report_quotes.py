"""Quotes appear in a report only when an officer has approved them, in every format."""

import pytest

from heard.core.errors import RuleBroken
from heard.reporting import metrics, services
from heard.reporting.models import QuoteKind
from heard.reporting.renderers import render_docx, render_html
from heard.reporting.tests.editions import give_every_section_its_words
from heard.reporting.tests.text import html_text, pdf_text, word_text


@pytest.fixture
def compliment(year_2025):
    from heard.cases.tests.factories import ComplimentFactory, CustomerFactory

    customer = CustomerFactory(name="Dana Whitlock", email="dana@example.org")
    return ComplimentFactory(
        received_on=year_2025["cases"][0].received_on,
        team=year_2025["fostering"],
        service_area=year_2025["social_care"],
        customer=customer,
        details="Dana Whitlock says the fostering team were wonderful to her family.",
    )


def all_formats(year: int) -> list[str]:
    figures = metrics.annual_report(year)
    return [
        html_text(render_html(figures=figures, year=year)),
        word_text(render_docx(figures=figures, year=year)),
        pdf_text(figures=figures, year=year),
    ]


@pytest.mark.django_db
def test_an_unapproved_quote_appears_in_no_format_and_an_approved_one_in_every_format(compliment, officer):
    edition = services.edition_get_or_create(year=2025)
    quote = services.quote_add(edition=edition, kind=QuoteKind.COMPLIMENT, case=compliment)
    # Heard's proposal removes the customer's name.
    assert quote.text == "[name removed] says the fostering team were wonderful to her family."
    assert quote.heading == "Compliment for the Fostering Team:"
    assert not quote.is_approved
    for text in all_formats(2025):
        assert "wonderful to her family" not in text
        assert "Dana" not in text
    services.quote_approve(quote=quote, actor=officer)
    for text in all_formats(2025):
        assert (
            "Compliment for the Fostering Team: “[name removed] says the fostering team were wonderful"
            in text
        )
        assert "Dana" not in text


@pytest.mark.django_db
def test_changing_an_approved_quote_withdraws_its_approval(compliment, officer):
    edition = services.edition_get_or_create(year=2025)
    quote = services.quote_add(edition=edition, kind=QuoteKind.COMPLIMENT, case=compliment)
    services.quote_approve(quote=quote, actor=officer)
    services.quote_update(
        quote=quote, text="The team were wonderful, said D. Whitlock.", heading=quote.heading
    )
    quote.refresh_from_db()
    assert not quote.is_approved
    text = html_text(render_html(figures=metrics.annual_report(2025), year=2025))
    assert "Whitlock" not in text and "The team were wonderful" not in text
    # Moving it in the order only keeps the approval.
    services.quote_approve(quote=quote, actor=officer)
    services.quote_update(quote=quote, text=quote.text, heading=quote.heading, position=5)
    quote.refresh_from_db()
    assert quote.is_approved


@pytest.mark.django_db
def test_publishing_needs_every_quote_approved_and_freezes_the_report(compliment, officer):
    edition = services.edition_get_or_create(year=2025)
    quote = services.quote_add(edition=edition, kind=QuoteKind.COMPLIMENT, case=compliment)
    with pytest.raises(RuleBroken, match="1 quote still needs approving"):
        services.edition_publish(edition=edition, actor=officer)
    services.quote_approve(quote=quote, actor=officer)
    give_every_section_its_words(edition, officer)
    services.edition_publish(edition=edition, actor=officer)
    with pytest.raises(RuleBroken, match="published"):
        services.quote_update(quote=quote, text="Changed", heading="")
    with pytest.raises(RuleBroken, match="published"):
        services.recommendation_add(edition=edition, text="New")
    text = html_text(render_html(figures=metrics.annual_report(2025), year=2025))
    assert "Draft – not for publication" not in text
    services.edition_unpublish(edition=edition)
    services.recommendation_add(edition=edition, text="Remind staff to record compliments.")


@pytest.mark.django_db
def test_a_learning_quote_comes_from_a_learning_point(year_2025):
    from heard.cases.models import Learning

    edition = services.edition_get_or_create(year=2025)
    learning = Learning.objects.get(kind="action")
    quote = services.quote_add(
        edition=edition, kind=QuoteKind.LEARNING, case=learning.case, learning=learning
    )
    assert quote.text == "Apologise to Ms [name removed]."
    with pytest.raises(RuleBroken):
        services.quote_add(
            edition=edition,
            kind=QuoteKind.COMPLAINT,
            case=year_2025["cases"][0].__class__.objects.filter(kind="compliment").first(),
        )
