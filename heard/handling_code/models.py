"""The Ombudsman's Complaint Handling Code as data, and each year's self-assessment against it.

The Code's sections and requirements are reference data (shipped by a migration, edited in the
admin); a `CodeEdition` is a year's annual complaints performance and service improvement report:
what officers write for it, and their assessment of each requirement. Its figures come from
`heard.reporting.metrics` (`code_report_figures`).
"""

from django.db import models

from heard.core.models import TimeStampedModel
from heard.reporting.models import Edition


class CodeSection(models.Model):
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Requirement(models.Model):
    """One requirement of the Code, summarised in the council's words."""

    section = models.ForeignKey(CodeSection, on_delete=models.CASCADE, related_name="requirements")
    reference = models.CharField(max_length=20, unique=True, help_text="Its number in the Code, e.g. 5.3.")
    position = models.PositiveSmallIntegerField(default=0)
    summary = models.TextField(help_text="What the Code asks, in a sentence or two.")

    class Meta:
        ordering = ["section__number", "position", "id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.summary[:60]}"


class Compliance(models.TextChoices):
    COMPLIES = "complies", "Complies"
    PARTLY = "partly", "Partly complies"
    DOES_NOT = "does_not", "Does not comply"


class CodeEdition(Edition):
    """The officer-written parts of a year's Code report, and the governing body's response."""

    report_name = "complaints performance report"

    introduction = models.TextField(
        blank=True, help_text="Replaces the standard opening of the introduction. Leave blank to use it."
    )
    improvements = models.TextField(
        blank=True,
        help_text="The service improvements made from complaints this year, before the list of actions completed.",
    )
    governing_body_response = models.TextField(
        blank=True, help_text="The response of the council's governing body to this report."
    )
    governing_body_response_on = models.DateField(
        null=True, blank=True, help_text="The day the governing body gave its response."
    )

    def __str__(self) -> str:
        return f"Complaints performance report {self.label}"


class Assessment(TimeStampedModel):
    """How far the council complied with one requirement in the year, and how it knows."""

    edition = models.ForeignKey(CodeEdition, on_delete=models.CASCADE, related_name="assessments")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="assessments")
    compliance = models.CharField(max_length=16, choices=Compliance.choices)
    evidence = models.TextField(blank=True)
    action = models.TextField(blank=True, help_text="What will be done to comply, and by when.")

    class Meta:
        ordering = ["edition", "requirement__section__number", "requirement__position", "requirement_id"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "requirement"], name="one_assessment_per_requirement")
        ]

    def __str__(self) -> str:
        return f"{self.requirement.reference}: {self.get_compliance_display()}"
