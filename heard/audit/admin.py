from django.contrib import admin

from heard.audit.models import CaseAccess


@admin.register(CaseAccess)
class CaseAccessAdmin(admin.ModelAdmin):
    """Read-only: the access log can be searched here but not changed."""

    list_display = ("at", "user_name", "action", "case_reference", "what")
    list_filter = ("action",)
    search_fields = ("case_reference", "user_name")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
