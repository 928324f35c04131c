"""The admin holds reference data only. Cases, people and their records are not here: they are seen
and changed through the staff pages, so that every view is in the access log and every change on
the timeline (ADR 0006)."""

from django.contrib import admin

from heard.cases.models import (
    DelayReason,
    ProblemCategory,
    ProblemSubcategory,
    ServiceArea,
    Team,
    Theme,
)


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ("name", "public_description")
    search_fields = ("name",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "service_area")
    list_filter = ("service_area",)
    search_fields = ("name",)


class ProblemSubcategoryInline(admin.TabularInline):
    model = ProblemSubcategory
    extra = 1


@admin.register(ProblemCategory)
class ProblemCategoryAdmin(admin.ModelAdmin):
    inlines = [ProblemSubcategoryInline]
    search_fields = ("name",)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(DelayReason)
class DelayReasonAdmin(admin.ModelAdmin):
    """The reasons an investigator can give when reporting a delay; retire one by unticking active."""

    list_display = ("name", "position", "active")
    list_editable = ("position", "active")
