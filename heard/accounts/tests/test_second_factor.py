"""Two-factor sign-in is enforced on every staff and admin URL, downloads included, and required of
every staff role unless the council turns it off."""

import time

import pytest
import time_machine
from django.contrib.auth import BACKEND_SESSION_KEY
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from heard.accounts.tests.test_views import PASSWORD, code_for, sign_in
from heard.cases.tests.factories import AdministratorFactory, CaseFactory, ComplaintsOfficerFactory
from heard.intake.tests.files import PDF, stored_pdf

pytestmark = pytest.mark.django_db

VERIFY = reverse("accounts:two_factor_verify")
SET_UP = reverse("accounts:two_factor_setup")


@pytest.fixture
def attachment(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return stored_pdf(CaseFactory())


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def redirected_to(response, page: str) -> bool:
    return response.status_code == 302 and response["Location"].startswith(page)


@pytest.mark.parametrize(
    "path", ["/staff/", "/staff/cases/", "/staff/reports/", "/admin/", "/admin/cases/case/"]
)
def test_a_password_alone_opens_no_staff_or_admin_page_for_a_user_with_an_app(client, path):
    admin = AdministratorFactory(username="ada")
    confirmed_device(admin)
    client.post(reverse("accounts:login"), {"username": "ada", "password": PASSWORD})
    response = client.get(path)
    assert redirected_to(response, VERIFY)
    assert f"next={path.replace('/', '%2F')}" in response["Location"]


def test_a_password_alone_downloads_no_attachment(client, attachment):
    officer = ComplaintsOfficerFactory(username="olu")
    confirmed_device(officer)
    sign_in(client)
    response = client.get(reverse("casework:document_download", args=[attachment.pk]))
    assert redirected_to(response, VERIFY)
    assert not response.content


def test_after_the_code_the_download_is_served(client, attachment):
    officer = ComplaintsOfficerFactory(username="olu")
    device = confirmed_device(officer)
    sign_in(client)
    now = time.time()
    with time_machine.travel(now, tick=False):
        client.post(VERIFY, {"token": code_for(device, now)})
        response = client.get(reverse("casework:document_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_where_required_a_user_without_an_app_sets_one_up_before_any_staff_page(client):
    officer = ComplaintsOfficerFactory(username="olu")
    sign_in(client)
    for path in ("/staff/", "/staff/cases/", "/admin/"):
        assert redirected_to(client.get(path), SET_UP)
    page = client.get(f"{SET_UP}?next=/staff/cases/").content.decode()
    assert "Your council requires two-factor sign-in for every member of staff" in page
    assert 'name="next" value="/staff/cases/"' in page
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    now = time.time()
    with time_machine.travel(now, tick=False):
        response = client.post(SET_UP, {"token": code_for(device, now), "next": "/staff/cases/"})
        assert response["Location"] == "/staff/cases/"
        assert client.get("/staff/cases/").status_code == 200
    # Signing out still works before the second factor; and it cannot be turned off.
    with time_machine.travel(now + 60, tick=False):
        refused = client.get(reverse("accounts:two_factor_disable"), follow=True)
    assert "cannot be turned off" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).exists()


@override_settings(TWO_FACTOR_REQUIRED=True)
def test_sign_out_needs_no_second_factor(client):
    ComplaintsOfficerFactory(username="olu")
    sign_in(client)
    response = client.post(reverse("accounts:logout"))
    assert redirected_to(response, reverse("accounts:login"))
    assert redirected_to(client.get("/staff/"), reverse("accounts:login"))


@override_settings(TWO_FACTOR_REQUIRED=False)
def test_where_the_council_turns_it_off_a_password_is_enough_until_an_app_is_set_up(client):
    ComplaintsOfficerFactory(username="olu")
    sign_in(client)
    assert client.get("/staff/cases/").status_code == 200


WITH_SINGLE_SIGN_ON = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "heard.accounts.oidc.StaffOIDCBackend",
]


@override_settings(
    TWO_FACTOR_REQUIRED=True, SINGLE_SIGN_ON_ENFORCES_MFA=True, AUTHENTICATION_BACKENDS=WITH_SINGLE_SIGN_ON
)
def test_single_sign_on_counts_as_verified_only_where_the_identity_provider_enforces_mfa(client):
    officer = ComplaintsOfficerFactory(username="olu")
    client.force_login(officer, backend="heard.accounts.oidc.StaffOIDCBackend")
    assert client.session[BACKEND_SESSION_KEY] == "heard.accounts.oidc.StaffOIDCBackend"
    assert client.get("/staff/cases/").status_code == 200
    # The same user signing in with a password still sets up an app.
    client.logout()
    sign_in(client)
    assert redirected_to(client.get("/staff/cases/"), SET_UP)


@override_settings(
    TWO_FACTOR_REQUIRED=True, SINGLE_SIGN_ON_ENFORCES_MFA=False, AUTHENTICATION_BACKENDS=WITH_SINGLE_SIGN_ON
)
def test_single_sign_on_without_that_assurance_still_needs_an_app(client):
    officer = ComplaintsOfficerFactory(username="olu")
    client.force_login(officer, backend="heard.accounts.oidc.StaffOIDCBackend")
    assert redirected_to(client.get("/staff/cases/"), SET_UP)
