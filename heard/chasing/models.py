"""How the daily sweep chases work, as data the council edits: when reminders go, and the ladder
overdue work climbs."""

from django.conf import settings
from django.db import models


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"


class ChasePolicy(models.Model):
    """One row: the sweep's timings."""

    reminder_working_days = models.PositiveSmallIntegerField(
        default=3,
        help_text="Remind the investigator (and their team's manager) this many working days before a "
        "response is due, and again on the day.",
    )
    ombudsman_reminder_working_days = models.PositiveSmallIntegerField(
        default=5,
        help_text="Tell the feedback team of Ombudsman responses due within this many working days.",
    )
    repeat_every_working_days = models.PositiveSmallIntegerField(
        default=5,
        help_text="While work stays overdue, repeat its escalation (and an action's reminder) this often.",
    )
    digest_weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, default=Weekday.MONDAY, help_text="The day team managers get their digest."
    )
    quarterly_packs = models.BooleanField(
        default=True, help_text="Send each service area its pack on the first working day after a quarter."
    )

    class Meta:
        verbose_name = "chasing policy"
        verbose_name_plural = "chasing policy"

    def __str__(self) -> str:
        return "Chasing policy"


class Recipient(models.TextChoices):
    HEAD = "head", "The service area's head of service"
    DIRECTOR = "director", "The service area's director"
    PERSON = "person", "A named person"


class EscalationStep(models.Model):
    """A step of the ladder: work this many working days overdue goes to this person. Steps without a
    service area are the ladder of every area that has none of its own."""

    service_area = models.ForeignKey(
        "cases.ServiceArea",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="escalation_steps",
        help_text="Blank: every service area without steps of its own.",
    )
    after_working_days = models.PositiveSmallIntegerField(
        help_text="Working days overdue: 1 is the first working day after the due date."
    )
    recipient = models.CharField(max_length=16, choices=Recipient.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="When the step goes to a named person.",
    )

    class Meta:
        ordering = ["service_area__name", "after_working_days"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(after_working_days__gte=1), name="escalation_after_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.after_working_days} working days overdue: {self.get_recipient_display()}"
