from django.contrib import admin
from django.utils import timezone

from heard.retention.models import RetentionRule


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    """A change of rule is a new rule from a date: rules already in force are not edited, so what
    each disposal followed stays known."""

    list_display = ("record_class", "keep_years", "effective_from", "source")
    list_filter = ("record_class",)

    def _in_force(self, obj) -> bool:
        return obj is not None and obj.effective_from <= timezone.localdate()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._in_force(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._in_force(obj)
