"""How long Heard keeps people's personal data, what holds it longer, and what was disposed of.

A case's personal data (names, contact details, what people wrote, files, letters, the timeline)
is disposed of once the retention rule of its record class has run from the day it closed; the
case's statistical rows (kind, dates, service area, stages, outcomes, categories) stay, so every
past report's figures are unchanged. A disposal list is drawn each month for an officer to review
and authorise; once disposed of, it is the certificate of what went, when and on whose authority.
"""

from datetime import date

from django.conf import settings
from django.db import models


class RecordClass(models.TextChoices):
    COMPLAINT = "complaint", "Complaints"
    LOOKED_AFTER_CHILD = "looked_after_child", "Feedback about a looked-after child"
    COMPLIMENT = "compliment", "Compliments"
    COMMENT = "comment", "Comments"


class RetentionRule(models.Model):
    """Keep a record class's personal data for `keep_years` after the case closed. Rules are
    versioned: a change is a new rule from a date, and a list drawn on a day uses the rules in force
    that day. Rules already in force are not edited, so what each disposal followed stays known."""

    record_class = models.CharField(max_length=24, choices=RecordClass.choices)
    keep_years = models.PositiveSmallIntegerField(help_text="Years after the case closed.")
    effective_from = models.DateField(help_text="The day this rule comes into force.")
    source = models.CharField(
        max_length=300,
        help_text="Where the period comes from: the council's policy or the guidance it follows.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["record_class", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_class", "effective_from"], name="one_rule_per_class_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_record_class_display()}: {self.keep_years} years after closing, from {self.effective_from:%-d %B %Y}"


class LegalHold(models.Model):
    """Keeps a case, or every case of a person, off the disposal lists until it is lifted (for a
    claim, an Ombudsman investigation, a request for information or an inquiry)."""

    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="legal_holds"
    )
    customer = models.ForeignKey(
        "cases.Customer", null=True, blank=True, on_delete=models.CASCADE, related_name="legal_holds"
    )
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(customer__isnull=False),
                name="hold_on_something",
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold: {self.reason}"


class DisposalStatus(models.TextChoices):
    REVIEW = "review", "To review"
    AUTHORISED = "authorised", "Authorised: being disposed of"
    DISPOSED = "disposed", "Disposed of"


class DisposalList(models.Model):
    """The cases due for disposal in a month, as drawn; after disposal, the certificate."""

    month = models.DateField(unique=True, help_text="The first day of the month the list is for.")
    drawn_on = models.DateField()
    status = models.CharField(max_length=16, choices=DisposalStatus.choices, default=DisposalStatus.REVIEW)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    authorised_by_name = models.CharField(max_length=200, blank=True)
    authorised_at = models.DateTimeField(null=True, blank=True)
    disposed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"Disposal list for {self.month:%B %Y}"

    @property
    def label(self) -> str:
        return f"{self.month:%B %Y}"


class DisposalItem(models.Model):
    """One case on a list, with the rule that made it due; kept off the disposal with a reason."""

    disposal_list = models.ForeignKey(DisposalList, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("cases.Case", null=True, on_delete=models.SET_NULL, related_name="+")
    reference = models.CharField(max_length=50)
    record_class = models.CharField(max_length=24, choices=RecordClass.choices)
    closed_on = models.DateField()
    keep_years = models.PositiveSmallIntegerField()
    due_on = models.DateField(help_text="The day the retention period ended.")
    disposed = models.BooleanField(default=False, help_text="Disposed of under this list.")
    kept = models.BooleanField(default=False)
    kept_reason = models.TextField(blank=True)
    kept_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["disposal_list", "reference"]
        constraints = [models.UniqueConstraint(fields=["disposal_list", "case"], name="a_case_once_per_list")]

    def __str__(self) -> str:
        return self.reference


def years_after(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
