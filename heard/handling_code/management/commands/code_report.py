"""`heard code_report --year Y --format pdf --out report.pdf`: the Complaint Handling Code report
(the annual complaints performance and service improvement report) for a reporting year."""

from django.core.management.base import BaseCommand, CommandError

from heard.core.management.output import write_document
from heard.handling_code.document import build_code_report
from heard.reporting.renderers import REPORT_FORMATS, render_report


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Write the Complaint Handling Code report for a reporting year (1 April Y to 31 March Y+1)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, required=True, help="the reporting year, e.g. 2026 for 2026/27"
        )
        parser.add_argument(
            "--format", default="pdf", help=f"one of: {', '.join(REPORT_FORMATS)} (default pdf)"
        )
        parser.add_argument(
            "--output", "--out", "-o", default="-", help="a file to write to (default: standard output)"
        )

    def handle(self, *args, **options):
        name = options["format"].strip().lower()
        if name not in REPORT_FORMATS:
            raise CommandError(
                f"Unknown format {options['format']!r}: choose one of {', '.join(REPORT_FORMATS)}."
            )
        write_document(self, render_report(build_code_report(options["year"]), name), options["output"])
