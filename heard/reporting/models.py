"""What officers write for each year's annual report: commentary, quotes, progress, recommendations.

Every figure in the report comes from `heard.reporting.metrics`; nothing here stores a figure,
except the figures a council published for years before its data in Heard (PublishedFigure).
"""

from django.conf import settings
from django.db import models

from heard.core.models import TimeStampedModel
from heard.reporting.metrics import reporting_year_label


class EditionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class QuoteKind(models.TextChoices):
    COMPLIMENT = "compliment", "Example compliment"
    COMPLAINT = "complaint", "Example complaint"
    LEARNING = "learning", "Example of learning"


class Edition(TimeStampedModel):
    """A year's edition of a report, for reporting year `year` (1 April `year` to 31 March
    `year + 1`): a draft until published; a published edition is frozen until an officer returns it
    to draft (services.require_draft)."""

    report_name = "report"  # as a refusal names it: "The 2025/26 report is published"

    year = models.PositiveSmallIntegerField(unique=True, help_text="2021 means the year 2021/22.")
    status = models.CharField(max_length=16, choices=EditionStatus.choices, default=EditionStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-year"]

    @property
    def label(self) -> str:
        return reporting_year_label(self.year)

    @property
    def is_published(self) -> bool:
        return self.status == EditionStatus.PUBLISHED


class ReportEdition(Edition):
    """The officer-written parts of the annual report for a reporting year."""

    introduction = models.TextField(
        blank=True,
        help_text="Replaces the standard opening paragraph of the introduction. Leave blank to use it.",
    )
    feedback_commentary = models.TextField(
        blank=True, help_text="Added to section 3 (the year's feedback), after the figures."
    )
    comparison_commentary = models.TextField(
        blank=True, help_text="Added to section 4 (annual comparisons), after the table."
    )
    learning_commentary = models.TextField(
        blank=True, help_text="Added to section 7 (learning and actions), after the figures."
    )
    recommendations_introduction = models.TextField(
        blank=True, help_text="The paragraph before this year's recommendations."
    )

    def __str__(self) -> str:
        return f"Annual report {self.label}"


class Quote(TimeStampedModel):
    """A compliment, complaint or learning point quoted in the report, with personal details removed.

    `text` is what the report prints. It appears in a report only once an officer has approved it;
    any change to the text withdraws the approval (see services.quote_update).
    """

    edition = models.ForeignKey(ReportEdition, on_delete=models.CASCADE, related_name="quotes")
    kind = models.CharField(max_length=16, choices=QuoteKind.choices)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    learning = models.ForeignKey(
        "cases.Learning", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    heading = models.CharField(
        max_length=300,
        blank=True,
        help_text="Printed before the quote, e.g. “Compliment for the Leaving Care Team:”.",
    )
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["edition", "kind", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="learning") | models.Q(learning__isnull=False),
                name="learning_quote_has_learning",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.case_id}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class ProgressItem(TimeStampedModel):
    """Progress on one of last year's recommendations (section 9)."""

    edition = models.ForeignKey(ReportEdition, on_delete=models.CASCADE, related_name="progress")
    position = models.PositiveSmallIntegerField(default=0)
    action = models.TextField(help_text="Last year's recommendation or action.")
    progress = models.TextField(blank=True, help_text="The progress made.")

    class Meta:
        ordering = ["edition", "position", "id"]

    def __str__(self) -> str:
        return self.action[:60]


class Recommendation(TimeStampedModel):
    """One of this year's recommendations (section 10)."""

    edition = models.ForeignKey(ReportEdition, on_delete=models.CASCADE, related_name="recommendations")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["edition", "position", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Measure(models.TextChoices):
    """The measures of the annual comparison (report metrics ``comparison``)."""

    COMPLIMENTS = "compliments", "Number of compliments"
    INVESTIGATIONS = "investigations", "Number of complaint investigations"
    AVG_WORKING_DAYS_TO_CLOSE = "avg_working_days_to_close", "Days to close (working days)"
    UPHELD_PCT = "upheld_pct", "Outcome of complaints (upheld, %)"
    BEYOND_STAGE_1 = "beyond_stage_1", "Cases progressing beyond stage 1"


class PublishedFigure(TimeStampedModel):
    """A figure a council published for a year before its cases were in Heard (interchange
    ``published_figures.csv``). The annual comparison shows it in place of a count from the data."""

    year = models.PositiveSmallIntegerField(help_text="2018 means the year 2018/19.")
    measure = models.CharField(max_length=32, choices=Measure.choices)
    value = models.FloatField(help_text="As published.")
    source = models.CharField(
        max_length=300, blank=True, help_text="Where it was published, e.g. the report's title."
    )

    class Meta:
        ordering = ["year", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "measure"], name="one_published_figure_per_year_and_measure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.get_measure_display()}: {self.value:g}"

    @property
    def label(self) -> str:
        return reporting_year_label(self.year)
