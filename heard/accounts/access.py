"""Who may reach the staff pages: signed in, and (on every staff and admin URL, downloads included)
verified with a second factor.

Two-factor sign-in is required of every staff role unless the council turns it off
(`TWO_FACTOR_REQUIRED`, off in the local demo settings only). Where single sign-on's identity
provider enforces MFA, `SINGLE_SIGN_ON_ENFORCES_MFA` lets a session signed in through it count as
verified. A user who has set up an authenticator app always gives a code, whatever the settings.
"""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

PROTECTED_PATHS = ("/staff/", "/admin/")
# The pages a signed-in user reaches before giving a second factor: to give it, to set it up, or to leave.
BEFORE_SECOND_FACTOR = {
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "accounts:oidc_start",
    "accounts:oidc_callback",
}
SINGLE_SIGN_ON_BACKEND = "heard.accounts.oidc.StaffOIDCBackend"


def signed_in_through_single_sign_on(request) -> bool:
    return request.session.get(BACKEND_SESSION_KEY) == SINGLE_SIGN_ON_BACKEND


def second_factor_missing(request) -> str:
    """What the signed-in user must do before a staff page: "verify" (give a code from their app),
    "set-up" (add an app, as the council requires one) or "" (nothing)."""
    user = request.user
    if not user.is_authenticated or user.is_verified():
        return ""
    if user_has_device(user):
        return "verify"
    if not settings.TWO_FACTOR_REQUIRED:
        return ""
    if settings.SINGLE_SIGN_ON_ENFORCES_MFA and signed_in_through_single_sign_on(request):
        return ""
    return "set-up"


class SecondFactorMiddleware:
    """Send a signed-in user who has not given a second factor to the page that takes it, from any
    staff or admin URL (the admin's own pages and file downloads included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(PROTECTED_PATHS):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in BEFORE_SECOND_FACTOR:
            return None
        missing = second_factor_missing(request)
        if not missing:
            return None
        target = "accounts:two_factor_verify" if missing == "verify" else "accounts:two_factor_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class StaffRequiredMixin(LoginRequiredMixin):
    """Sign-in is required for every staff page (the second factor is checked before any view by
    SecondFactorMiddleware)."""
