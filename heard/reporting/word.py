"""The annual report as a Word document, drawn with python-docx from `document.Report`."""

import io

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from heard.reporting import charts
from heard.reporting.document import (
    BulletList,
    Comparison,
    Figure,
    NumberedList,
    Paragraph,
    ProgressTable,
    QuoteBlock,
    Report,
    Subheading,
    Table,
    number,
)

BLUE = RGBColor(0x1D, 0x4F, 0x91)


def _table(doc, header: list[str], rows: list[list[str]], *, caption: str = ""):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    # Repeat the header row on each page, as a screen reader and a printed page both need.
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header_flag = tr_pr.makeelement(qn("w:tblHeader"), {qn("w:val"): "true"})
    tr_pr.append(header_flag)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    if caption:
        table_pr = table._tbl.tblPr
        caption_el = table_pr.makeelement(qn("w:tblCaption"), {qn("w:val"): caption})
        table_pr.append(caption_el)
    return table


def _field(paragraph, instruction: str) -> None:
    """A field that Word fills in as it lays out the pages: PAGE (this page's number) or NUMPAGES."""
    run = paragraph.add_run()._r

    def add(tag: str, text: str | None = None, **attributes: str) -> None:
        element = run.makeelement(qn(tag), {qn(k.replace("_", ":")): v for k, v in attributes.items()})
        element.text = text
        run.append(element)

    add("w:fldChar", w_fldCharType="begin")
    add("w:instrText", f" {instruction} ", xml_space="preserve")
    add("w:fldChar", w_fldCharType="separate")
    add("w:t", "1")  # shown until the field is updated
    add("w:fldChar", w_fldCharType="end")


def _picture(doc, data: bytes, *, width, description: str) -> None:
    """A centred picture with its alternative text."""
    doc.add_picture(io.BytesIO(data), width=width)
    picture = doc.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for doc_pr in picture._p.xpath(".//wp:docPr"):
        doc_pr.set("descr", description)


def _value(value) -> str:
    if value is None:
        return "–"
    return number(value) if isinstance(value, int | float) else str(value)


def write_docx(report: Report) -> bytes:
    doc = docx.Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    styles = doc.styles
    styles["Normal"].font.name = "Arial"
    styles["Normal"].font.size = Pt(11)
    for name in ("Title", "Heading 1", "Heading 2"):
        styles[name].font.color.rgb = BLUE
        styles[name].font.name = "Arial"
    doc.core_properties.title = f"{report.title} {report.label}: {report.subtitle}"
    doc.core_properties.author = report.team
    doc.core_properties.language = "en-GB"
    # Every page but the cover: the report's title and year above, "Page X of Y" below.
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = f"{report.title} {report.label}"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")

    if report.is_draft:
        draft = doc.add_paragraph()
        run = draft.add_run(report.draft_notice)
        run.bold = True
        run.font.color.rgb = RGBColor(0xD4, 0x35, 0x1C)
    _picture(doc, report.logo.png, width=Cm(6), description=f"{report.council} logo")
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.LEFT
    doc.add_paragraph(report.title, style="Title")
    doc.add_paragraph(report.subtitle, style="Subtitle")
    doc.add_paragraph(report.council, style="Subtitle")
    doc.add_paragraph(report.label, style="Subtitle")
    doc.add_paragraph(f"{report.team}, {report.council}")
    doc.add_heading("Contents", level=1)
    for s in report.sections:
        doc.add_paragraph(f"{s.number}. {s.title}", style="List Paragraph")
    doc.add_page_break()

    for s in report.sections:
        doc.add_heading(f"{s.number}. {s.title}", level=1)
        for block in s.blocks:
            if isinstance(block, Paragraph):
                doc.add_paragraph(block.text)
            elif isinstance(block, Subheading):
                doc.add_heading(block.text, level=2)
            elif isinstance(block, BulletList):
                for item in block.items:
                    doc.add_paragraph(item, style="List Bullet")
            elif isinstance(block, NumberedList):
                for n, item in enumerate(block.items, start=1):
                    doc.add_paragraph(f"{n}. {item}")
            elif isinstance(block, Figure):
                panel = block.panel
                doc.add_heading(panel.title, level=3)
                if block.chart is not None:
                    _picture(doc, charts.png(block.chart), width=Cm(16), description=block.alt_text)
                _table(
                    doc,
                    panel.columns,
                    [[row.label] + [_value(cell.value) for cell in row.cells] for row in panel.rows],
                    caption=panel.title,
                )
                doc.add_paragraph()
            elif isinstance(block, QuoteBlock):
                p = doc.add_paragraph()
                if block.heading:
                    p.add_run(block.heading + " ").bold = True
                p.add_run(f"“{block.text}”").italic = True
            elif isinstance(block, Comparison):
                _table(
                    doc,
                    ["Measure"] + block.years,
                    [[row.heading] + row.values for row in block.rows],
                    caption="Annual comparisons",
                )
                for row in block.rows:
                    doc.add_heading(row.heading, level=3)
                    doc.add_paragraph(row.sentence)
                    doc.add_paragraph(row.verdict)
            elif isinstance(block, Table):
                _table(doc, block.header, block.rows, caption=block.caption)
                doc.add_paragraph()
            elif isinstance(block, ProgressTable):
                _table(
                    doc,
                    ["No.", f"Action {block.previous_year}", "Status", "Progress made"],
                    [[str(n), *item] for n, item in enumerate(block.items, start=1)],
                    caption=f"Progress on the {block.previous_year} recommendations",
                )
    doc.add_page_break()
    doc.add_heading("Contact us", level=1)
    for line in report.contact:
        doc.add_paragraph(line).paragraph_format.space_after = Pt(0)
    doc.add_paragraph()
    _picture(doc, report.logo.png, width=Cm(5), description=f"{report.council} logo")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def docx_text(data: bytes) -> str:
    """The text of a Word document in reading order, a line per paragraph or table cell."""
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
        elif child.tag == qn("w:tbl"):
            for cell in child.iter(qn("w:tc")):
                lines.append("".join(t.text or "" for t in cell.iter(qn("w:t"))))
    return "\n".join(lines)
