from django.contrib import admin

from heard.reporting.models import PublishedFigure


@admin.register(PublishedFigure)
class PublishedFigureAdmin(admin.ModelAdmin):
    """Figures a council published for years before its data (also imported from the interchange
    file published_figures.csv, which replaces them all)."""

    list_display = ("label", "measure", "value", "source")
    list_filter = ("measure",)
    ordering = ("year", "measure")
