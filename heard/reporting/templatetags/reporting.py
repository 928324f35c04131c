from django import template

from heard.reporting.document import number

register = template.Library()


@register.filter
def figure(value):
    """A figure as every report format prints it (see document.number); a dash for none."""
    if value is None or value == "":
        return "–"
    if isinstance(value, int | float):
        return number(value)
    return value
