from django.db import models

from heard.core.formats import long_date


class ClosureDay(models.Model):
    """A day the council is closed (e.g. between Christmas and New Year): not a working day."""

    date = models.DateField(unique=True)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{long_date(self.date)} {self.description}".strip()
