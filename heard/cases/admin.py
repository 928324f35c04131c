from django.contrib import admin

from heard.cases.models import (
    Case,
    CaseEvent,
    Customer,
    Investigation,
    Learning,
    OmbudsmanReferral,
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


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InvestigationInline(ReadOnlyInline):
    model = Investigation
    fields = (
        "stage",
        "number",
        "team",
        "investigator_name",
        "opened_on",
        "due_on",
        "extended_to",
        "closed_on",
        "outcome",
    )


class EventInline(ReadOnlyInline):
    model = CaseEvent
    fields = ("at", "actor", "kind", "description")
    readonly_fields = fields
    show_change_link = False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-mostly: cases change through the workflow, so that every change is on the timeline."""

    list_display = ("reference", "kind", "received_on", "service_area", "procedure", "status")
    list_filter = ("kind", "status", "procedure", "service_area")
    search_fields = ("reference", "customer__name", "summary")
    date_hierarchy = "received_on"
    inlines = [InvestigationInline, EventInline]
    list_select_related = ("service_area",)
    raw_id_fields = ("customer",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("customer_ref", "name", "email", "phone")
    search_fields = ("customer_ref", "name", "email")


@admin.register(Investigation, OmbudsmanReferral, Learning)
class CaseRecordAdmin(admin.ModelAdmin):
    raw_id_fields = ("case",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
