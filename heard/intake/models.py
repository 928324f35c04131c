"""What the public form keeps besides the case itself: the files people attach, and a record of each
submission so that pressing submit twice makes one case."""

from django.db import models


class Attachment(models.Model):
    """A file someone sent with their feedback, stored under MEDIA_ROOT (outside the web root) with a
    random name and served only to staff."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(max_length=200)
    original_name = models.CharField(max_length=200, help_text="The file's name on the sender's device.")
    content_type = models.CharField(max_length=100, help_text="The type found by reading the content.")
    size = models.PositiveIntegerField(help_text="Bytes.")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "id"]

    def __str__(self) -> str:
        return self.original_name


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
