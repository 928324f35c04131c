"""Delete files uploaded to the public form that were never sent: a person added a file and then
left. Files belonging to a case are never touched. Run daily from cron or a scheduler."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from heard.casework.models import Document


class Command(BaseCommand):
    help = "Delete uploaded files that were never sent with any feedback."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=24,
            help="Only files at least this old (default 24: far longer than a session lasts).",
        )

    def handle(self, *args, **options):
        cutoff = timezone.now() - timedelta(hours=options["older_than_hours"])
        if not default_storage.exists("uploads"):
            self.stdout.write("Deleted 0 unsent files.")
            return
        _, names = default_storage.listdir("uploads")
        kept = set(Document.objects.values_list("file", flat=True))
        deleted = 0
        for name in names:
            path = f"uploads/{name}"
            if path in kept or default_storage.get_modified_time(path) > cutoff:
                continue
            default_storage.delete(path)
            deleted += 1
        self.stdout.write(f"Deleted {deleted} unsent files.")
