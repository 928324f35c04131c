from django.contrib import admin

from heard.procedures.models import RuleSet, StageRule
from heard.procedures.selectors import rule_book_changed


class StageRuleInline(admin.StackedInline):
    model = StageRule
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ("name", "procedure", "effective_from", "acknowledgement_days")
    list_filter = ("procedure",)
    inlines = [StageRuleInline]

    # The rule book is kept in each process for a minute: this one reads the change at once.
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        rule_book_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        rule_book_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        rule_book_changed()
