from django.contrib import admin

from heard.notifications.models import Message, MessageStatus
from heard.notifications.services import message_retry


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["case", "kind", "to", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["case__reference", "to"]
    readonly_fields = [f.name for f in Message._meta.fields]
    actions = ["retry"]

    @admin.action(description="Try the selected messages again")
    def retry(self, request, queryset):
        for message in queryset.filter(status__in=[MessageStatus.GAVE_UP, MessageStatus.FAILED]):
            message_retry(message=message)
