"""The one check every staff page makes before it shows anything: signed in, and verified with a
second factor when the user has set one up."""

from django.contrib.auth.mixins import AccessMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device


def needs_second_factor(user) -> bool:
    """True when the user has set up two-factor sign-in but has not given a code in this session."""
    return user_has_device(user) and not user.is_verified()


class StaffRequiredMixin(AccessMixin):
    """Sign-in is required for every staff page; a user with an authenticator app must also have
    given a code from it since signing in."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if needs_second_factor(request.user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:two_factor_verify')}?{query}")
        return super().dispatch(request, *args, **kwargs)
