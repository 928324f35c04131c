"""What the public form keeps besides the case itself: a record of each submission, so that pressing
submit twice makes one case. (The files people send become the case's documents: heard.casework.)"""

from django.db import models


class Submission(models.Model):
    """One use of a one-time submission token: a second submit with the same token finds this row
    instead of making a second case."""

    token = models.CharField(max_length=64, unique=True)
    case = models.OneToOneField("cases.Case", null=True, on_delete=models.CASCADE, related_name="submission")
    audience = models.CharField(max_length=16)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"Submission of case {self.case_id}"
