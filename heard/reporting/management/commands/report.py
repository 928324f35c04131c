"""`heard report --year Y --format json`: the annual report's figures, from the metrics module.

Each format is a renderer: a function that takes the year's figures (``metrics.annual_report(year)``)
and returns the document, as text or bytes. Add a format by adding its function to ``RENDERERS``;
``json`` is the public contract of report-metrics.md.
"""

import json
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError

from heard.core.management.output import write_document
from heard.reporting import metrics


def render_json(*, figures: metrics.AnnualFigures, year: int) -> str:
    return json.dumps(figures.as_json(), indent=2, ensure_ascii=False) + "\n"


Renderer = Callable[..., str | bytes]


def document_renderer(name: str) -> Renderer:
    """The HTML, PDF and Word renderers, imported only when asked for: they load WeasyPrint and
    matplotlib, which take longer to import than the JSON report takes to compute."""

    def render(*, figures: metrics.AnnualFigures, year: int) -> str | bytes:
        from heard.reporting.renderers import RENDERERS as DOCUMENT_RENDERERS

        document: str | bytes = DOCUMENT_RENDERERS[name](figures=figures, year=year)  # type: ignore[assignment]
        return document

    return render


# The formats the report can be written in, by name.
RENDERERS: dict[str, Renderer] = {
    "json": render_json,
    "html": document_renderer("html"),
    "pdf": document_renderer("pdf"),
    "docx": document_renderer("docx"),
    "xlsx": document_renderer("xlsx"),
}
# Formats that are planned but not available yet: a clear message rather than a crash.
PLANNED_FORMATS: tuple[str, ...] = ()


class Command(BaseCommand):
    # A read-only report: no need to load every app's system checks (and their imports) first.
    requires_system_checks: list[str] = []
    help = "Print the annual report's figures for a reporting year (1 April Y to 31 March Y+1)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, required=True, help="the reporting year, e.g. 2021 for 2021/22"
        )
        parser.add_argument(
            "--format",
            default="json",
            help=f"one of: {', '.join(sorted(set(RENDERERS) | set(PLANNED_FORMATS)))} (default json)",
        )
        parser.add_argument(
            "--output", "--out", "-o", default="-", help="a file to write to (default: standard output)"
        )

    def handle(self, *args, **options):
        name = options["format"].strip().lower()
        renderer = RENDERERS.get(name)
        if renderer is None:
            if name in PLANNED_FORMATS:
                raise CommandError(f"The {name} format is not available yet: use --format json.")
            raise CommandError(
                f"Unknown format {options['format']!r}: choose one of {', '.join(sorted(RENDERERS))}."
            )
        year = options["year"]
        document = renderer(figures=metrics.annual_report(year), year=year)
        write_document(self, document, options["output"])
