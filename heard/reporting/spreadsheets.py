"""Dashboard tables as an Excel workbook (openpyxl): one sheet per table, header row frozen."""

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

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


def panels_workbook(panels: list[Panel], *, title: str) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for panel in panels:
        sheet = workbook.create_sheet(_sheet_title(panel.title, used))
        sheet.append([panel.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([title])
        sheet.append([])
        rows = panel.as_lists()
        for n, row in enumerate(rows):
            sheet.append(["" if v is None else v for v in row])
            if n == 0:
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = "A5"
        for note in panel.notes:
            sheet.append([])
            sheet.append([note])
        for index, column in enumerate(zip(*rows, strict=False), start=1):
            width = max(len(str(v)) for v in column if v is not None) if column else 10
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 12), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
