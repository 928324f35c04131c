"""What administrators may do in the admin: the council's reference data and user accounts, and
nothing about a case or a person (ADR 0006). They need not be superusers for it."""

from django.contrib.auth.backends import BaseBackend

from heard.accounts.models import Role

# app_label.model_name of everything an administrator looks after.
ADMINISTERED = frozenset(
    {
        "accounts.user",
        "audit.caseaccess",
        "axes.accessattempt",
        "axes.accessfailurelog",
        "axes.accesslog",
        "calendar.closureday",
        "cases.delayreason",
        "cases.problemcategory",
        "cases.problemsubcategory",
        "cases.servicearea",
        "cases.team",
        "cases.theme",
        "chasing.chasepolicy",
        "chasing.escalationstep",
        "handling_code.codesection",
        "handling_code.requirement",
        "letters.checklistpoint",
        "letters.lettersettings",
        "letters.lettertemplate",
        "notifications.message",
        "notifications.messagetemplate",
        "otp_totp.totpdevice",
        "procedures.ruleset",
        "procedures.stagerule",
        "reporting.publishedfigure",
        "retention.retentionrule",
    }
)


def is_administrator(user) -> bool:
    return user.is_active and user.is_staff and user.role == Role.ADMINISTRATOR


class AdministratorBackend(BaseBackend):
    """Every admin permission on the administered models, for active staff whose role is
    Administrator. It authenticates no one."""

    def has_perm(self, user_obj, perm, obj=None):
        if not is_administrator(user_obj):
            return False
        app_label, _, codename = perm.partition(".")
        model = codename.split("_", 1)[-1]
        return f"{app_label}.{model}" in ADMINISTERED

    def has_module_perms(self, user_obj, app_label):
        return is_administrator(user_obj) and any(m.startswith(f"{app_label}.") for m in ADMINISTERED)
