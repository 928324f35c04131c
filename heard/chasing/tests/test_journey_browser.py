"""A complaint's life in a real browser, with the clock moved a day at a time and the sweep run each
morning as cron would: the investigator's reminder, the escalation to the head of service, the
weekly digest and the quarterly pack each arrive exactly once, and people act on them in the pages
(axe-core on each new page).

The server's clock is moved with time_machine (the live server runs in this process); the browser
keeps real time, so the session lasts until the browser closes and the CSRF token lives in the
session: no cookie here has a date that could be in the browser's past.
"""

import datetime
import io
import re
from collections import Counter

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from heard.cases.models import Case, DelayReport, Escalation
from heard.cases.tests.factories import (
    ComplaintsOfficerFactory,
    InvestigatingManagerFactory,
    SeniorManagerFactory,
    ServiceAreaFactory,
    TeamFactory,
)
from heard.cases.tests.test_journeys import fill_date, sign_in
from heard.core.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

d = datetime.date


def morning(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 7, 30, tzinfo=datetime.UTC)


def kinds_to(address: str) -> Counter:
    """What each person has been sent, by kind of message (the subject's pattern)."""
    patterns = {
        "reminder": r"the stage 1 response is due in",
        "due today": r"the stage 1 response is due today",
        "escalation": r"^Overdue: ",
        "digest": r"due soon$",
        "pack": r"^Quarterly complaints pack",
        "feedback team": r"^Acknowledgements and Ombudsman",
    }
    found: Counter = Counter()
    for message in mail.outbox:
        if message.to == [address]:
            for kind, pattern in patterns.items():
                if re.search(pattern, str(message.subject)):
                    found[kind] += 1
    return found


def sign_out_and_in(page, username: str):
    page.context.clear_cookies()
    sign_in(page, username, check=False)
    page.wait_for_url(re.compile(r"/staff/$"))


def test_a_complaint_chased_from_receipt_to_the_quarterly_pack(page, settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.SESSION_COOKIE_AGE = 60 * 60 * 24 * 90
    settings.CSRF_USE_SESSIONS = True
    head = SeniorManagerFactory(username="hana", first_name="Hana", last_name="Head")
    director = SeniorManagerFactory(username="dan", first_name="Dan", last_name="Director")
    area = ServiceAreaFactory(name="Early Help", head=head, director=director)
    team = TeamFactory(name="Family Support Team", service_area=area)
    manager = InvestigatingManagerFactory(username="tam", first_name="Tam", last_name="Manager", team=team)
    team.manager = manager
    team.save()
    InvestigatingManagerFactory(username="ivo", first_name="Ivo", last_name="Vesti", team=team)
    ComplaintsOfficerFactory(username="olu", first_name="Olu", last_name="Officer")

    traveller = time_machine.travel(morning(d(2026, 6, 2)), tick=True)
    clock = traveller.start()
    try:
        # Tuesday 2 June 2026: a complaint by phone, acknowledged and allocated the same day.
        sign_in(page, "olu", check=False)
        page.wait_for_url(re.compile(r"/staff/$"))
        page.get_by_role("button", name="Log feedback").click()
        page.get_by_label("Complaint", exact=True).check()
        page.get_by_label("Phone", exact=True).check()
        page.get_by_label("Statutory children's").check()
        page.get_by_label("Service area").select_option(label="Early Help")
        page.get_by_label("Summary").fill("No reply about the family support plan")
        page.get_by_label("Name of the person giving the feedback").fill("Pat Parent")
        page.get_by_role("button", name="Log feedback").click()
        page.wait_for_url(re.compile(r"/staff/cases/CS-2026-\d{5}/$"))
        case = Case.objects.get()
        page.get_by_role("button", name="Acknowledge").click()
        page.get_by_role("button", name="Record acknowledgement").click()
        page.get_by_role("button", name="Allocate an investigation").click()
        page.get_by_label("Team").select_option(label="Family Support Team")
        page.get_by_label("Investigating manager").select_option(label="Ivo Vesti (Family Support Team)")
        page.get_by_role("button", name="Allocate").click()
        assert "due 16 June 2026" in page.locator(".govuk-notification-banner").inner_text()

        # Each morning from 3 June to 2 July, the sweep runs; twice some days, as a retried cron job would.
        day = d(2026, 6, 3)
        arrived: dict[tuple[datetime.date, str], Counter] = {}
        while day <= d(2026, 7, 2):
            clock.move_to(morning(day))
            before = {who: kinds_to(f"{who}@council.example") for who in ("ivo", "tam", "hana")}
            call_command("chase", stdout=io.StringIO())
            if day.weekday() in (1, 3):
                call_command("chase", stdout=io.StringIO())
            for who in before:
                arrived[day, who] = kinds_to(f"{who}@council.example") - before[who]

            if day == d(2026, 6, 11):
                # The investigator's reminder: 3 working days before 16 June.
                assert kinds_to("ivo@council.example")["reminder"] == 1
                sign_out_and_in(page, "ivo")
                assert case.reference in page.locator("main").inner_text()
                page.get_by_role("link", name=case.reference).first.click()
                page.get_by_role("link", name="Report a delay to stage 1").click()
                assert_accessible(page)
                page.get_by_label("Waiting for information").check()
                page.get_by_label("More about it").fill("The school has not sent its records yet")
                fill_date(page, "When do you now expect to respond?", d(2026, 6, 19))
                page.get_by_role("button", name="Report the delay").click()
                assert "Delay reported" in page.locator(".govuk-notification-banner").inner_text()
                assert_accessible(page)
                assert DelayReport.objects.count() == 1

            if day == d(2026, 6, 17):
                # One working day overdue: the head of service hears, and acknowledges it.
                assert kinds_to("hana@council.example")["escalation"] == 1
                sign_out_and_in(page, "hana")
                assert "Escalated to you" in page.locator("main").inner_text()
                assert_accessible(page)
                page.get_by_role("link", name="Escalations", exact=True).click()
                assert "Still overdue" in page.locator("main").inner_text()
                assert_accessible(page)
                page.get_by_role("link", name=f"Acknowledge the escalation of {case.reference}").click()
                assert_accessible(page)
                page.get_by_label("What will be done").fill("Spoken to the team; the response goes on Friday")
                fill_date(page, "Planned date (optional)", d(2026, 6, 19))
                page.get_by_role("button", name="Acknowledge").click()
                assert "acknowledged" in page.locator(".govuk-notification-banner").inner_text()
                assert "Spoken to the team" in page.locator("main").inner_text()

            if day == d(2026, 6, 18):
                # The officer sees the escalation and the delay on the case, and the list filters by it.
                sign_out_and_in(page, "olu")
                assert "Delays reported by investigators" in page.locator("main").inner_text()
                assert_accessible(page)
                page.goto("/staff/cases/?escalated=1")
                page.get_by_role("link", name=case.reference).click()
                main = page.locator("main").inner_text()
                assert "Hana Head, head of service for Early Help" in main
                assert "waiting for information" in main
                assert_accessible(page)
                page.get_by_role("link", name="Actions", exact=True).click()
                assert_accessible(page)
            day += datetime.timedelta(days=1)

        def days(who: str, kind: str) -> list[datetime.date]:
            return [
                day for (day, person), counts in arrived.items() if person == who for _ in range(counts[kind])
            ]

        # Exactly once each: the reminder to the investigator and their manager, the escalation to
        # the head of service (before its repeat at 6 working days overdue), each week's digest to
        # the team's manager (the first made up on the Wednesday), and the quarter's pack.
        for who in ("ivo", "tam"):
            assert days(who, "reminder") == [d(2026, 6, 11)]
            assert days(who, "due today") == [d(2026, 6, 16)]
        assert days("hana", "escalation") == [d(2026, 6, 17), d(2026, 6, 24)]
        assert Escalation.objects.filter(step=1).values_list("repeat", flat=True).count() == 2
        assert days("tam", "digest") == [
            d(2026, 6, 3),
            d(2026, 6, 8),
            d(2026, 6, 15),
            d(2026, 6, 22),
            d(2026, 6, 29),
        ]
        assert days("hana", "pack") == [d(2026, 7, 1)] and days("tam", "pack") == [d(2026, 7, 1)]
        [pack] = [m for m in mail.outbox if m.to == ["hana@council.example"] and "Quarterly" in m.subject]
        assert pack.subject == "Quarterly complaints pack: Early Help, Q1 2026/27"
        assert pack.attachments[0][0].endswith(".xlsx")

        # The pack is on the reports pages too.
        page.goto("/staff/reports/quarterly/")
        assert "Early Help" in page.locator("main").inner_text()
        assert_accessible(page)
    finally:
        traveller.stop()
