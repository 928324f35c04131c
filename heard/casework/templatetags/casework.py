from django import template

register = template.Library()

LABELS = {
    "application/pdf": "PDF",
    "image/jpeg": "JPG photo",
    "image/png": "PNG picture",
    "image/heic": "HEIC photo",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/zip": "Zip file",
}


@register.filter
def file_label(content_type: str) -> str:
    return LABELS.get(content_type, "File")
