"""Signing in: passwords, lockout, idle sessions, two-factor codes and single sign-on."""

import datetime
import time

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from heard.accounts.models import Role, User
from heard.accounts.oidc import StaffOIDCBackend, role_from_claims
from heard.cases.tests.factories import ComplaintsOfficerFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture
def officer():
    return ComplaintsOfficerFactory(username="olu")


def sign_in(client, username="olu", password=PASSWORD, next_url=""):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, "next": next_url}
    )


def code_for(device: TOTPDevice, at: float | None = None) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at or time.time()
    return f"{totp.token():06d}"


def test_sign_in_with_a_password_goes_to_my_work(client, officer):
    response = sign_in(client)
    assert response.status_code == 302 and response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_sign_in_returns_to_the_page_asked_for(client, officer):
    response = sign_in(client, next_url="/staff/cases/")
    assert response["Location"] == "/staff/cases/"


def test_wrong_password_is_refused_with_an_error_summary(client, officer):
    response = sign_in(client, password="wrong")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Enter a correct username and password" in page
    assert "<title>Error: Sign in" in page


def test_empty_sign_in_names_each_missing_field(client, db):
    page = client.post(reverse("accounts:login"), {"username": "", "password": ""}).content.decode()
    assert 'href="#id_username">Enter your username' in page
    assert 'href="#id_password">Enter your password' in page


def test_repeated_failures_lock_the_account(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, password="wrong")
    response = sign_in(client)  # even the right password, now
    assert response.status_code == 429
    assert "Signing in is paused" in response.content.decode()
    assert client.get("/staff/").status_code == 302


def test_passwords_are_hashed_with_argon2_outside_tests():
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_session_ends_after_30_minutes_without_a_request(client, officer):
    with time_machine.travel(
        datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC), tick=False
    ) as traveller:
        sign_in(client)
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get("/staff/").status_code == 200  # activity renews the session
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get("/staff/").status_code == 200
        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get("/staff/")
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_sign_out(client, officer):
    sign_in(client)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302


# --- Two-factor ------------------------------------------------------------------------------


def test_set_up_two_factor_then_a_code_is_needed_at_each_sign_in(client, officer):
    sign_in(client)
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "data:image/svg+xml;base64," in page
    device = TOTPDevice.objects.get(user=officer, confirmed=False)

    wrong = client.post(
        reverse("accounts:two_factor_setup"),
        {"token": "000000" if code_for(device) != "000000" else "111111"},
    )
    assert "The code is not right" in wrong.content.decode()
    too_soon = client.post(reverse("accounts:two_factor_setup"), {"token": code_for(device)})
    assert "too many wrong codes" in too_soon.content.decode()
    now = time.time() + 30
    with time_machine.travel(now, tick=False):
        response = client.post(reverse("accounts:two_factor_setup"), {"token": code_for(device, now)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    client.post(reverse("accounts:logout"))
    response = sign_in(client, next_url="/staff/cases/")
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    # Without the code, staff pages send the user to give it.
    blocked = client.get("/staff/cases/")
    assert blocked.status_code == 302 and blocked["Location"].startswith(
        reverse("accounts:two_factor_verify")
    )
    later = now + 60  # a fresh code: a code cannot be used twice
    with time_machine.travel(later, tick=False):
        response = client.post(
            reverse("accounts:two_factor_verify"), {"token": code_for(device, later), "next": "/staff/cases/"}
        )
        assert response.status_code == 302 and response["Location"] == "/staff/cases/"
        assert client.get("/staff/cases/").status_code == 200


def test_verify_refuses_a_wrong_code(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    sign_in(client)
    page = client.post(reverse("accounts:two_factor_verify"), {"token": "12ab"}).content.decode()
    assert "The code must be 6 digits" in page
    right = code_for(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    page = client.post(reverse("accounts:two_factor_verify"), {"token": wrong}).content.decode()
    assert "The code is not right" in page


def test_turn_off_two_factor_with_a_code(client, officer):
    sign_in(client)
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    later = time.time() + 90
    with time_machine.travel(later, tick=False):
        client.post(reverse("accounts:two_factor_verify"), {"token": code_for(device, later)})
    later += 90
    with time_machine.travel(later, tick=False):
        response = client.post(reverse("accounts:two_factor_disable"), {"token": code_for(device, later)})
        assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()


# --- Single sign-on --------------------------------------------------------------------------

OIDC = {
    "OIDC_ENABLED": True,
    "OIDC_RP_CLIENT_ID": "heard-client",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.example/token",
    "OIDC_OP_USER_ENDPOINT": "",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.example/keys",
}


def test_single_sign_on_is_off_without_a_client_id(client, db):
    assert client.get(reverse("accounts:oidc_start")).status_code == 404
    assert "council account" not in client.get(reverse("accounts:login")).content.decode()


@override_settings(**OIDC)
def test_single_sign_on_starts_at_the_identity_provider(client, db):
    assert "Sign in with your council account" in client.get(reverse("accounts:login")).content.decode()
    response = client.get(reverse("accounts:oidc_start"))
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("https://login.example/authorize?")
    assert "client_id=heard-client" in location and "code_challenge=" in location
    assert "redirect_uri=http%3A%2F%2Ftestserver%2Fstaff%2Faccount%2Fsso%2Fcallback%2F" in location


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        (["Heard.officer"], Role.COMPLAINTS_OFFICER),
        (["senior"], Role.SENIOR_MANAGER),
        (["Heard.Manager", "Heard.Officer"], Role.COMPLAINTS_OFFICER),
        ("admin", Role.ADMINISTRATOR),
        (["Something.else"], None),
        ([], None),
    ],
)
def test_role_from_claims(roles, expected):
    assert role_from_claims({"roles": roles}) == expected


@override_settings(**OIDC)
def test_single_sign_on_creates_and_updates_users_from_claims(db):
    backend = StaffOIDCBackend()
    claims = backend.get_userinfo(
        "access",
        "id",
        {"preferred_username": "Jo.Bloggs@council.example", "given_name": "Jo", "roles": ["Heard.officer"]},
    )
    assert claims["email"] == "Jo.Bloggs@council.example"
    user = backend.create_user(claims)
    assert user.username == "jo.bloggs@council.example" and user.role == Role.COMPLAINTS_OFFICER
    assert not user.has_usable_password()
    backend.update_user(user, {**claims, "roles": ["Heard.senior"], "family_name": "Bloggs"})
    user = User.objects.get(pk=user.pk)
    assert user.role == Role.SENIOR_MANAGER and user.last_name == "Bloggs"


@override_settings(**OIDC)
def test_single_sign_on_user_without_a_role_claim_sees_no_case(db):
    user = StaffOIDCBackend().create_user({"email": "new@council.example"})
    assert user.role == Role.INVESTIGATING_MANAGER and user.team is None
    from heard.cases.selectors import case_visible_to

    assert not case_visible_to(user).exists()
