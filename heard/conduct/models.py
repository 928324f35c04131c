"""Designations of a person's behaviour as unreasonably persistent or vexatious, following the
Local Government and Social Care Ombudsman's guidance on managing unreasonable complainant
behaviour: an officer proposes, with the behaviour seen and the evidence; a senior manager decides,
with reasons and the restrictions that apply; the person is told by letter; the designation is
reviewed by a set date and ends by decision or at review.

A designation restricts how the council deals with a person. It never stops a new complaint being
received and considered on its merits.
"""

import datetime

from django.conf import settings
from django.db import models


class Behaviour(models.TextChoices):
    EXCESSIVE_CONTACT = (
        "excessive_contact",
        "Contact so frequent or long that it hinders the handling of their or others' complaints",
    )
    CLOSED_MATTER = "closed_matter", "Pursuing a matter already fully considered and closed"
    CHANGING_COMPLAINT = (
        "changing_complaint",
        "Changing the substance of the complaint, or raising new issues, while it is considered",
    )
    NOT_COOPERATING = (
        "not_cooperating",
        "Refusing to say what the complaint is about, or to cooperate with its consideration",
    )
    UNREASONABLE_DEMANDS = (
        "unreasonable_demands",
        "Demanding outcomes, responses or timescales that cannot reasonably be met",
    )
    MANY_PEOPLE = "many_people", "Raising the same issue with many people at once"
    ABUSIVE = "abusive", "Abusive, threatening or offensive behaviour towards staff"
    RECORDING = "recording", "Recording or publishing staff without their consent"
    FALSE_INFORMATION = "false_information", "Giving information they know to be false or misleading"


class Channel(models.TextChoices):
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    IN_PERSON = "in_person", "In person"


class Restriction(models.TextChoices):
    """Restrictions the guidance lists besides the single point of contact, the channels, the
    frequency of contact and the topics closed."""

    WITNESS = "witness", "Meetings only with a second member of staff present"
    THIRD_PARTY = "third_party", "Contact through a third party, such as an advocate or representative"
    CLOSED_NOT_ANSWERED = (
        "closed_not_answered",
        "Correspondence about closed matters is read and kept, but not answered",
    )
    BEHAVIOUR_AGREEMENT = (
        "behaviour_agreement",
        "An agreement about their future behaviour before further contact",
    )


class Decision(models.TextChoices):
    AGREED = "agreed", "Agreed"
    DECLINED = "declined", "Declined"


class Ending(models.TextChoices):
    EARLY = "early", "Ended early by decision"
    AT_REVIEW = "at_review", "Ended at review"


class ReviewOutcome(models.TextChoices):
    RENEWED = "renewed", "Renewed"
    ENDED = "ended", "Ended"


class DesignationStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    DECLINED = "declined", "Declined"
    IN_FORCE = "in_force", "In force"
    ENDED = "ended", "Ended"


class Designation(models.Model):
    customer = models.ForeignKey("cases.Customer", on_delete=models.CASCADE, related_name="designations")

    behaviours = models.JSONField(default=list, help_text="Behaviour codes seen (Behaviour).")
    behaviour_details = models.TextField(help_text="What was seen, in the officer's words.")
    evidence_cases = models.ManyToManyField("cases.Case", related_name="designations_cited")
    evidence_contacts = models.ManyToManyField(
        "casework.ContactRecord", blank=True, related_name="designations_cited"
    )
    proposed_at = models.DateTimeField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    decision = models.CharField(max_length=16, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reasons = models.TextField(blank=True)

    # The restrictions, when agreed.
    contact_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The single point of contact.",
    )
    channels = models.JSONField(default=list, blank=True, help_text="Channels allowed (Channel); none: any.")
    contact_frequency = models.CharField(max_length=300, blank=True)
    topics_closed = models.TextField(blank=True)
    restrictions = models.JSONField(default=list, blank=True, help_text="Other restrictions (Restriction).")
    other_restrictions = models.TextField(blank=True)
    review_due_on = models.DateField(null=True, blank=True)

    told_on = models.DateField(null=True, blank=True, help_text="When the person was sent the letter.")
    told_by_post = models.BooleanField(default=False)

    ended_on = models.DateField(null=True, blank=True)
    ended_how = models.CharField(max_length=16, choices=Ending.choices, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_reasons = models.TextField(blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        indexes = [models.Index(fields=["decision", "ended_on", "review_due_on"])]

    def __str__(self) -> str:
        return f"Designation {self.pk} of {self.customer_id} ({self.status})"

    @property
    def status(self) -> str:
        if not self.decision:
            return DesignationStatus.PROPOSED
        if self.decision == Decision.DECLINED:
            return DesignationStatus.DECLINED
        return DesignationStatus.ENDED if self.ended_on else DesignationStatus.IN_FORCE

    def get_status_display(self) -> str:
        return DesignationStatus(self.status).label

    @property
    def in_force(self) -> bool:
        return self.status == DesignationStatus.IN_FORCE

    def in_force_on(self, day: datetime.date) -> bool:
        return (
            self.decision == Decision.AGREED
            and self.decided_on is not None
            and self.decided_on <= day
            and (self.ended_on is None or self.ended_on > day)
        )

    @property
    def behaviour_labels(self) -> list[str]:
        return [Behaviour(code).label for code in self.behaviours if code in Behaviour.values]

    @property
    def channel_labels(self) -> list[str]:
        return [Channel(code).label for code in self.channels if code in Channel.values]

    @property
    def restriction_labels(self) -> list[str]:
        return [Restriction(code).label for code in self.restrictions if code in Restriction.values]

    @property
    def what_applies(self) -> list[str]:
        """The restrictions in words, one a line, as the banner and the letter say them."""
        lines = []
        if self.contact_person_id and self.contact_person is not None:
            lines.append(f"All contact goes through {self.contact_person.display_name}")
        if self.channels:
            lines.append("Contact only by " + " or ".join(label.lower() for label in self.channel_labels))
        if self.contact_frequency:
            lines.append(f"How often: {self.contact_frequency}")
        if self.topics_closed:
            lines.append(f"Matters closed, not discussed further: {self.topics_closed}")
        lines.extend(self.restriction_labels)
        if self.other_restrictions:
            lines.append(self.other_restrictions)
        return lines


class DesignationReview(models.Model):
    """A review of a designation in force: renewed with a new review date, or ended."""

    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="reviews")
    due_on = models.DateField(help_text="The review date it answered.")
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=16, choices=ReviewOutcome.choices)
    reasons = models.TextField()
    next_review_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["designation", "reviewed_on", "id"]

    def __str__(self) -> str:
        return f"Review of designation {self.designation_id} on {self.reviewed_on}"
