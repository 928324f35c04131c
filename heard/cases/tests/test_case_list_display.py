"""What the case list shows, written by its quicker helpers: the same dates, summaries and filter
menus as Django's own filters and widgets would give, and the text people wrote still escaped."""

import datetime

import pytest
from django import forms as django_forms
from django.template.defaultfilters import date as django_date
from django.template.defaultfilters import truncatechars
from django.test.html import parse_html
from django.urls import reverse
from django.utils.html import escape

from heard.cases.forms import CaseFilterForm, OptionsInlineSelect
from heard.cases.models import ServiceArea, Team
from heard.cases.templatetags.govuk import short_date, shortened
from heard.cases.tests.factories import CaseFactory, CustomerFactory

pytestmark = pytest.mark.django_db


def test_short_dates_read_as_django_writes_them_in_every_month():
    for month in range(1, 13):
        for day in (datetime.date(2026, month, 1), datetime.date(1999, month, 28)):
            assert short_date(day) == django_date(day, "j M Y")
    assert short_date(None) == ""


@pytest.mark.parametrize(
    "summary",
    [
        "",
        "Short",
        "x" * 90,
        "x" * 91,
        "Social worker changed " * 10,
        "Cafe\u0301 with an accent written as two characters",  # not in NFC
        "e\u0301" * 60,  # 120 code points, 60 letters
    ],
)
def test_summaries_are_shortened_as_truncatechars_shortens_them(summary):
    assert shortened(summary, 90) == truncatechars(summary, 90)


def test_each_filter_menu_is_the_markup_django_writes(officer):
    ServiceArea.objects.create(name="Fostering & Adoption")
    area = ServiceArea.objects.create(name="Children's Social Care")
    Team.objects.create(name="Court Team", service_area=area)
    form = CaseFilterForm({"kind": "complaint", "service_area": str(area.pk), "sort": "oldest"})
    form.is_valid()
    menus = [name for name, field in form.fields.items() if isinstance(field.widget, OptionsInlineSelect)]
    assert menus == ["kind", "status", "procedure", "stage", "service_area", "team", "investigator", "sort"]
    for name in menus:
        bound = form[name]
        ours = bound.as_widget(attrs={"class": "govuk-select"})
        bound.field.widget = django_forms.Select(choices=bound.field.widget.choices)
        djangos = bound.as_widget(attrs={"class": "govuk-select"})
        assert parse_html(ours) == parse_html(djangos), name
    assert '<option value="oldest" selected>Oldest received first</option>' in str(form["sort"])


def test_the_list_shows_dates_summaries_and_names_as_text(officer_client):
    summary = "<b>Moved</b> placement " + "without notice " * 10
    CaseFactory(
        reference="CS-2026-00007",
        received_on=datetime.date(2026, 9, 5),
        summary=summary,
        customer=CustomerFactory(name="Sam <Jones>"),
    )
    page = officer_client.get(reverse("cases:list")).content.decode()
    assert "5 Sep 2026" in page
    shown = escape(truncatechars(summary, 90))
    assert shown.startswith("&lt;b&gt;Moved&lt;/b&gt; placement without") and shown.endswith("…")
    assert shown in page and "<b>Moved" not in page
    assert "from Sam &lt;Jones&gt;" in page
