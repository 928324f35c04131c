"""The workflow table: who may take each action, what each guard refuses, and that the case page and
the action pages ask the table rather than working the rules out again."""

import datetime
import html

import pytest
from django.urls import URLPattern, get_resolver, reverse

from heard.cases import views, workflow
from heard.cases.models import Status
from heard.cases.tests.factories import (
    ActionFactory,
    CaseFactory,
    ClosedInvestigationFactory,
    ComplaintsOfficerFactory,
    ComplimentFactory,
    EscalationFactory,
    InvestigatingManagerFactory,
    OpenInvestigationFactory,
    SeniorManagerFactory,
    UserFactory,
)
from heard.core.testing.fixtures import signed_in

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(datetime.datetime(2025, 7, 1, 9, 0, tzinfo=datetime.UTC), tick=False),
]


def action_views():
    resolver = get_resolver()
    patterns = resolver.url_patterns
    found = {}

    def walk(entries):
        for entry in entries:
            if isinstance(entry, URLPattern):
                view = getattr(entry.callback, "view_class", None)
                if view and issubclass(view, views.CaseActionView):
                    found[view.action] = view
            else:
                walk(entry.url_patterns)

    walk(patterns)
    return found


def test_every_action_page_takes_an_action_of_the_table_and_every_action_on_a_case_has_a_page():
    served = action_views()
    assert set(served) <= set(workflow.ACTIONS)
    on_parts = {name for names in workflow.PART_ACTIONS.values() for name in names}
    missing = (
        (set(workflow.CASE_ACTIONS) | on_parts | set(workflow.DESIGNATION_ACTIONS))
        - set(served)
        - {"access_log"}
    )
    assert missing == set()


def test_who_may_take_what():
    officer = ComplaintsOfficerFactory()
    manager = InvestigatingManagerFactory()
    senior = SeniorManagerFactory()
    administrator = UserFactory(role="admin", is_staff=True)
    mine = OpenInvestigationFactory(team=manager.team)
    theirs = OpenInvestigationFactory()
    assert workflow.permitted(officer, "case_withdraw", theirs.case)
    assert workflow.permitted(officer, "investigation_extend", theirs)
    assert workflow.permitted(manager, "investigation_extend", mine)
    assert workflow.permitted(manager, "investigation_delay_report", mine)
    assert workflow.permitted(manager, "learning_record", mine.case)
    assert not workflow.permitted(manager, "investigation_extend", theirs)
    assert not workflow.permitted(manager, "case_withdraw", mine.case)
    assert not workflow.permitted(manager, "investigation_allocate", mine)
    for user in (senior, administrator):
        for name in workflow.ACTIONS:
            if user.role in workflow.ACTIONS[name].roles:
                continue
            assert not workflow.permitted(user, name, mine), (user.role, name)
    # Deciding, reviewing and ending a designation are senior managers' only, not officers'.
    for name in ("designation_decide", "designation_review", "designation_end"):
        assert workflow.permitted(senior, name) and not workflow.permitted(officer, name)
        assert not workflow.permitted(administrator, name) and not workflow.permitted(manager, name)


def test_an_action_belongs_to_its_owner_and_an_escalation_to_the_person_it_went_to():
    owner, other = SeniorManagerFactory(), SeniorManagerFactory()
    action = ActionFactory(owner=owner)
    escalation = EscalationFactory(to=owner)
    assert workflow.permitted(owner, "action_complete", action)
    assert not workflow.permitted(other, "action_complete", action)
    assert workflow.permitted(owner, "escalation_acknowledge", escalation)
    assert not workflow.permitted(other, "escalation_acknowledge", escalation)


def offered_on_page(client, case) -> set[str]:
    page = html.unescape(client.get(reverse("cases:detail", args=[case.reference])).content.decode())
    buttons = {
        "Acknowledge": "case_acknowledge",
        "Allocate an investigation": "investigation_open",
        "Add an investigation": "investigation_open",
        "Escalate to stage 2": "case_escalate",
        "Close the case": "case_close",
        "Reopen": "case_reopen",
        "Withdraw": "case_withdraw",
    }
    actions = page[page.find('<h2 class="govuk-heading-m">Actions</h2>') :]
    actions = actions[: actions.find("</div>")]
    return {name for label, name in buttons.items() if f">{label}</a>" in actions}


def test_the_case_page_offers_what_the_table_allows(officer):
    client = signed_in(officer)
    new = CaseFactory()
    assert offered_on_page(client, new) == {"case_acknowledge", "investigation_open", "case_withdraw"}
    investigating = OpenInvestigationFactory(case=CaseFactory(acknowledged_on=datetime.date(2025, 6, 3))).case
    assert offered_on_page(client, investigating) == {"investigation_open", "case_withdraw"}
    answered = ClosedInvestigationFactory().case
    answered.status = Status.CLOSED
    answered.save()
    assert offered_on_page(client, answered) == {"case_escalate", "case_reopen"}
    compliment = ComplimentFactory()
    assert offered_on_page(client, compliment) == {"case_close", "case_withdraw"}


def test_an_officers_my_work_shows_the_services_overdue_and_due_soon_investigations(officer):
    overdue = OpenInvestigationFactory(due_on=datetime.date(2025, 6, 16))
    soon = OpenInvestigationFactory(due_on=datetime.date(2025, 7, 3))
    later = OpenInvestigationFactory(due_on=datetime.date(2025, 8, 29))
    page = html.unescape(signed_in(officer).get(reverse("cases:my_work")).content.decode())
    section = page[page.index("Investigations overdue or due soon across the service") :]
    section = section[: section.index("</table>")]
    assert overdue.case.reference in section and soon.case.reference in section
    assert later.case.reference not in section
    assert "Overdue by 11 working days" in section
