"""Letters to complainants, written from templates the council edits and quality-checked by the
feedback team before they are sent.

A letter is drafted on a case (usually for one of its investigations) from a template; its merged
text can be edited. With quality checking on, the drafter sends it for checking; the feedback team
approves it or returns it with comments against the checklist, and every check is kept. An approved
letter is sent (by email through the outbox, or marked as posted); its PDF is kept on the case as a
document. The investigation the letter answers is recorded when that stage closes with it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from heard.core.models import TimeStampedModel
from heard.letters.merge import template_errors


class LetterKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    STAGE_1_RESPONSE = "stage_1_response", "Stage 1 response"
    EXTENSION = "extension", "Extension"
    STAGE_2_OFFER = "stage_2_offer", "Stage 2 offer and acknowledgement of the request"
    STAGE_2_ADJUDICATION = "stage_2_adjudication", "Stage 2 adjudication"
    PANEL_INVITATION = "panel_invitation", "Review panel invitation"
    PANEL_RESPONSE = "panel_response", "Review panel response"
    OMBUDSMAN_COVER = "ombudsman_cover", "Ombudsman response cover letter"


# The stage each response letter answers: a stage closed "with" a letter offers these.
ANSWERS_STAGE: dict[str, int] = {
    LetterKind.STAGE_1_RESPONSE: 1,
    LetterKind.STAGE_2_ADJUDICATION: 2,
    LetterKind.PANEL_RESPONSE: 3,
}


# What a letter of a kind must say, as merge fields: the Complaint Handling Code has an extension
# give the Ombudsman's details, and every response the complainant's rights to escalate.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    LetterKind.EXTENSION: ("ombudsman_details",),
    LetterKind.STAGE_1_RESPONSE: ("escalation_rights",),
    LetterKind.STAGE_2_ADJUDICATION: ("escalation_rights",),
    LetterKind.PANEL_RESPONSE: ("escalation_rights",),
}


class LetterTemplate(models.Model):
    """The council's wording of one kind of letter, with merge fields written {{ like_this }}."""

    kind = models.CharField(max_length=32, choices=LetterKind.choices, unique=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        errors = template_errors(
            subject=self.subject, body=self.body, required=REQUIRED_FIELDS.get(self.kind, ())
        )
        if errors:
            raise ValidationError(errors)


class ChecklistPoint(models.Model):
    """A point the feedback team checks every letter against; a list the council edits."""

    text = models.CharField(max_length=200, unique=True)
    hint = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class LetterSettings(models.Model):
    """How the council handles letters: one row, edited in the admin."""

    quality_check = models.BooleanField(
        "quality checking is on",
        default=True,
        help_text="On: no letter is sent before the feedback team approves it. "
        "Off: the drafter sends a letter when it is ready.",
    )

    class Meta:
        verbose_name = "letter settings"
        verbose_name_plural = "letter settings"

    def __str__(self) -> str:
        return "Quality checking " + ("on" if self.quality_check else "off")


class LetterStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for quality check"
    RETURNED = "returned", "Returned for correction"
    APPROVED = "approved", "Approved"
    SENT = "sent", "Sent"


class SentBy(models.TextChoices):
    EMAIL = "email", "Email"
    POST = "post", "Post"


class Letter(TimeStampedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="letters")
    investigation = models.ForeignKey(
        "cases.Investigation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letters",
        help_text="The stage the letter is about.",
    )
    kind = models.CharField(max_length=32, choices=LetterKind.choices)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    status = models.CharField(max_length=16, choices=LetterStatus.choices, default=LetterStatus.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True, help_text="Last sent for quality check.")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_on = models.DateField(null=True, blank=True)
    sent_by = models.CharField(max_length=8, choices=SentBy.choices, blank=True)
    document = models.ForeignKey(
        "casework.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The PDF sent, kept on the case.",
    )
    answers = models.ForeignKey(
        "cases.Investigation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answering_letters",
        help_text="The stage this letter answered, recorded when the stage closed with it.",
    )

    class Meta:
        ordering = ["case", "created_at", "id"]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.case_id})"

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.body)


def split_paragraphs(text: str) -> list[str]:
    """A letter's text in paragraphs (a blank line between two); a paragraph may hold line breaks."""
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


class CheckDecision(models.TextChoices):
    APPROVED = "approved", "Approve it"
    RETURNED = "returned", "Return it for correction"


class QualityCheck(models.Model):
    """One check of a letter by the feedback team: kept, whatever came after."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="checks")
    submitted_at = models.DateTimeField(help_text="When the letter was sent for this check.")
    checked_at = models.DateTimeField()
    # The same two moments as local days, which the dashboard's figures count by.
    submitted_on = models.DateField()
    checked_on = models.DateField()
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(max_length=16, choices=CheckDecision.choices)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["letter", "checked_at", "id"]
        indexes = [models.Index(fields=["checked_on"])]

    def __str__(self) -> str:
        return f"{self.letter} {self.decision} {self.checked_at:%Y-%m-%d}"


class CheckAnswer(models.Model):
    """One checklist point of one check: met or not, with a comment. The point's words are copied,
    so that an old check still reads as it was made."""

    check_made = models.ForeignKey(QualityCheck, on_delete=models.CASCADE, related_name="answers")
    point = models.CharField(max_length=200)
    met = models.BooleanField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["check_made", "id"]

    def __str__(self) -> str:
        return f"{self.point}: {'met' if self.met else 'not met'}"
