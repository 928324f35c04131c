"""Finding the same person across cases: likely duplicates waiting for an officer, merges (and
their undoing) and the history of a person's details. The person record itself is
`heard.cases.models.Customer`."""

from django.conf import settings
from django.db import models


class DuplicateStatus(models.TextChoices):
    OPEN = "open", "Waiting for an officer"
    MERGED = "merged", "Merged"
    DISMISSED = "dismissed", "Not the same person"


class PossibleDuplicate(models.Model):
    """Two people matching found alike but not certainly the same: an officer merges or dismisses."""

    person = models.ForeignKey("cases.Customer", on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey("cases.Customer", on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(help_text="How alike, out of 100.")
    reasons = models.JSONField(default=list, help_text="Why they look alike, in words.")
    status = models.CharField(max_length=16, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN)
    found_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-score", "found_at", "id"]
        indexes = [models.Index(fields=["status", "score"])]
        constraints = [
            models.UniqueConstraint(fields=["person", "other"], name="one_possible_duplicate_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} ~ {self.other_id} ({self.score})"


class Merge(models.Model):
    """One person's record merged into another's, with what moved, so that it can be undone."""

    kept = models.ForeignKey("cases.Customer", on_delete=models.PROTECT, related_name="merges_kept")
    merged = models.ForeignKey("cases.Customer", on_delete=models.PROTECT, related_name="merges_in")
    duplicate = models.ForeignKey(
        PossibleDuplicate, null=True, blank=True, on_delete=models.SET_NULL, related_name="merges"
    )
    moved = models.JSONField(default=dict, help_text="Ids of what moved, by kind: cases, legal holds.")
    merged_at = models.DateTimeField(auto_now_add=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.merged_id} into {self.kept_id}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class DetailChange(models.Model):
    """A change to a person's contact details, as it happened: the history on their page."""

    person = models.ForeignKey("cases.Customer", on_delete=models.CASCADE, related_name="detail_changes")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    how = models.CharField(max_length=200, help_text="What brought the change, in words.")
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.person_id} {self.how}"
