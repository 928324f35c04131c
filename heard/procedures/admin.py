from django.contrib import admin

from heard.procedures.models import RuleSet, StageRule


class StageRuleInline(admin.StackedInline):
    model = StageRule
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    list_display = ("name", "procedure", "effective_from", "acknowledgement_days")
    list_filter = ("procedure",)
    inlines = [StageRuleInline]
