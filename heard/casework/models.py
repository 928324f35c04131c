"""The papers and correspondence of a case: documents kept on it, and the log of contacts with the
people involved."""

from django.conf import settings
from django.db import models


class DocumentKind(models.TextChoices):
    SENT_WITH_FEEDBACK = "sent_with_feedback", "Sent with the feedback"
    LETTER_RECEIVED = "letter_received", "Letter or email received"
    LETTER_SENT = "letter_sent", "Letter sent"
    INVESTIGATION_REPORT = "investigation_report", "Investigation report"
    EVIDENCE = "evidence", "Evidence"
    MEETING_NOTES = "meeting_notes", "Notes of a meeting"
    OMBUDSMAN_BUNDLE = "ombudsman_bundle", "Ombudsman bundle"
    OTHER = "other", "Other"


class Document(models.Model):
    """A file kept on a case, stored under MEDIA_ROOT (outside the web root) with a random name and
    served only to staff who may see the case."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=24, choices=DocumentKind.choices)
    file = models.FileField(max_length=200)
    original_name = models.CharField(max_length=200, help_text="The file's name when it reached us.")
    content_type = models.CharField(max_length=100, help_text="The type found by reading the content.")
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    description = models.CharField(max_length=300, blank=True)
    from_whom = models.CharField(max_length=200, blank=True, help_text="Who sent or wrote it.")
    added_at = models.DateTimeField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the public sent it with their feedback.",
    )

    class Meta:
        ordering = ["case", "added_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ContactChannel(models.TextChoices):
    PHONE = "phone", "Phone call"
    EMAIL = "email", "Email"
    MEETING = "meeting", "Meeting"
    LETTER = "letter", "Letter"
    OTHER = "other", "Other"


class ContactDirection(models.TextChoices):
    IN = "in", "From them"
    OUT = "out", "From us"


class ContactRecord(models.Model):
    """A call, email, meeting or letter with the complainant or someone else about a case."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="contacts")
    happened_at = models.DateTimeField()
    channel = models.CharField(max_length=16, choices=ContactChannel.choices)
    direction = models.CharField(max_length=8, choices=ContactDirection.choices)
    with_whom = models.CharField(max_length=200)
    summary = models.TextField()
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["case", "happened_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} with {self.with_whom}"
