"""Who may reach which staff page and action. A case outside a user's reach is a 404; a visible case
the user may not change is a 403; signing in is required for all of /staff/."""

import pytest
from django.urls import reverse

from heard.cases.models import CaseEvent
from heard.cases.tests.factories import ClosedInvestigationFactory, OmbudsmanReferralFactory

pytestmark = pytest.mark.django_db

CASE_PAGES = ["cases:detail"]
CASE_ACTIONS = [
    "cases:update",
    "cases:person_add",
    "cases:acknowledge",
    "cases:investigation_open",
    "cases:escalate",
    "cases:ombudsman_referral",
    "cases:withdraw",
    "cases:reopen",
    "cases:close",
]
INVESTIGATION_ACTIONS = [
    "cases:investigation_allocate",
    "cases:investigation_extend",
    "cases:investigation_close",
    "cases:investigation_acknowledge",
    "cases:investigation_panel",
]
MANAGER_INVESTIGATION_ACTIONS = ["cases:investigation_extend", "cases:investigation_close"]
REFERRAL_ACTIONS = ["cases:ombudsman_response", "cases:ombudsman_decision", "cases:ombudsman_remedy"]


def _urls(case):
    investigation = case.investigations.first()
    referral = case.ombudsman_referrals.first() or OmbudsmanReferralFactory(case=case)
    urls = {name: reverse(name, args=[case.reference]) for name in CASE_PAGES + CASE_ACTIONS}
    urls["cases:learning_record"] = reverse("cases:learning_record", args=[case.reference])
    urls["cases:access_log"] = reverse("cases:access_log", args=[case.reference])
    for name in INVESTIGATION_ACTIONS:
        urls[name] = reverse(name, args=[case.reference, investigation.pk])
    for name in REFERRAL_ACTIONS:
        urls[name] = reverse(name, args=[case.reference, referral.pk])
    return urls


def test_every_staff_page_needs_sign_in(client, managers_case):
    for url in [
        reverse("cases:my_work"),
        reverse("cases:list"),
        reverse("cases:export"),
        reverse("cases:log"),
        *_urls(managers_case).values(),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_complaints_officer_reaches_every_page_and_action(officer_client, managers_case, other_case):
    """Every action is open to an officer: its form, or, where the case does not allow it now (the
    stage is still open, say), a page that says why."""
    for case in (managers_case, other_case):
        for name, url in _urls(case).items():
            response = officer_client.get(url)
            assert response.status_code in (200, 409), name
            if response.status_code == 409:
                assert "This cannot be done now." in response.content.decode(), name
    assert officer_client.get(_urls(managers_case)["cases:investigation_extend"]).status_code == 200
    for name in ("cases:my_work", "cases:list", "cases:export", "cases:log"):
        assert officer_client.get(reverse(name)).status_code == 200, name


def test_a_case_outside_a_managers_reach_is_not_found_on_every_page(manager_client, other_case):
    for name, url in _urls(other_case).items():
        assert manager_client.get(url).status_code == 404, name
        if name not in ("cases:detail", "cases:access_log"):
            assert manager_client.post(url, {}).status_code == 404, name


def test_a_case_that_does_not_exist_is_not_found(officer_client, db):
    assert officer_client.get(reverse("cases:detail", args=["CS-1999-99999"])).status_code == 404


def test_manager_sees_their_teams_case_and_may_extend_close_and_record_learning(
    manager_client, managers_case
):
    urls = _urls(managers_case)
    assert manager_client.get(urls["cases:detail"]).status_code == 200
    for name in [*MANAGER_INVESTIGATION_ACTIONS, "cases:learning_record"]:
        assert manager_client.get(urls[name]).status_code == 200, name


def test_manager_may_not_take_officer_actions_on_their_case(manager_client, managers_case):
    urls = _urls(managers_case)
    officer_only = [
        *CASE_ACTIONS,
        "cases:investigation_allocate",
        "cases:investigation_acknowledge",
        "cases:investigation_panel",
        *REFERRAL_ACTIONS,
        "cases:access_log",
    ]
    for name in officer_only:
        assert manager_client.get(urls[name]).status_code == 403, name
        if name != "cases:access_log":
            assert manager_client.post(urls[name], {}).status_code == 403, name
    assert manager_client.get(reverse("cases:log")).status_code == 403


def test_manager_sees_a_case_allocated_to_them_personally_in_another_team(manager, manager_client):
    investigation = ClosedInvestigationFactory(investigator=manager)
    case = investigation.case
    assert manager_client.get(reverse("cases:detail", args=[case.reference])).status_code == 200


def test_manager_cannot_extend_another_teams_investigation_on_a_shared_case(
    manager_client, managers_case, other_case
):
    # A complaint split between two teams: the manager sees the case, but only acts on their own part.
    from heard.cases.tests.factories import OpenInvestigationFactory

    theirs = OpenInvestigationFactory(case=managers_case, number=2, team=other_case.team)
    url = reverse("cases:investigation_extend", args=[managers_case.reference, theirs.pk])
    assert manager_client.get(url).status_code == 403


def test_senior_manager_reads_every_case_but_changes_nothing(senior_client, managers_case, other_case):
    before = CaseEvent.objects.count()
    for case in (managers_case, other_case):
        urls = _urls(case)
        assert senior_client.get(urls.pop("cases:detail")).status_code == 200
        for name, url in urls.items():
            assert senior_client.get(url).status_code == 403, name
            if name != "cases:access_log":
                assert senior_client.post(url, {"reason": "x"}).status_code == 403, name
    assert senior_client.get(reverse("cases:list")).status_code == 200
    assert senior_client.get(reverse("cases:my_work")).status_code == 200
    assert senior_client.get(reverse("cases:log")).status_code == 403
    assert senior_client.post(reverse("cases:log"), {}).status_code == 403
    assert CaseEvent.objects.count() == before


def test_administrator_sees_no_case(administrator_client, managers_case):
    for name, url in _urls(managers_case).items():
        assert administrator_client.get(url).status_code == 404, name
    response = administrator_client.get(reverse("cases:list"))
    assert managers_case.reference not in response.content.decode()


def test_case_page_links_only_to_the_actions_the_role_allows(
    officer_client, manager_client, senior_client, managers_case
):
    urls = _urls(managers_case)
    detail = urls.pop("cases:detail")
    pages = {
        "officer": officer_client.get(detail).content.decode(),
        "manager": manager_client.get(detail).content.decode(),
        "senior": senior_client.get(detail).content.decode(),
    }
    for name in ("cases:acknowledge", "cases:investigation_open", "cases:withdraw", "cases:access_log"):
        assert urls[name] in pages["officer"], name
        assert urls[name] not in pages["manager"], name
    for name in (*MANAGER_INVESTIGATION_ACTIONS, "cases:learning_record"):
        assert urls[name] in pages["officer"], name
        assert urls[name] in pages["manager"], name
    for name, url in urls.items():
        assert url not in pages["senior"], name
