"""The access log: who viewed or changed which case, when and what; append-only."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from heard.audit.models import AccessAction, CaseAccess
from heard.audit.selectors import case_access_log
from heard.audit.services import access_record
from heard.cases.tests.factories import AdministratorFactory, CaseFactory, ComplaintsOfficerFactory

pytestmark = pytest.mark.django_db


def test_access_record_keeps_who_when_what_and_where():
    officer = ComplaintsOfficerFactory(first_name="Olu", last_name="Officer")
    case = CaseFactory()
    request = RequestFactory().get(f"/staff/cases/{case.reference}/?from=list", REMOTE_ADDR="10.0.0.7")
    entry = access_record(
        user=officer, action=AccessAction.VIEWED, what="Viewed the case page", case=case, request=request
    )
    assert entry.at is not None
    assert entry.user_name == "Olu Officer" and entry.case_reference == case.reference
    assert entry.path == f"/staff/cases/{case.reference}/?from=list" and entry.ip_address == "10.0.0.7"


def test_the_log_outlives_the_user_and_reads_the_same():
    officer = ComplaintsOfficerFactory(first_name="Olu", last_name="Officer")
    case = CaseFactory()
    access_record(user=officer, action=AccessAction.CHANGED, what="Acknowledged", case=case)
    officer.delete()
    entry = case_access_log(case).get()
    assert entry.user is None and entry.user_name == "Olu Officer"


def test_entries_cannot_be_changed_or_deleted():
    entry = access_record(
        user=ComplaintsOfficerFactory(), action=AccessAction.VIEWED, what="Viewed", case=CaseFactory()
    )
    entry.what = "Something else"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_unknown_actions_are_refused():
    with pytest.raises(ValueError):
        access_record(user=ComplaintsOfficerFactory(), action="peeked", what="x")


def test_case_access_log_is_newest_first_and_per_case():
    officer = ComplaintsOfficerFactory()
    case, other = CaseFactory(), CaseFactory()
    first = access_record(user=officer, action=AccessAction.VIEWED, what="first", case=case)
    second = access_record(user=officer, action=AccessAction.CHANGED, what="second", case=case)
    access_record(user=officer, action=AccessAction.VIEWED, what="elsewhere", case=other)
    assert list(case_access_log(case)) == [second, first]


def test_the_admin_shows_the_log_read_only(client):
    client.force_login(AdministratorFactory())
    access_record(
        user=ComplaintsOfficerFactory(), action=AccessAction.VIEWED, what="Viewed", case=CaseFactory()
    )
    assert client.get(reverse("admin:audit_caseaccess_changelist")).status_code == 200
    entry = CaseAccess.objects.get()
    assert (
        client.post(reverse("admin:audit_caseaccess_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert CaseAccess.objects.exists()
