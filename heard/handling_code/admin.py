"""The Code's sections and requirements are reference data: administrators edit them here (the
year's assessments are written on the staff pages, /staff/reports/code/)."""

from django.contrib import admin

from heard.handling_code.models import CodeSection, Requirement


class RequirementInline(admin.TabularInline):
    model = Requirement
    extra = 1
    fields = ("reference", "position", "summary")


@admin.register(CodeSection)
class CodeSectionAdmin(admin.ModelAdmin):
    list_display = ("number", "title")
    inlines = [RequirementInline]


@admin.register(Requirement)
class RequirementAdmin(admin.ModelAdmin):
    """A requirement assessed in any year cannot be deleted (the assessment keeps it)."""

    list_display = ("reference", "section", "summary")
    list_filter = ("section",)
    search_fields = ("reference", "summary")
