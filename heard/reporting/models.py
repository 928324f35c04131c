"""What officers write for each year's annual report: commentary, quotes, and recommendations with
their progress.

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


class RecommendationStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    NOT_TAKEN_FORWARD = "not_taken_forward", "Not taken forward"


class Recommendation(TimeStampedModel):
    """One of a year's recommendations (section 10 of that year's report), tracked as an action
    through the following year: its owner, due date and progress notes make section 9 of the next
    year's report. The words are frozen with the report; the tracking is not."""

    edition = models.ForeignKey(ReportEdition, on_delete=models.CASCADE, related_name="recommendations")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(help_text="The recommendation as this year's report prints it.")
    title = models.CharField(
        max_length=300,
        blank=True,
        help_text="A short name for it, for next year's progress table. Leave blank to use the "
        "recommendation itself.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
        help_text="Who sees it through; the daily sweep reminds them as the due date nears.",
    )
    due_on = models.DateField("due date", null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=RecommendationStatus.choices, default=RecommendationStatus.NOT_STARTED
    )

    class Meta:
        ordering = ["edition", "position", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.short_name[:60]

    @property
    def short_name(self) -> str:
        return self.title or self.text

    @property
    def is_open(self) -> bool:
        return self.status in (RecommendationStatus.NOT_STARTED, RecommendationStatus.IN_PROGRESS)


class ProgressNote(models.Model):
    """Progress on a recommendation as written on one day, with the status it left it in. The
    latest note written by the time a report is published is that report's progress update."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="notes")
    written_at = models.DateTimeField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=RecommendationStatus.choices)
    text = models.TextField("progress made")

    class Meta:
        ordering = ["recommendation", "written_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.text[:60]}"


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
