from django.contrib import admin

from heard.chasing.models import ChasePolicy, EscalationStep


@admin.register(ChasePolicy)
class ChasePolicyAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "reminder_working_days",
        "repeat_every_working_days",
        "digest_weekday",
        "quarterly_packs",
    ]

    def has_add_permission(self, request):
        return not ChasePolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EscalationStep)
class EscalationStepAdmin(admin.ModelAdmin):
    list_display = ["service_area", "after_working_days", "recipient", "person"]
    list_filter = ["service_area", "recipient"]
    autocomplete_fields = ["person"]
