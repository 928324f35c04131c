"""GOV.UK Frontend form markup for Django form fields, and small display helpers."""

import unicodedata

from django import template
from django.forms import widgets
from django.template.defaultfilters import truncatechars

register = template.Library()


def field_anchor(bound_field) -> str:
    """The id an error summary links to: the first input of the field."""
    widget = bound_field.field.widget
    if getattr(widget, "govuk_date", False):
        return f"{bound_field.auto_id}_day"
    if isinstance(widget, widgets.RadioSelect | widgets.CheckboxSelectMultiple):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.inclusion_tag("cases/includes/field.html")
def govuk_field(bound_field, width: str = "", label_class: str = ""):
    widget = bound_field.field.widget
    describedby = []
    if bound_field.help_text:
        describedby.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        describedby.append(f"{bound_field.auto_id}-error")
    error = bool(bound_field.errors)
    context = {
        "field": bound_field,
        "describedby": " ".join(describedby),
        "error": error,
        "label_class": label_class,
    }
    if getattr(widget, "govuk_date", False):
        value = bound_field.value()
        if not isinstance(value, list | tuple):
            value = widget.decompress(value)
        context["kind"] = "date"
        context["parts"] = [
            ("day", "Day", value[0] or "", "govuk-input--width-2"),
            ("month", "Month", value[1] or "", "govuk-input--width-2"),
            ("year", "Year", value[2] or "", "govuk-input--width-4"),
        ]
        return context
    attrs = {}
    if describedby:
        attrs["aria-describedby"] = context["describedby"]
    if isinstance(widget, widgets.RadioSelect):
        context["kind"] = "radios"
        context["inline"] = len(list(widget.choices)) <= 2
        attrs["class"] = "govuk-radios__input"
        context["options"] = list(bound_field)
        return context
    if isinstance(widget, widgets.CheckboxSelectMultiple):
        context["kind"] = "checkboxes"
        attrs["class"] = "govuk-checkboxes__input"
        context["options"] = list(bound_field)
        return context
    if isinstance(widget, widgets.CheckboxInput):
        context["kind"] = "checkbox"
        attrs["class"] = "govuk-checkboxes__input"
        context["widget"] = bound_field.as_widget(attrs=attrs)
        return context
    if isinstance(widget, widgets.Textarea):
        context["kind"] = "textarea"
        attrs["class"] = "govuk-textarea" + (" govuk-textarea--error" if error else "")
        attrs.setdefault("rows", widget.attrs.get("rows", 4))
    elif isinstance(widget, widgets.FileInput):
        context["kind"] = "input"
        attrs["class"] = "govuk-file-upload" + (" govuk-file-upload--error" if error else "")
    elif isinstance(widget, widgets.Select):
        context["kind"] = "select"
        attrs["class"] = "govuk-select" + (" govuk-select--error" if error else "")
    else:
        context["kind"] = "input"
        extra = widget.attrs.get("class", "")
        attrs["class"] = " ".join(
            filter(None, ["govuk-input", extra, width, "govuk-input--error" if error else ""])
        )
    context["widget"] = bound_field.as_widget(attrs=attrs)
    return context


@register.inclusion_tag("cases/includes/error_summary.html")
def govuk_error_summary(form):
    items = []
    fields = list(form)
    for message in form.non_field_errors():
        items.append((message, f"#{field_anchor(fields[0])}" if fields else "#main-content"))
    for bound_field in fields:
        for message in bound_field.errors:
            items.append((message, f"#{field_anchor(bound_field)}"))
    return {"items": items}


@register.filter
def govuk_anchor(bound_field) -> str:
    return field_anchor(bound_field)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (None or "" removes them)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query.pop(key, None)
        if value not in (None, ""):
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@register.filter
def short_date(day) -> str:
    """A date as lists show it, 5 Sep 2026: what `|date:"j M Y"` gives in English, without the
    formatting machinery (a page of fifty cases shows a hundred dates)."""
    if not day:
        return ""
    return f"{day.day} {MONTHS_SHORT[day.month - 1]} {day.year}"


@register.filter(is_safe=True)
def shortened(value, length: int) -> str:
    """`truncatechars`, with a quick answer for the many values already short enough."""
    text = str(value)
    if len(text) <= length and unicodedata.is_normalized("NFC", text):
        return text
    return truncatechars(text, length)
