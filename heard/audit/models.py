"""The access log: who looked at or changed which case, and when. Children's information is
sensitive; the council must be able to say who has seen it."""

from django.conf import settings
from django.db import models


class AccessAction(models.TextChoices):
    VIEWED = "viewed", "Viewed"
    CHANGED = "changed", "Changed"
    EXPORTED = "exported", "Downloaded"
    ACCESS_LOG_VIEWED = "access_log_viewed", "Viewed the access log"


class CaseAccess(models.Model):
    """One entry in the access log. Immutable: entries are added, never changed or removed.

    The case reference and the user's name are copied so the entry still reads correctly if the case
    or the user is later removed.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_name = models.CharField(max_length=200)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="access_log"
    )
    case_reference = models.CharField(max_length=50, blank=True)
    action = models.CharField(max_length=20, choices=AccessAction.choices)
    what = models.CharField(max_length=300, help_text="What was seen or done, in words.")
    path = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "case access"
        verbose_name_plural = "case access log"
        indexes = [
            models.Index(fields=["case", "at"]),
            models.Index(fields=["user", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_name} {self.action} {self.case_reference}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The access log is append-only.")
