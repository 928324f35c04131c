"""`heard export PATH`: write every case in the interchange format (a folder, or a .zip)."""

import sys

from django.core.management.base import BaseCommand

from heard.interchange.exporter import interchange_export


class Command(BaseCommand):
    help = "Export every case in the interchange format to a folder, or to a .zip when PATH ends in .zip."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="a folder to write the four files into, or a file name ending in .zip"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar, even on a terminal")

    def handle(self, *args, path: str, no_progress: bool, **options):
        counts = interchange_export(path=path, show_progress=not no_progress and sys.stderr.isatty())
        summary = ", ".join(f"{name} {count} rows" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Exported to {path}: {summary}."))
