"""Single sign-on through OpenID Connect (e.g. Microsoft Entra ID), switched on by OIDC_RP_CLIENT_ID.

A person is matched to a Heard user by email address. Their role comes from the `roles` claim of the
ID token when the identity provider sends one (Entra ID app roles named officer, manager, senior or
admin, optionally prefixed "Heard."); a new user without a role claim is an investigating manager
with no team, who sees no case until an administrator gives them a team.
"""

from django.conf import settings
from django.http import Http404
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from heard.accounts.models import Role


def role_from_claims(claims: dict) -> str | None:
    values = claims.get("roles") or []
    if isinstance(values, str):
        values = [values]
    found = set()
    for value in values:
        code = str(value).strip().lower().removeprefix("heard.")
        if code in Role.values:
            found.add(code)
    # The widest role wins when a person has several.
    for role in (
        Role.COMPLAINTS_OFFICER,
        Role.SENIOR_MANAGER,
        Role.INVESTIGATING_MANAGER,
        Role.ADMINISTRATOR,
    ):
        if role in found:
            return role
    return None


class StaffOIDCBackend(OIDCAuthenticationBackend):
    def get_userinfo(self, access_token, id_token, payload):
        # Entra ID puts app roles in the ID token, not in the userinfo response: merge both.
        claims = dict(payload or {})
        if self.OIDC_OP_USER_ENDPOINT:
            claims.update(super().get_userinfo(access_token, id_token, payload))
        if not claims.get("email") and claims.get("preferred_username", "").count("@") == 1:
            claims["email"] = claims["preferred_username"]
        return claims

    def create_user(self, claims):
        username = (claims.get("preferred_username") or claims["email"]).lower()[:150]
        user = self.UserModel(
            username=username,
            email=claims["email"],
            first_name=claims.get("given_name", "")[:150],
            last_name=claims.get("family_name", "")[:150],
            role=role_from_claims(claims) or Role.INVESTIGATING_MANAGER,
        )
        user.is_staff = user.role == Role.ADMINISTRATOR
        user.set_unusable_password()
        user.save()
        return user

    def update_user(self, user, claims):
        role = role_from_claims(claims)
        changed = []
        if role and role != user.role:
            user.role = role
            changed.append("role")
        for field, claim in (("first_name", "given_name"), ("last_name", "family_name")):
            value = claims.get(claim, "")[:150]
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed.append(field)
        if changed:
            user.save(update_fields=changed)
        return user


class _OnlyWhenEnabled(View):
    def dispatch(self, request, *args, **kwargs):
        if not settings.OIDC_ENABLED:
            raise Http404("Single sign-on is not configured")
        return super().dispatch(request, *args, **kwargs)


class AccountSingleSignOnStartView(_OnlyWhenEnabled, OIDCAuthenticationRequestView):
    pass


class AccountSingleSignOnCallbackView(_OnlyWhenEnabled, OIDCAuthenticationCallbackView):
    @property
    def failure_url(self):
        from django.urls import reverse

        return reverse("accounts:login") + "?sso=failed"
