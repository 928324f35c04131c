"""Tables as Excel workbooks (openpyxl): one sheet per table, its title above, the header row bold
and frozen. Text is always written as text: a cell that starts with "=" is never a formula."""

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from heard.reporting.panels import Panel


def _sheet_title(title: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", title)[:31].strip()
    name, n = base, 2
    while name in used:
        suffix = f" {n}"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def _write(sheet: Worksheet, row: int, values: Sequence[Any], *, bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value="" if value is None else value)
        if isinstance(value, str) and value.startswith("="):
            cell.data_type = "s"  # text, not a formula
        if bold:
            cell.font = Font(bold=True)


class Book:
    """A workbook built a sheet at a time."""

    def __init__(self) -> None:
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.used: set[str] = set()

    def table(
        self,
        name: str,
        *,
        title: str,
        subtitle: str,
        header: Sequence[str],
        rows: Iterable[Sequence[Any]],
        notes: Sequence[str] = (),
    ) -> Worksheet:
        sheet = self.workbook.create_sheet(_sheet_title(name, self.used))
        _write(sheet, 1, [title])
        sheet["A1"].font = Font(bold=True, size=13)
        _write(sheet, 2, [subtitle])
        _write(sheet, 4, header, bold=True)
        sheet.freeze_panes = "A5"
        widths = [len(str(h)) for h in header]
        number = 4
        for row in rows:
            number += 1
            _write(sheet, number, row)
            widths = [max(w, len(str(v)) if v is not None else 0) for w, v in zip(widths, row, strict=False)]
        for note in notes:
            number += 2
            _write(sheet, number, [note])
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 12), 60)
        return sheet

    def panels(self, panels: list[Panel], *, subtitle: str) -> None:
        for panel in panels:
            header, *rows = panel.as_lists()
            self.table(
                panel.title, title=panel.title, subtitle=subtitle, header=header, rows=rows, notes=panel.notes
            )

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.workbook.save(buffer)
        return buffer.getvalue()


def panels_workbook(panels: list[Panel], *, title: str) -> bytes:
    book = Book()
    book.panels(panels, subtitle=title)
    return book.bytes()
