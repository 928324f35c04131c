"""Papers for the demo data (`heard demo_data`): a letter, a photo and meeting notes, made on the
spot, and a few contacts."""

import io

from heard.casework.models import ContactChannel, ContactDirection, DocumentKind

LETTER = """<html><head><style>@page {{ size: A4; margin: 25mm }} body {{ font-family: serif; font-size: 12pt }}</style></head>
<body><p>{name}<br>1 Example Road<br>Exampletown</p>
<p>Dear Feedback and Insight Team,</p>
<p>I am writing about {reference}. I am still unhappy with the council's answer. My neighbour, Robin
Neighbour, saw the social worker leave after five minutes, and nobody has called me since.</p>
<p>I would like someone to explain why the plan was changed without telling us.</p>
<p>Yours sincerely,<br>{name}</p></body></html>"""

CONTACTS = [
    (
        20,
        ContactChannel.PHONE,
        ContactDirection.IN,
        "The complainant",
        "Unhappy with the stage 1 response. Said Robin Neighbour saw the visit. Told them about the Ombudsman.",
    ),
    (
        12,
        ContactChannel.MEETING,
        ContactDirection.OUT,
        "The complainant and their advocate",
        "Met at the family centre to go through the response; agreed to send the visit records.",
    ),
    (
        2,
        ContactChannel.EMAIL,
        ContactDirection.OUT,
        "The Ombudsman's investigator",
        "Sent the case file list.",
    ),
]


def papers(case) -> list[tuple[str, bytes, str, str, str]]:
    """(name, content, kind, from whom, description) of each demo document."""
    import docx
    from PIL import Image, ImageDraw
    from weasyprint import HTML

    name = case.customer.name if case.customer else "The complainant"
    letter = HTML(string=LETTER.format(name=name, reference=case.reference)).write_pdf()
    photo = Image.new("RGB", (1200, 900), (243, 242, 241))
    ImageDraw.Draw(photo).rectangle((150, 150, 1050, 750), outline=(29, 112, 184), width=12)
    photo_bytes = io.BytesIO()
    photo.save(photo_bytes, "JPEG", quality=85)
    notes = docx.Document()
    notes.add_heading("Notes of the meeting at the family centre", level=1)
    notes.add_paragraph("Present: the complainant, their advocate and the complaints officer.")
    notes_bytes = io.BytesIO()
    notes.save(notes_bytes)
    return [
        ("letter-to-the-council.pdf", letter, DocumentKind.LETTER_RECEIVED, name, "Asks for the Ombudsman"),
        (
            "visit-record.jpg",
            photo_bytes.getvalue(),
            DocumentKind.EVIDENCE,
            "Social care records",
            "Photo of the visit record",
        ),
        (
            "meeting-notes.docx",
            notes_bytes.getvalue(),
            DocumentKind.MEETING_NOTES,
            "Olu Officer",
            "Meeting at the family centre",
        ),
    ]
