"""The case record: feedback, the people who give it, its investigations, referrals and learning."""

from django.conf import settings
from django.db import models

from heard.core.models import TimeStampedModel
from heard.people import keys as people_keys
from heard.procedures.models import Procedure


class Kind(models.TextChoices):
    COMPLAINT = "complaint", "Complaint"
    COMPLIMENT = "compliment", "Compliment"
    COMMENT = "comment", "Comment"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    WEB = "web", "Online form"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"
    OTHER = "other", "Other"


class Consent(models.TextChoices):
    GIVEN = "given", "Given"
    NOT_REQUIRED = "not_required", "Not required"
    PENDING = "pending", "Pending"
    REFUSED = "refused", "Refused"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ClosureReason(models.TextChoices):
    """Why a complaint closed without its investigations answering it."""

    RESOLVED = "resolved", "Resolved when first contacted, without an investigation"
    ELSEWHERE = "elsewhere", "Dealt with by another process (a tribunal, a court or another organisation)"
    DUPLICATE = "duplicate", "A duplicate of another case"
    NOT_PURSUED = "not_pursued", "The complainant did not pursue it"
    OTHER = "other", "Another reason"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTIALLY_UPHELD = "partially_upheld", "Partially upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    WITHDRAWN = "withdrawn", "Withdrawn"
    NO_OUTCOME = "no_outcome", "No outcome"


class Decision(models.TextChoices):
    PENDING = "pending", "Pending"
    UPHELD = "upheld", "Upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    CLOSED_AFTER_INITIAL_ENQUIRIES = (
        "closed_after_initial_enquiries",
        "Closed after initial enquiries",
    )
    REFERRED_BACK = "referred_back", "Referred back for local resolution"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Relationship(models.TextChoices):
    """Who gave the feedback, in relation to the person it is about."""

    THE_PERSON = "the_person", "The person it is about"
    PARENT_OR_CARER = "parent_or_carer", "A parent or carer"
    ON_BEHALF = "on_behalf", "Someone else, on a child's or young person's behalf"
    PROFESSIONAL = "professional", "A professional"
    RELATIVE_OR_FRIEND = "relative_or_friend", "Another relative or a friend"
    ADVOCATE = "advocate", "An advocate"
    MEMBER_OF_PUBLIC = "member_of_public", "A member of the public"


class PersonRole(models.TextChoices):
    CHILD = "child", "Child or young person"
    PARENT_OR_CARER = "parent_or_carer", "Parent or carer"
    PROFESSIONAL = "professional", "Professional"
    OTHER = "other", "Other"


class LearningKind(models.TextChoices):
    LEARNING = "learning", "Learning"
    ACTION = "action", "Action"


class ServiceArea(models.Model):
    name = models.CharField(max_length=200, unique=True)
    public_description = models.CharField(
        max_length=300, blank=True, help_text="How the public form describes it, in plain words."
    )
    head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="head of service",
        help_text="Overdue work in this area is escalated to them first, and they get its quarterly pack.",
    )
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Work that stays overdue is escalated to them.",
    )
    quarterly_pack_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name="quarterly pack goes to",
        help_text="Blank: the head of service and the managers of the area's teams.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=200, unique=True)
    service_area = models.ForeignKey(
        ServiceArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="teams"
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_teams",
        help_text="Copied into reminders to the team's investigators; gets the team's weekly digest.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProblemCategory(models.Model):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "problem categories"

    def __str__(self) -> str:
        return self.name


class ProblemSubcategory(models.Model):
    category = models.ForeignKey(ProblemCategory, on_delete=models.CASCADE, related_name="subcategories")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["category__name", "name"]
        verbose_name_plural = "problem subcategories"
        constraints = [
            models.UniqueConstraint(fields=["category", "name"], name="unique_subcategory_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.category.name}: {self.name}"


class Theme(models.Model):
    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Customer(TimeStampedModel):
    """A person who gives feedback; the same person is one customer across all their cases."""

    customer_ref = models.CharField(max_length=100, unique=True)
    name = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    address = models.TextField(blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=10, blank=True, help_text="Blank: the postcode in the address.")
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
        help_text="The person this record was found to be and merged into (heard.people).",
    )
    # Match keys (heard.people.keys), kept in step with the details by save(): matching looks
    # people up by them.
    email_key = models.CharField(max_length=254, blank=True, editable=False)
    phone_key = models.CharField(max_length=20, blank=True, editable=False)
    name_key = models.CharField(max_length=200, blank=True, editable=False)
    surname_key = models.CharField(max_length=100, blank=True, editable=False)
    postcode_key = models.CharField(max_length=10, blank=True, editable=False)

    KEYED_FIELDS = ("name", "email", "phone", "address", "postcode")

    class Meta:
        ordering = ["customer_ref"]
        indexes = [
            models.Index(fields=["email_key"], name="customer_email_key"),
            models.Index(fields=["phone_key"], name="customer_phone_key"),
            models.Index(fields=["name_key", "date_of_birth"], name="customer_name_born"),
            models.Index(fields=["name_key", "postcode_key"], name="customer_name_postcode"),
            models.Index(fields=["postcode_key"], name="customer_postcode_key"),
            models.Index(fields=["surname_key", "date_of_birth"], name="customer_surname_born"),
        ]

    def __str__(self) -> str:
        return self.name or self.customer_ref

    def match_keys(self) -> dict[str, str]:
        """The match keys of the details as they stand."""
        return people_keys.all_keys(
            name=self.name, email=self.email, phone=self.phone, address=self.address, postcode=self.postcode
        )

    def save(self, *args, **kwargs):
        # The keys follow the details whoever writes them (staff, matching, import, retention).
        for field, value in self.match_keys().items():
            setattr(self, field, value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.KEYED_FIELDS):
            kwargs["update_fields"] = {*update_fields, *people_keys.KEY_FIELDS}
        super().save(*args, **kwargs)


class ReferenceCounter(models.Model):
    """The last case number issued in a year, so that references are unique under concurrency."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Case(TimeStampedModel):
    reference = models.CharField(max_length=50, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    received_on = models.DateField()
    channel = models.CharField(max_length=16, choices=Channel.choices, blank=True)
    # Foreign keys of the case record are indexed by the composite indexes in Meta, which start
    # with them; a second, single-column index would only slow every write.
    service_area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases", db_index=False
    )
    summary = models.TextField(blank=True)
    details = models.TextField(blank=True, help_text="What happened, in the person's own words.")
    happened_on = models.CharField(max_length=200, blank=True, help_text="When it happened.")
    desired_outcome = models.TextField(blank=True, help_text="What would put it right.")
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    relationship = models.CharField(
        max_length=20,
        choices=Relationship.choices,
        blank=True,
        help_text="Who gave the feedback, in relation to the person it is about.",
    )
    on_behalf_of_child = models.BooleanField(default=False)
    consent = models.CharField(max_length=16, choices=Consent.choices, blank=True)
    advocate_requested = models.BooleanField(default=False)
    made_by_child = models.BooleanField(default=False)
    looked_after_child = models.BooleanField(default=False)
    procedure = models.CharField(max_length=16, choices=Procedure.choices, blank=True)
    acknowledgement_due_on = models.DateField(null=True, blank=True)
    acknowledged_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(
        max_length=16,
        choices=ClosureReason.choices,
        blank=True,
        help_text="Why a complaint closed without its investigations answering it.",
    )
    closure_note = models.TextField(blank=True)
    disposed_on = models.DateField(
        null=True, blank=True, help_text="When its personal data was disposed of under the retention rules."
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            # Covers the report's scans of the cases received in a period (by day, kind, area, team,
            # person and the child flags), so that they read this index and not the table.
            models.Index(
                fields=[
                    "received_on",
                    "kind",
                    "service_area",
                    "team",
                    "customer",
                    "looked_after_child",
                    "made_by_child",
                ],
                name="case_received_cover",
            ),
            models.Index(fields=["status", "received_on"]),
            models.Index(fields=["service_area", "received_on"]),
            models.Index(fields=["team", "received_on"]),
            models.Index(fields=["customer", "received_on"]),
            # The case list's commonest filters together: its capped count reads only this index.
            models.Index(
                fields=["service_area", "kind", "status", "received_on"], name="case_area_kind_status"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="complaint") | ~models.Q(procedure=""),
                name="complaint_has_procedure",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_complaint(self) -> bool:
        return self.kind == Kind.COMPLAINT

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN


class CasePerson(models.Model):
    """Someone a case is about or involves, other than the customer (e.g. the child)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=PersonRole.choices)
    date_of_birth = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["case", "id"]
        verbose_name_plural = "people involved"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class Investigation(TimeStampedModel):
    """One investigation of a complaint at one stage; a complaint split between teams has several."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="investigations", db_index=False)
    stage = models.PositiveSmallIntegerField(choices=[(1, "Stage 1"), (2, "Stage 2"), (3, "Stage 3")])
    number = models.PositiveSmallIntegerField(default=1)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="investigations", db_index=False
    )
    investigator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="investigations",
        db_index=False,
    )
    investigator_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The investigator as named when allocated or imported.",
    )
    opened_on = models.DateField(help_text="The day the stage's clock starts.")
    acknowledged_on = models.DateField(
        null=True, blank=True, help_text="When the request for this stage was acknowledged."
    )
    due_on = models.DateField(help_text="The due date before any extension.")
    extended_to = models.DateField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    closed_on = models.DateField(null=True, blank=True, help_text="The day the response was sent.")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    findings = models.TextField(blank=True)
    problem_category = models.ForeignKey(
        ProblemCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    problem_subcategory = models.ForeignKey(
        ProblemSubcategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="investigations")

    # Stage 2: independent investigation and adjudication.
    independent_investigator = models.CharField(
        "Independent Investigating Officer", max_length=200, blank=True
    )
    independent_person = models.CharField("Independent Person", max_length=200, blank=True)
    adjudicating_officer = models.CharField(max_length=200, blank=True)
    investigation_report_on = models.DateField("Investigating Officer's report", null=True, blank=True)
    independent_person_report_on = models.DateField("Independent Person's report", null=True, blank=True)
    adjudication_response_on = models.DateField("Adjudication response", null=True, blank=True)

    # Stage 3: review panel (opened_on is the day the panel was asked for; due_on the panel's date).
    panel_on = models.DateField("Panel met", null=True, blank=True)
    panel_members = models.JSONField(default=list, blank=True, help_text="The three independent members.")
    complainant_attended = models.BooleanField(null=True, blank=True)
    panel_report_due_on = models.DateField(null=True, blank=True)
    panel_report_on = models.DateField(null=True, blank=True)
    panel_recommendations = models.TextField(blank=True)
    council_response_due_on = models.DateField(null=True, blank=True)
    council_response_on = models.DateField(null=True, blank=True)
    council_response = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "stage", "number"]
        indexes = [
            # Cover the report's scans of the investigations opened and closed in a period, so that
            # they read these indexes and not the table.
            models.Index(
                fields=["stage", "opened_on", "case", "problem_category"], name="investigation_opened_cover"
            ),
            models.Index(
                fields=["stage", "closed_on", "opened_on", "outcome", "case", "extended_to", "due_on"],
                name="investigation_closed_cover",
            ),
            models.Index(fields=["closed_on", "due_on"]),
            models.Index(fields=["investigator", "closed_on"]),
            models.Index(fields=["team", "closed_on"]),
            # An investigating manager's reach (`selectors.case_visible_to`): whether a case has an
            # investigation of theirs or their team's is one look-up in one of these.
            models.Index(fields=["investigator", "case"], name="investigation_reach_by_person"),
            models.Index(fields=["team", "case"], name="investigation_reach_by_team"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case", "stage", "number"], name="unique_investigation_number"),
            models.CheckConstraint(condition=models.Q(stage__in=[1, 2, 3]), name="stage_is_1_2_or_3"),
        ]

    def __str__(self) -> str:
        suffix = f".{self.number}" if self.number > 1 else ""
        return f"{self.case.reference} stage {self.stage}{suffix}"

    @property
    def current_due_on(self):
        return self.extended_to or self.due_on

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class OmbudsmanReferral(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ombudsman_referrals")
    ombudsman_reference = models.CharField(max_length=100, blank=True)
    received_on = models.DateField()
    response_due_on = models.DateField()
    response_sent_on = models.DateField(null=True, blank=True)
    decision = models.CharField(max_length=40, choices=Decision.choices, default=Decision.PENDING)
    decided_on = models.DateField(null=True, blank=True)
    remedy = models.TextField(blank=True)
    remedy_due_on = models.DateField(
        null=True, blank=True, help_text="The date the Ombudsman set for the remedy."
    )
    remedy_completed_on = models.DateField(
        null=True, blank=True, help_text="The day the council completed it."
    )

    class Meta:
        ordering = ["case", "received_on", "id"]
        indexes = [models.Index(fields=["received_on"]), models.Index(fields=["decided_on"])]

    def __str__(self) -> str:
        return f"{self.case.reference} Ombudsman {self.ombudsman_reference}".strip()


class Learning(TimeStampedModel):
    """A learning point or an action recorded on a complaint. An action has an owner and a due date,
    and is done when its completion is recorded with what was done."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="learning")
    kind = models.CharField(max_length=16, choices=LearningKind.choices)
    category = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
        db_index=False,
    )
    due_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    done_note = models.TextField("what was done", blank=True)

    class Meta:
        ordering = ["case", "kind", "id"]
        verbose_name_plural = "learning and actions"
        indexes = [
            models.Index(fields=["owner", "completed_on"]),
            models.Index(fields=["completed_on", "due_on"]),
        ]

    @property
    def is_outstanding(self) -> bool:
        return self.kind == LearningKind.ACTION and self.completed_on is None

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.category}"


class EventKind(models.TextChoices):
    """Every kind of event on a case's timeline, in one place."""

    LOGGED = "logged", "Feedback logged"
    UPDATED = "updated", "Case details changed"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    INVESTIGATION_OPENED = "investigation_opened", "Investigation opened"
    INVESTIGATION_EXTENDED = "investigation_extended", "Investigation extended"
    INVESTIGATION_CLOSED = "investigation_closed", "Investigation closed"
    ESCALATED = "escalated", "Escalated to the next stage"
    PANEL_RECORDED = "panel_recorded", "Review panel recorded"
    LEARNING_RECORDED = "learning_recorded", "Learning or action recorded"
    OMBUDSMAN_REFERRAL = "ombudsman_referral", "Ombudsman enquiry recorded"
    OMBUDSMAN_DECISION = "ombudsman_decision", "Ombudsman decision recorded"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CLOSED = "closed", "Closed"
    REOPENED = "reopened", "Reopened"
    IMPORTED = "imported", "Imported"
    OVERDUE_ESCALATED = "overdue_escalated", "Overdue: escalated"
    ESCALATION_ACKNOWLEDGED = "escalation_acknowledged", "Escalation acknowledged"
    DELAY_REPORTED = "delay_reported", "Delay reported"
    ACTION_COMPLETED = "action_completed", "Action done"
    LEGAL_HOLD_PLACED = "legal_hold_placed", "Legal hold placed"
    LEGAL_HOLD_LIFTED = "legal_hold_lifted", "Legal hold lifted"
    DISPOSED = "disposed", "Personal data disposed of"
    DOCUMENT_ADDED = "document_added", "Document added"
    CONTACT_RECORDED = "contact_recorded", "Contact recorded"
    DETAILS_CORRECTED = "details_corrected", "Complainant's details corrected"
    LETTER_DRAFTED = "letter_drafted", "Letter drafted"
    LETTER_SUBMITTED = "letter_submitted", "Letter sent for quality check"
    LETTER_RETURNED = "letter_returned", "Letter returned at quality check"
    LETTER_APPROVED = "letter_approved", "Letter approved"
    LETTER_SENT = "letter_sent", "Letter sent"
    BUNDLE_PRODUCED = "bundle_produced", "Ombudsman bundle produced"
    PERSON_MERGED = "person_merged", "People merged"
    PERSON_MERGE_UNDONE = "person_merge_undone", "Merge of people undone"
    PERSON_SPLIT = "person_split", "Case moved to another person"
    DESIGNATION_PROPOSED = "designation_proposed", "Unreasonable behaviour designation proposed"
    DESIGNATION_DECIDED = "designation_decided", "Unreasonable behaviour designation decided"
    DESIGNATION_ENDED = "designation_ended", "Unreasonable behaviour designation ended"


class CaseEvent(models.Model):
    """An immutable entry in a case's timeline: who did what, when, and what changed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", db_index=False)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    description = models.TextField(blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Case events are immutable: append a new event instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Case events are immutable and cannot be deleted.")


class DelayReason(models.Model):
    """Why an investigation is running late: a list the council edits."""

    name = models.CharField(max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class DelayReport(models.Model):
    """An investigator's early warning that a response will be late."""

    investigation = models.ForeignKey(Investigation, on_delete=models.CASCADE, related_name="delays")
    reason = models.ForeignKey(DelayReason, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    expected_on = models.DateField(help_text="When the response is now expected.")
    reported_on = models.DateField()
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["reported_on"])]

    def __str__(self) -> str:
        return f"{self.investigation}: {self.reason}"


class EscalationSubject(models.TextChoices):
    """What was overdue."""

    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"
    INVESTIGATION = "investigation", "Response"
    OMBUDSMAN = "ombudsman", "Response to the Ombudsman"


class Escalation(models.Model):
    """Overdue work brought to a manager's attention by the daily sweep: one row for each step of
    the ladder reached (and each repeat of it), never two for the same."""

    key = models.CharField(max_length=120, unique=True, help_text="What, which due date, which step.")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="escalations", db_index=False)
    subject = models.CharField(max_length=20, choices=EscalationSubject.choices)
    investigation = models.ForeignKey(
        Investigation, null=True, blank=True, on_delete=models.CASCADE, related_name="escalations"
    )
    referral = models.ForeignKey(
        OmbudsmanReferral, null=True, blank=True, on_delete=models.CASCADE, related_name="escalations"
    )
    what = models.CharField(max_length=200, help_text="The overdue work, in words.")
    due_on = models.DateField(help_text="The due date that was missed.")
    working_days_overdue = models.PositiveIntegerField()
    step = models.PositiveSmallIntegerField(help_text="The step of the ladder, from 1.")
    repeat = models.PositiveSmallIntegerField(
        default=0, help_text="0 the first time; 1, 2, ... for reminders."
    )
    to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="escalations"
    )
    to_description = models.CharField(max_length=300, help_text="Who it went to, and in what capacity.")
    reason = models.TextField()
    escalated_on = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledgement_note = models.TextField(blank=True)
    planned_on = models.DateField(null=True, blank=True, help_text="When the work is now planned to be done.")

    class Meta:
        ordering = ["-escalated_on", "-id"]
        indexes = [
            models.Index(fields=["case", "escalated_on"]),
            models.Index(fields=["to", "acknowledged_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.what} step {self.step}"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None
