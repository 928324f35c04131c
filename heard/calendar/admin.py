from django.contrib import admin

from heard.calendar.models import ClosureDay
from heard.calendar.selectors import closure_days_changed


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ("date", "description")
    date_hierarchy = "date"

    # The closure days are kept in each process for a minute: this one reads the change at once.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        closure_days_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        closure_days_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        closure_days_changed()
