import pytest
from django.core.management import call_command

from heard.accounts.models import User
from heard.cases.models import Case, ServiceArea
from heard.letters.models import Letter

pytestmark = pytest.mark.django_db


def test_demo_data_loads_once_with_a_user_for_each_role():
    call_command("demo_data")
    cases = Case.objects.count()
    call_command("demo_data")
    assert cases > 0 and Case.objects.count() == cases
    assert set(User.objects.values_list("role", flat=True)) == {"officer", "manager", "senior", "admin"}
    assert User.objects.get(username="officer").check_password("heard-demo-2026")
    assert ServiceArea.objects.filter(name="Children's Social Care").exists()
    from heard.conduct.models import Designation

    assert sorted(d.status for d in Designation.objects.all()) == ["in_force", "proposed"]


def test_the_demo_shows_letters_at_each_step_of_the_quality_check():
    call_command("demo_data")
    letters = Letter.objects.order_by("case__reference")
    assert sorted(letters.values_list("status", flat=True)) == ["returned", "sent", "submitted"]
    sent = letters.get(status="sent")
    assert sent.document is not None and sent.answers is not None
    assert "[" not in sent.body  # the template's reminders were replaced before it was checked
