"""Export: the database written in the interchange format, streamed.

Every file is written with every column in the format's order and rows sorted by case reference
(code point order, the same on SQLite and PostgreSQL), then stage and number; referrals and learning
of one case keep the order in which they were recorded. Rows are read with ``values_list(...)``
``.iterator(chunk_size=...)``, so memory does not grow with the number of cases.
"""

import csv
import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.functions import Collate

from heard.cases.models import Case, Investigation, Learning, OmbudsmanReferral
from heard.interchange import format as fmt
from heard.reporting.models import PublishedFigure

CHUNK = 5000
LINE_END = "\r\n"  # RFC 4180

CASE_FIELDS = tuple(column.source for column in fmt.exported(fmt.CASES))
INVESTIGATION_FIELDS = ("id", *(column.source for column in fmt.exported(fmt.INVESTIGATIONS)))
REFERRAL_FIELDS = tuple(column.source for column in fmt.exported(fmt.OMBUDSMAN))
LEARNING_FIELDS = tuple(column.source for column in fmt.exported(fmt.LEARNING))


def by_reference(field_name: str):
    """Order by a reference in code point order: SQLite compares bytes already; PostgreSQL is told
    to use the "C" collation rather than the database's locale."""
    if connection.vendor == "postgresql":
        return Collate(F(field_name), "C")
    return F(field_name)


def _writer(file: str) -> Callable[[tuple], tuple[str, ...]]:
    """Turn what the database holds for a file's exported columns into cells, as the schema says."""
    writes = [column.write for column in fmt.exported(file)]

    def write(values: tuple) -> tuple[str, ...]:
        return tuple([w(v) for w, v in zip(writes, values, strict=True)])

    return write


case_row = _writer(fmt.CASES)
referral_row = _writer(fmt.OMBUDSMAN)
learning_row = _writer(fmt.LEARNING)
_investigation_cells = _writer(fmt.INVESTIGATIONS)


def investigation_row(values: tuple, themes: list[str]) -> tuple[str, ...]:
    """An investigation's cells (``values`` starts with its id) and its themes, merged in."""
    return (*_investigation_cells(values[1:]), fmt.THEME_SEPARATOR.join(sorted(themes)))


# --- The rows of each file, in order ------------------------------------------------------------


def case_rows(cases: QuerySet[Case] | None = None) -> Iterator[tuple[str, ...]]:
    cases = Case.objects.all() if cases is None else cases
    for values in (
        cases.order_by(by_reference("reference")).values_list(*CASE_FIELDS).iterator(chunk_size=CHUNK)
    ):
        yield case_row(values)


def investigation_rows(
    investigations: QuerySet[Investigation] | None = None,
) -> Iterator[tuple[str, ...]]:
    """Investigations in order, each with its themes: the themes are read in the same order in a
    second stream and merged in, so neither is held in memory."""
    investigations = Investigation.objects.all() if investigations is None else investigations
    order = (by_reference("case__reference"), "stage", "number")
    through = Investigation.themes.through
    theme_stream = iter(
        through.objects.filter(investigation__in=investigations.values("id"))
        .order_by(
            by_reference("investigation__case__reference"), "investigation__stage", "investigation__number"
        )
        .values_list("investigation_id", "theme__name")
        .iterator(chunk_size=CHUNK)
    )
    pending = next(theme_stream, None)
    for values in (
        investigations.order_by(*order).values_list(*INVESTIGATION_FIELDS).iterator(chunk_size=CHUNK)
    ):
        themes = []
        while pending is not None and pending[0] == values[0]:
            themes.append(pending[1])
            pending = next(theme_stream, None)
        yield investigation_row(values, themes)


def referral_rows(referrals: QuerySet[OmbudsmanReferral] | None = None) -> Iterator[tuple[str, ...]]:
    referrals = OmbudsmanReferral.objects.all() if referrals is None else referrals
    for values in (
        referrals.order_by(by_reference("case__reference"), "id")
        .values_list(*REFERRAL_FIELDS)
        .iterator(chunk_size=CHUNK)
    ):
        yield referral_row(values)


def learning_rows(learning: QuerySet[Learning] | None = None) -> Iterator[tuple[str, ...]]:
    learning = Learning.objects.all() if learning is None else learning
    for values in (
        learning.order_by(by_reference("case__reference"), "id")
        .values_list(*LEARNING_FIELDS)
        .iterator(chunk_size=CHUNK)
    ):
        yield learning_row(values)


def published_figure_rows() -> Iterator[tuple[str, ...]]:
    """Sorted by year, then measure (PublishedFigure's ordering)."""
    for year, measure, value, source in PublishedFigure.objects.values_list(
        "year", "measure", "value", "source"
    ):
        yield fmt.write_year(year), measure, fmt.write_figure(measure, value), source


@dataclass
class CaseRecord:
    """One case as the format sees it: its row and the rows of its investigations, referrals and
    learning, in export order. Two records are equal exactly when their exports are equal."""

    case: tuple[str, ...]
    investigations: list[tuple[str, ...]] = field(default_factory=list)
    referrals: list[tuple[str, ...]] = field(default_factory=list)
    learning: list[tuple[str, ...]] = field(default_factory=list)

    def key(self) -> tuple:
        return (self.case, tuple(self.investigations), tuple(self.referrals), tuple(self.learning))


def case_records(case_ids: Iterable[int], *, batch: int = 500) -> dict[str, CaseRecord]:
    """The export of some cases, by reference (used by import to tell unchanged cases apart)."""
    ids = list(case_ids)
    records: dict[str, CaseRecord] = {}
    for i in range(0, len(ids), batch):
        chunk = ids[i : i + batch]
        for row in case_rows(Case.objects.filter(id__in=chunk)):
            records[row[0]] = CaseRecord(case=row)
        for row in investigation_rows(Investigation.objects.filter(case_id__in=chunk)):
            records[row[0]].investigations.append(row)
        for row in referral_rows(OmbudsmanReferral.objects.filter(case_id__in=chunk)):
            records[row[0]].referrals.append(row)
        for row in learning_rows(Learning.objects.filter(case_id__in=chunk)):
            records[row[0]].learning.append(row)
    return records


# --- Writing ------------------------------------------------------------------------------------

ROWS: dict[str, Callable[[], Iterator[tuple[str, ...]]]] = {
    fmt.CASES: case_rows,
    fmt.INVESTIGATIONS: investigation_rows,
    fmt.OMBUDSMAN: referral_rows,
    fmt.LEARNING: learning_rows,
    fmt.PUBLISHED_FIGURES: published_figure_rows,
}


def write_csv(out: io.TextIOBase, file_name: str, rows: Iterable[tuple[str, ...]], progress=None) -> int:
    writer = csv.writer(out, lineterminator=LINE_END)
    writer.writerow(fmt.COLUMNS[file_name])
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
        if progress is not None and count % 10000 == 0:
            progress.update(10000)
    if progress is not None:
        progress.update(count % 10000)
    return count


def interchange_export(*, path: Path | str, show_progress: bool = False) -> dict[str, int]:
    """Write the five files into a folder, or a ``.zip`` when the path ends in .zip.

    Returns the number of rows written to each file.
    """
    from tqdm import tqdm

    path = Path(path)
    counts: dict[str, int] = {}
    with tqdm(unit=" rows", disable=not show_progress, desc="Exporting") as progress:
        if path.suffix.lower() == ".zip":
            path.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for name in fmt.FILES:
                    with (
                        archive.open(name, "w", force_zip64=True) as raw,
                        io.TextIOWrapper(raw, encoding="utf-8", newline="") as out,
                    ):
                        counts[name] = write_csv(out, name, ROWS[name](), progress)
        else:
            path.mkdir(parents=True, exist_ok=True)
            for name in fmt.FILES:
                with open(path / name, "w", encoding="utf-8", newline="") as out:
                    counts[name] = write_csv(out, name, ROWS[name](), progress)
    return counts
