"""Recommendations are tracked through the following year, and next year's report prints their
progress; a report waiting for text in any section cannot be published."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from heard.core.errors import RuleBroken
from heard.core.testing.fixtures import signed_in
from heard.reporting import metrics, services
from heard.reporting.models import Recommendation, RecommendationStatus, ReportEdition
from heard.reporting.renderers import render_docx, render_html
from heard.reporting.tests.editions import give_every_section_its_words
from heard.reporting.tests.text import html_text, pdf_text, word_text

MAY_2026 = datetime.datetime(2026, 5, 4, 10, 0, tzinfo=datetime.UTC)


def section(text: str, number: int) -> str:
    titles = {9: "9. Progress update", 10: "10. Actions and recommendations"}
    after = text.split(titles[number])[-1]
    return after.split(titles[number + 1])[0] if number + 1 in titles else after


@pytest.fixture
def last_years(officer):
    """Two recommendations made in the 2024/25 report, which is published."""
    edition = services.edition_get_or_create(year=2024)
    days = services.recommendation_add(
        edition=edition,
        text="Days to close complaints must remain a priority: remind investigators of the timescales.",
        title="Reduce the days to close",
        owner=officer,
        due_on=datetime.date(2025, 12, 31),
    )
    compliments = services.recommendation_add(edition=edition, text="Record all compliments.")
    edition.status = "published"
    edition.published_at = MAY_2026 - datetime.timedelta(days=365)
    edition.save()
    return days, compliments


@pytest.mark.django_db
def test_next_years_report_prints_each_recommendations_status_and_latest_progress(
    year_2025, officer, last_years
):
    days, compliments = last_years
    with time_machine.travel(MAY_2026 - datetime.timedelta(days=60), tick=False):
        services.progress_note_add(
            recommendation=days, status="in_progress", text="Reminders sent each month.", actor=officer
        )
    with time_machine.travel(MAY_2026 - datetime.timedelta(days=10), tick=False):
        services.progress_note_add(
            recommendation=days, status="complete", text="Average days fell from 24 to 17.", actor=officer
        )
    edition = services.edition_get_or_create(year=2025)
    services.recommendation_add(edition=edition, text="Keep the days to close a priority.")
    services.edition_update(edition=edition, recommendations_introduction="Performance remains good overall.")
    figures = metrics.annual_report(2025)
    formats = [
        html_text(render_html(figures=figures, year=2025)),
        word_text(render_docx(figures=figures, year=2025)),
        pdf_text(figures=figures, year=2025),
    ]
    for text in formats:
        progress = " ".join(section(text, 9).split())
        assert "Action 2024/25" in progress
        # The short name, the status and the latest note; not the earlier note.
        assert "Reduce the days to close" in progress and "Complete" in progress
        assert "Average days fell from 24 to 17." in progress
        assert "Reminders sent each month." not in progress
        # A recommendation nobody has reported on says so, and the section waits for it.
        assert "Record all compliments. Not reported Progress not yet written." in progress
        assert "this section needs progress on 1 of the 2024/25 recommendations" in progress
        recommendations = " ".join(section(text, 10).split())
        assert "Performance remains good overall." in recommendations
        assert "Recommendations for 2026/27 are:" in recommendations
        assert "Keep the days to close a priority." in recommendations


@pytest.mark.django_db
def test_a_published_report_keeps_the_progress_written_before_it_was_published(
    year_2025, officer, last_years
):
    days, compliments = last_years
    edition = services.edition_get_or_create(year=2025)
    with time_machine.travel(MAY_2026, tick=False):
        for recommendation in last_years:
            services.progress_note_add(
                recommendation=recommendation, status="in_progress", text="Under way.", actor=officer
            )
        give_every_section_its_words(edition, officer)
    with time_machine.travel(MAY_2026 + datetime.timedelta(days=1), tick=False):
        services.edition_publish(edition=edition, actor=officer)
    with time_machine.travel(MAY_2026 + datetime.timedelta(days=30), tick=False):
        services.progress_note_add(recommendation=days, status="complete", text="All done.", actor=officer)
    text = " ".join(
        section(html_text(render_html(figures=metrics.annual_report(2025), year=2025)), 9).split()
    )
    assert "Under way." in text and "All done." not in text
    days.refresh_from_db()
    assert days.status == RecommendationStatus.COMPLETE  # the tracking itself moved on


@pytest.mark.django_db
def test_publishing_is_refused_while_sections_wait_for_text(year_2025, officer):
    edition = services.edition_get_or_create(year=2025)
    with pytest.raises(RuleBroken) as refused:
        services.edition_publish(edition=edition, actor=officer)
    assert refused.value.message == (
        "The report cannot be published while sections wait for text: "
        "section 5 needs an approved example compliment; section 6 needs an approved example complaint; "
        "section 8 needs an approved example of learning; section 10 needs the recommendations for 2026/27."
    )
    text = html_text(render_html(figures=metrics.annual_report(2025), year=2025))
    assert "Waiting for text: this section needs an approved example compliment." in text
    give_every_section_its_words(edition, officer)
    services.edition_publish(edition=edition, actor=officer)
    assert ReportEdition.objects.get(year=2025).is_published
    assert "Waiting for text" not in html_text(render_html(figures=metrics.annual_report(2025), year=2025))


@pytest.mark.django_db
def test_a_year_with_nothing_to_quote_waits_only_for_its_recommendations(officer):
    edition = services.edition_get_or_create(year=2030)
    with pytest.raises(RuleBroken, match="section 10 needs the recommendations for 2031/32.$"):
        services.edition_publish(edition=edition, actor=officer)
    services.recommendation_add(edition=edition, text="Promote the feedback form.")
    services.edition_publish(edition=edition, actor=officer)
    text = html_text(render_html(figures=metrics.annual_report(2030), year=2030))
    assert "No compliments were recorded in 2030/31." in text
    assert "No recommendations were made for 2029/30." in text


@pytest.mark.django_db
def test_a_published_reports_recommendations_keep_their_words_but_not_their_tracking(
    officer, last_years, senior
):
    days, _ = last_years
    with pytest.raises(RuleBroken, match="published"):
        services.recommendation_update(
            recommendation=days, text="Other words", title=days.title, owner=officer, due_on=None
        )
    with pytest.raises(RuleBroken, match="published"):
        services.recommendation_delete(recommendation=days)
    services.recommendation_update(
        recommendation=days,
        text=days.text,
        title=days.title,
        owner=senior,
        due_on=datetime.date(2026, 6, 30),
    )
    days.refresh_from_db()
    assert days.owner == senior and days.due_on == datetime.date(2026, 6, 30)
    with pytest.raises(RuleBroken, match="Write the progress made"):
        services.progress_note_add(recommendation=days, status="in_progress", text=" ", actor=officer)


@pytest.mark.django_db
def test_an_officer_adds_a_recommendation_and_records_its_progress_through_the_pages(officer_client, officer):
    add = reverse("reporting:recommendation_add", args=[2025])
    refused = officer_client.post(add, {"text": "", "title": ""})
    assert "Enter the recommendation" in refused.content.decode()
    officer_client.post(
        add,
        {
            "text": "Remind staff to record every compliment.",
            "title": "Record compliments",
            "owner": officer.pk,
            "due_on_day": "31",
            "due_on_month": "3",
            "due_on_year": "2026",
        },
    )
    recommendation = Recommendation.objects.get()
    assert (recommendation.edition.year, recommendation.owner, recommendation.due_on) == (
        2025,
        officer,
        datetime.date(2026, 3, 31),
    )
    page = reverse("reporting:recommendation", args=[2025, recommendation.pk])
    missing = officer_client.post(page, {"action": "progress", "progress-status": "in_progress"})
    assert "Enter the progress made" in missing.content.decode()
    officer_client.post(
        page, {"action": "progress", "progress-status": "in_progress", "progress-text": "Posters are up."}
    )
    shown = officer_client.get(page).content.decode()
    assert "Posters are up." in shown and "In progress" in shown
    next_year = officer_client.get(reverse("reporting:edition", args=[2026])).content.decode()
    assert "Record compliments" in next_year and "Posters are up." in next_year


@pytest.mark.django_db
def test_senior_managers_read_recommendations_and_others_do_not_see_them(last_years, senior, manager_client):
    days, _ = last_years
    page = reverse("reporting:recommendation", args=[2024, days.pk])
    reader = signed_in(senior)
    assert "Reduce the days to close" in reader.get(page).content.decode()
    assert reader.post(page, {"action": "delete"}).status_code == 403
    assert manager_client.get(page).status_code == 404
    assert signed_in(senior).get(reverse("reporting:recommendation", args=[2023, days.pk])).status_code == 404
