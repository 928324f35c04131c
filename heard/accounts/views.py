"""Signing in and out, and two-factor sign-in with an authenticator app (TOTP)."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.generic import FormView, TemplateView
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from heard.accounts.access import StaffRequiredMixin
from heard.accounts.forms import SignInForm, TokenForm

DEVICE_NAME = "Authenticator app"


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class AccountLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        context["sso_failed"] = self.request.GET.get("sso") == "failed"
        context["lockout_limit"] = settings.AXES_FAILURE_LIMIT
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        if user_has_device(form.get_user()):
            query = urlencode({"next": self.get_success_url()})
            return redirect(f"{reverse('accounts:two_factor_verify')}?{query}")
        return response


class AccountLogoutView(auth_views.LogoutView):
    next_page = "accounts:login"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out.")
        return response


class AccountTwoFactorVerifyView(LoginRequiredMixin, FormView):
    """Ask for a code after the password, when the user has set up an authenticator app."""

    template_name = "accounts/two_factor_verify.html"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_has_device(request.user):
            return redirect(_safe_next(request, settings.LOGIN_REDIRECT_URL))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["device"] = TOTPDevice.objects.filter(user=self.request.user, confirmed=True).first()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["next"] = _safe_next(self.request, "")
        return context

    def form_valid(self, form):
        otp_login(self.request, form.device)
        return redirect(_safe_next(self.request, settings.LOGIN_REDIRECT_URL))


class AccountTwoFactorView(StaffRequiredMixin, TemplateView):
    """Whether two-factor sign-in is on, with the way to turn it on, or off where the council allows."""

    template_name = "accounts/two_factor.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["enabled"] = user_has_device(self.request.user)
        context["required"] = settings.TWO_FACTOR_REQUIRED
        return context


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


class AccountTwoFactorSetupView(StaffRequiredMixin, FormView):
    """Show a QR code and key for an authenticator app, then confirm it with a code from the app."""

    template_name = "accounts/two_factor_setup.html"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and user_has_device(request.user):
            return redirect("accounts:two_factor")
        return super().dispatch(request, *args, **kwargs)

    def device(self) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=self.request.user, name=DEVICE_NAME, confirmed=False)
        return device

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["device"] = self.device()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = context["form"].device
        secret = base64.b32encode(device.bin_key).decode()
        context["qr_code"] = _qr_svg(device.config_url)
        context["secret"] = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
        context["required"] = settings.TWO_FACTOR_REQUIRED
        context["next"] = _safe_next(self.request, "")
        return context

    def form_valid(self, form):
        device = form.device
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(self.request, device)
        messages.success(
            self.request, "Two-factor sign-in is on. You will need a code each time you sign in."
        )
        return redirect(_safe_next(self.request, reverse("accounts:two_factor")))


class AccountTwoFactorDisableView(StaffRequiredMixin, FormView):
    """Turn two-factor sign-in off, confirmed with a current code."""

    template_name = "accounts/two_factor_disable.html"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not user_has_device(request.user):
            return redirect("accounts:two_factor")
        if settings.TWO_FACTOR_REQUIRED:
            messages.error(request, "Your council requires two-factor sign-in, so it cannot be turned off.")
            return redirect("accounts:two_factor")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["device"] = TOTPDevice.objects.filter(user=self.request.user, confirmed=True).first()
        return kwargs

    def form_valid(self, form):
        TOTPDevice.objects.filter(user=self.request.user).delete()
        messages.success(self.request, "Two-factor sign-in is off.")
        return redirect("accounts:two_factor")
