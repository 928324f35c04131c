"""The remedy the Ombudsman asks for: its due date with the decision, and its completion on the case
page (the Complaint Handling Code report counts remedies completed by their due date)."""

import datetime
import html

import pytest
import time_machine
from django.urls import reverse

from heard.cases import services
from heard.cases.tests.factories import OmbudsmanReferralFactory
from heard.cases.tests.test_views_actions import assert_refused, date_fields
from heard.core.errors import RuleBroken

pytestmark = pytest.mark.django_db


def _decided(**fields):
    referral = OmbudsmanReferralFactory()
    return services.ombudsman_decision_record(
        referral=referral, decision="upheld", decided_on=datetime.date(2025, 11, 3), **fields
    )


def test_a_remedy_due_date_needs_the_remedy_and_comes_after_the_decision():
    with pytest.raises(RuleBroken, match="Describe the remedy, or leave the date it is due blank."):
        _decided(remedy_due_on=datetime.date(2025, 12, 3))
    with pytest.raises(RuleBroken, match="The remedy cannot be due before the decision."):
        _decided(remedy="Apology", remedy_due_on=datetime.date(2025, 10, 3))
    referral = _decided(remedy="Apology and £250", remedy_due_on=datetime.date(2025, 12, 3))
    referral.refresh_from_db()
    assert referral.remedy_due_on == datetime.date(2025, 12, 3)


@time_machine.travel(datetime.datetime(2025, 12, 10, 12, tzinfo=datetime.UTC), tick=False)
def test_completing_a_remedy_is_refused_without_one_twice_or_on_an_impossible_day(officer):
    with pytest.raises(RuleBroken, match="The Ombudsman asked for no remedy on this enquiry."):
        services.ombudsman_remedy_complete(referral=_decided(), completed_on=datetime.date(2025, 12, 1))
    referral = _decided(remedy="Apology", remedy_due_on=datetime.date(2025, 12, 3))
    with pytest.raises(RuleBroken, match="cannot be in the future"):
        services.ombudsman_remedy_complete(referral=referral, completed_on=datetime.date(2025, 12, 11))
    with pytest.raises(RuleBroken, match=r"cannot be completed before the decision \(3 November 2025\)"):
        services.ombudsman_remedy_complete(referral=referral, completed_on=datetime.date(2025, 11, 1))
    services.ombudsman_remedy_complete(
        referral=referral, completed_on=datetime.date(2025, 12, 2), actor=officer
    )
    referral.refresh_from_db()
    assert referral.remedy_completed_on == datetime.date(2025, 12, 2)
    assert referral.case.events.last().description == (
        "Ombudsman remedy completed on 2 December 2025 (due 3 December 2025)"
    )
    with pytest.raises(RuleBroken, match="The remedy was completed on 2 December 2025."):
        services.ombudsman_remedy_complete(referral=referral, completed_on=datetime.date(2025, 12, 2))


@time_machine.travel(datetime.datetime(2025, 12, 10, 12, tzinfo=datetime.UTC), tick=False)
def test_an_officer_records_the_remedy_and_its_completion_on_the_case_page(officer_client):
    referral = OmbudsmanReferralFactory()
    case = referral.case
    args = [case.reference, referral.pk]
    detail = reverse("cases:detail", args=[case.reference])
    assert "Record remedy completed" not in officer_client.get(detail).content.decode()
    assert_refused(
        officer_client.post(
            reverse("cases:ombudsman_decision", args=args),
            {
                "decision": "upheld",
                **date_fields("decided_on", datetime.date(2025, 11, 3)),
                **date_fields("remedy_due_on", datetime.date(2025, 12, 3)),
            },
        ),
        "Describe the remedy, or leave the date it is due blank.",
        "id_remedy",
    )
    officer_client.post(
        reverse("cases:ombudsman_decision", args=args),
        {
            "decision": "upheld",
            **date_fields("decided_on", datetime.date(2025, 11, 3)),
            "remedy": "Apology and £250",
            **date_fields("remedy_due_on", datetime.date(2025, 12, 3)),
        },
    )
    page = html.unescape(officer_client.get(detail).content.decode())
    assert "Apology and £250<br>Due 3 December 2025<br>Not completed yet" in page
    assert reverse("cases:ombudsman_remedy", args=args) in page
    response = officer_client.post(
        reverse("cases:ombudsman_remedy", args=args), date_fields("completed_on", datetime.date(2025, 12, 2))
    )
    assert response.status_code == 302
    page = html.unescape(officer_client.get(detail).content.decode())
    assert "Completed 2 December 2025" in page and "Ombudsman remedy recorded as completed" in page
    assert officer_client.get(reverse("cases:ombudsman_remedy", args=args)).status_code == 409
