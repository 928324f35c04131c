"""Rule sets and closure days are kept in each process for a while (REFERENCE_DATA_SECONDS), so a
complaint from the public form does not read them again; a change saved in the admin is used at
once all the same."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from heard.calendar.models import ClosureDay
from heard.calendar.selectors import closure_days_changed, council_calendar
from heard.cases import services
from heard.cases.models import Kind
from heard.cases.tests.factories import AdministratorFactory, CustomerFactory, ServiceAreaFactory
from heard.procedures.models import Procedure, RuleSet
from heard.procedures.selectors import rule_book, rule_book_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.REFERENCE_DATA_SECONDS = 60
    rule_book_changed()
    closure_days_changed()
    yield
    rule_book_changed()
    closure_days_changed()


@pytest.fixture
def admin_client(client):
    client.force_login(AdministratorFactory())
    return client


def log_complaint(received_on: date):
    return services.case_log(
        kind=Kind.COMPLAINT,
        received_on=received_on,
        service_area=ServiceAreaFactory(),
        customer=CustomerFactory.create(),
        procedure=Procedure.STATUTORY,
    )


@time_machine.travel(date(2026, 6, 30), tick=False)
def test_kept_reference_data_is_not_read_again(kept, django_assert_num_queries):
    rule_book(), council_calendar()
    with django_assert_num_queries(0):
        assert rule_book().in_force(Procedure.STATUTORY, date(2026, 6, 1)) is not None
        council_calendar()


@time_machine.travel(date(2026, 6, 30), tick=False)
def test_a_closure_day_added_in_the_admin_moves_the_next_acknowledgement_at_once(kept, admin_client):
    # Statutory: acknowledged within 3 working days. Received Monday 1 June 2026: due Thursday 4 June.
    assert log_complaint(date(2026, 6, 1)).acknowledgement_due_on == date(2026, 6, 4)
    response = admin_client.post(
        reverse("admin:calendar_closureday_add"),
        {"date": "2026-06-03", "description": "Staff training day"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ClosureDay.objects.filter(date=date(2026, 6, 3)).exists()
    assert log_complaint(date(2026, 6, 1)).acknowledgement_due_on == date(2026, 6, 5)


def test_a_rule_set_deleted_in_the_admin_is_no_longer_used(kept, admin_client):
    newest = RuleSet.objects.filter(procedure=Procedure.STATUTORY).order_by("-effective_from").first()
    assert newest is not None
    assert (newest.procedure, newest.effective_from) in [
        (v.procedure, v.effective_from) for v in rule_book().versions
    ]
    response = admin_client.post(
        reverse("admin:procedures_ruleset_delete", args=[newest.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert (newest.procedure, newest.effective_from) not in [
        (v.procedure, v.effective_from) for v in rule_book().versions
    ]
