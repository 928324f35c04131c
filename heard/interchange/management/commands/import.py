"""`heard import PATH`: import an interchange file set (a folder or a .zip)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from heard.interchange.importer import InterchangeInvalid, interchange_import


class Command(BaseCommand):
    help = (
        "Import cases in the interchange format from a folder or a .zip. Every row is checked first: "
        "if any is wrong, every error is listed as FILE:ROW: COLUMN: message and nothing is written."
    )
    # Django's system checks (of models, URLs, templates, settings) cost more than a second of CPU
    # at start-up, a tenth of importing 100,000 cases; `heard check` and other commands run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument(
            "path", help="a folder holding cases.csv (and optionally the other files), or a .zip"
        )
        parser.add_argument("--dry-run", action="store_true", help="check the files only; write nothing")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar, even on a terminal")

    def handle(self, *args, path: str, dry_run: bool, no_progress: bool, **options):
        show_progress = not no_progress and sys.stderr.isatty()
        try:
            result = interchange_import(path=path, dry_run=dry_run, show_progress=show_progress)
        except (FileNotFoundError, ValueError) as error:
            raise CommandError(str(error)) from None
        except InterchangeInvalid as invalid:
            for problem in invalid.errors:
                self.stderr.write(str(problem))
            raise CommandError(str(invalid)) from None
        if result.dry_run:
            self.stdout.write(
                f"No errors in {result.cases} cases{self._published(result)}: nothing written (dry run)."
            )
            self._new_names(result, "would create")
            self._warnings(result, "would be imported")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {result.cases} cases: {result.created} new, {result.updated} updated, "
                f"{result.unchanged} unchanged; wrote {result.investigations} investigations, "
                f"{result.referrals} Ombudsman referrals, {result.learning} learning and action rows"
                f"{self._published(result)}; {result.customers_created} new customers."
            )
        )
        self._new_names(result, "created")
        self._warnings(result, "were imported")

    @staticmethod
    def _published(result) -> str:
        n = result.published_figures
        return f" and {n} published figure{'' if n == 1 else 's'}" if n else ""

    def _new_names(self, result, verb: str) -> None:
        """Say which service areas and teams are new, so that a misspelt one is seen."""
        for label, names in (("service area", result.new_service_areas), ("team", result.new_teams)):
            if names:
                plural = label if len(names) == 1 else f"{label}s"
                self.stdout.write(f"New {plural} ({verb}, not in Heard before): " + "; ".join(names))

    def _warnings(self, result, verb: str) -> None:
        """What the format allows but is probably a mistake, to be checked and corrected."""
        if result.warnings:
            self.stdout.write(
                f"Check these {len(result.warnings)} values: they {verb} as they are, since the format "
                "allows them, but they look like mistakes:"
            )
            for warning in result.warnings:
                self.stdout.write(f"  {warning}")
