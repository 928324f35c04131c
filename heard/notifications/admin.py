from django.contrib import admin
from django.utils.html import format_html_join

from heard.notifications.models import PLACEHOLDERS, Message, MessageStatus, MessageTemplate
from heard.notifications.services import message_retry, message_templates


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """The outbox's state, to see what failed and try it again. Who a message went to and what it
    said are personal data, shown on the case's page, not here."""

    list_display = ["reference", "kind", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["case__reference"]
    fields = readonly_fields = (
        "reference",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "provider",
        "last_error",
    )
    list_select_related = ["case"]
    actions = ["retry"]

    @admin.display(description="Case")
    def reference(self, obj):
        return obj.case.reference if obj.case_id else "–"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Try the selected messages again")
    def retry(self, request, queryset):
        for message in queryset.filter(status__in=[MessageStatus.GAVE_UP, MessageStatus.FAILED]):
            message_retry(message=message)


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    """The words of the reminders, escalations, digests and packs the daily sweep sends."""

    list_display = ["__str__", "subject"]
    readonly_fields = ["kind", "placeholders"]
    fields = ["kind", "subject", "body", "placeholders"]

    def changelist_view(self, request, extra_context=None):
        message_templates()  # every kind is listed, with Heard's words until the council edits them
        return super().changelist_view(request, extra_context)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Placeholders you can use")
    def placeholders(self, obj):
        return format_html_join("", "<p>(({})) – {}</p>", sorted(PLACEHOLDERS.get(obj.kind, {}).items()))
