"""The complaints procedures as data: a rule set per procedure, versioned by the date it took effect."""

from django.db import models

from heard.core.formats import long_date


class Procedure(models.TextChoices):
    STATUTORY = "statutory", "Statutory children's"
    CORPORATE = "corporate", "Corporate"


class ClockStart(models.TextChoices):
    OPENED = "opened", "When the stage opens (receipt of the complaint or request)"
    ACKNOWLEDGED = "acknowledged", "When the complaint or request is acknowledged"


class RuleSet(models.Model):
    procedure = models.CharField(max_length=16, choices=Procedure.choices)
    name = models.CharField(max_length=200)
    effective_from = models.DateField(
        help_text="Cases received on or after this date are judged by this rule set, "
        "until a later one takes effect."
    )
    acknowledgement_days = models.PositiveSmallIntegerField(
        help_text="Working days after receipt within which a complaint is acknowledged."
    )
    ombudsman_response_days = models.PositiveSmallIntegerField(
        default=28,
        help_text="Calendar days to respond to an Ombudsman enquiry, unless the Ombudsman sets a date.",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["procedure", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "effective_from"], name="one_rule_set_per_procedure_and_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (from {long_date(self.effective_from)})"

    def stage(self, number: int) -> "StageRule":
        for rule in self.stages.all():
            if rule.stage == number:
                return rule
        raise StageRule.DoesNotExist(f"{self.name} has no stage {number}")


class StageRule(models.Model):
    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="stages")
    stage = models.PositiveSmallIntegerField(choices=[(1, "Stage 1"), (2, "Stage 2"), (3, "Stage 3")])
    clock_starts = models.CharField(max_length=16, choices=ClockStart.choices, default=ClockStart.OPENED)
    acknowledgement_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Working days to acknowledge a request for this stage, where the clock starts on "
        "acknowledgement (stage 1 uses the rule set's acknowledgement timescale).",
    )
    response_days = models.PositiveSmallIntegerField(
        help_text="Working days from the start of the clock to the response (stage 3: to the panel)."
    )
    extension_limit_days = models.PositiveSmallIntegerField(
        help_text="The furthest the response may be extended to, in working days from the start of "
        "the clock. Equal to the response timescale where no extension is allowed."
    )
    request_window_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Working days after this stage's response within which the next stage may be "
        "asked for. Blank for the last stage.",
    )
    panel_report_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Stage 3: working days after the panel for its report."
    )
    council_response_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Stage 3: working days after the panel's report for the council's response.",
    )

    class Meta:
        ordering = ["rule_set", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "stage"], name="one_rule_per_stage"),
            models.CheckConstraint(
                condition=models.Q(extension_limit_days__gte=models.F("response_days")),
                name="extension_limit_not_below_timescale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_set.name}: stage {self.stage}"

    @property
    def extendable(self) -> bool:
        return self.extension_limit_days > self.response_days
