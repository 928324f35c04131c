"""The outbox: every message Heard sends is a row here first, written in the same transaction as the
change that causes it, so that a message is never sent for a change that did not happen and never
lost for one that did."""

from django.db import models

from heard.core.models import TimeStampedModel


class MessageKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement of new feedback"


class MessageStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed, will be tried again"
    GAVE_UP = "gave_up", "Failed, no more attempts"


class Message(TimeStampedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(max_length=32, choices=MessageKind.choices)
    to = models.CharField(max_length=254)
    status = models.CharField(max_length=16, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(help_text="The earliest time the next attempt may run.")
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    provider = models.CharField(max_length=16, blank=True, help_text="email or notify")
    provider_reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="one_message_per_case_and_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for case {self.case_id} ({self.get_status_display().lower()})"
