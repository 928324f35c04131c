"""The outbox: every message Heard sends is a row here first, written in the same transaction as the
change that causes it, so that a message is never sent for a change that did not happen and never
lost for one that did. Each row has a key saying what it is about, so the same message is never
queued twice."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from heard.core.models import TimeStampedModel


class MessageKind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement of new feedback"
    REMINDER = "reminder", "Reminder: a response falls due"
    TEAM_DAILY = "team_daily", "The feedback team's day: acknowledgements and Ombudsman responses due"
    ESCALATION = "escalation", "Escalation of overdue work"
    DIGEST = "digest", "A team's week: open, due soon and overdue"
    ACTION_REMINDER = "action_reminder", "Reminder: an action falls due"
    RECOMMENDATION_REMINDER = "recommendation_reminder", "Reminder: an annual report recommendation falls due"
    QUARTERLY_PACK = "quarterly_pack", "A service area's quarterly pack"
    DISPOSAL_LIST = "disposal_list", "The month's disposal list, to review"
    LETTER = "letter", "A letter about a case, approved and sent by email"
    DESIGNATION_REVIEW = (
        "designation_review",
        "Reminder: an unreasonable behaviour designation falls for review",
    )
    DESIGNATION_LETTER = (
        "designation_letter",
        "A letter telling a person of the restrictions on their contact with the council",
    )


class MessageStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed, will be tried again"
    GAVE_UP = "gave_up", "Failed, no more attempts"


class Message(TimeStampedModel):
    key = models.CharField(
        max_length=160, unique=True, help_text="What the message is about: it is queued once."
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
        db_index=False,
        help_text="The member of staff it is for (none for the public).",
    )
    kind = models.CharField(max_length=32, choices=MessageKind.choices)
    to = models.CharField(max_length=254)
    subject = models.CharField(
        max_length=300, blank=True, help_text="Blank: written from the case when sent."
    )
    body = models.TextField(blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment = models.BinaryField(null=True, blank=True)
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

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} ({self.get_status_display().lower()})"  # no address: logs and the admin show it


PLACEHOLDER = re.compile(r"\(\(([a-z_]+)\)\)")

# The placeholders each kind of message may use, and what they say.
PLACEHOLDERS: dict[str, dict[str, str]] = {
    MessageKind.REMINDER: {
        "name": "the person it goes to",
        "reference": "the case reference",
        "what": "the work, e.g. Stage 1 response",
        "due_date": "the due date, e.g. 16 June 2026",
        "when": "how it stands, e.g. is due in 3 working days",
        "allocated_to": "the team and investigator",
        "case_url": "a link to the case",
    },
    MessageKind.TEAM_DAILY: {
        "name": "the person it goes to",
        "date": "today's date",
        "acknowledgements": "the complaints to acknowledge today, one a line",
        "ombudsman": "the Ombudsman responses due soon, one a line",
        "workspace_url": "a link to My work",
    },
    MessageKind.ESCALATION: {
        "name": "the person it goes to",
        "capacity": "why it goes to them, e.g. head of service for Early Help",
        "reference": "the case reference",
        "what": "the overdue work",
        "due_date": "the date it was due",
        "working_days_overdue": "e.g. 10 working days",
        "allocated_to": "the team and investigator",
        "case_url": "a link to the case",
        "escalations_url": "a link to the escalations list",
    },
    MessageKind.DIGEST: {
        "name": "the person it goes to",
        "team": "the team",
        "week": "the week, e.g. week beginning 7 December 2026",
        "open": "how many investigations are open",
        "due_soon": "how many are due in the next 5 working days",
        "overdue": "how many are overdue",
        "items": "the overdue and due-soon investigations, one a line",
        "workspace_url": "a link to the case list",
    },
    MessageKind.ACTION_REMINDER: {
        "name": "the person it goes to",
        "reference": "the case reference",
        "action": "the action",
        "due_date": "the date it is due",
        "when": "e.g. is due today",
        "actions_url": "a link to your actions",
    },
    MessageKind.RECOMMENDATION_REMINDER: {
        "name": "the person it goes to",
        "recommendation": "the recommendation's short name",
        "year": "the report that made it, e.g. 2025/26",
        "due_date": "the date it is due",
        "when": "e.g. is due today",
        "recommendation_url": "a link to the recommendation, to record progress",
    },
    MessageKind.QUARTERLY_PACK: {
        "name": "the person it goes to",
        "service_area": "the service area",
        "quarter": "the quarter, e.g. Q2 2026/27",
        "summary": "the quarter's main figures, one a line",
        "reports_url": "a link to the reports pages",
    },
    MessageKind.DISPOSAL_LIST: {
        "name": "the person it goes to",
        "month": "the month, e.g. January 2027",
        "cases": "how many cases are due for disposal",
        "list_url": "a link to the list",
    },
    MessageKind.DESIGNATION_REVIEW: {
        "name": "the person it goes to",
        "customer_ref": "the person's customer reference",
        "decided_date": "when the designation was agreed",
        "due_date": "the review date",
        "when": "e.g. is due today",
        "designation_url": "a link to the designation, on the person's latest case",
    },
    MessageKind.DESIGNATION_LETTER: {
        "name": "the person the letter is to",
        "date": "the date of the letter",
        "behaviour": "the behaviour seen, one a line",
        "restrictions": "what applies from now, one a line",
        "contact_person": "the single point of contact (or the feedback team)",
        "review_date": "when the restrictions will be reviewed",
        "team_name": "the feedback team",
        "council_name": "the council",
        "council_phone": "the feedback team's phone number",
        "council_email": "the feedback team's email address",
    },
}


class MessageTemplate(models.Model):
    """The words of a message the sweep sends to staff (and of letters to the public), which the
    council edits. Placeholders are
    written ((like_this)), as in GOV.UK Notify."""

    kind = models.CharField(
        max_length=32, unique=True, choices=[(k, MessageKind(k).label) for k in PLACEHOLDERS]
    )
    subject = models.CharField(max_length=300)
    body = models.TextField()

    class Meta:
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        allowed = PLACEHOLDERS.get(self.kind, {})
        for field in ("subject", "body"):
            unknown = sorted(set(PLACEHOLDER.findall(getattr(self, field))) - set(allowed))
            if unknown:
                raise ValidationError(
                    {
                        field: f"(({unknown[0]})) is not a placeholder of this message. "
                        f"It may use: {', '.join(f'(({name}))' for name in allowed)}."
                    }
                )

    def render(self, fields: dict[str, str]) -> tuple[str, str]:
        def fill(text: str) -> str:
            return PLACEHOLDER.sub(lambda match: str(fields.get(match.group(1), match.group(0))), text)

        return fill(self.subject), fill(self.body)
