from django.contrib import admin

from heard.calendar.models import ClosureDay


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ("date", "description")
    date_hierarchy = "date"
