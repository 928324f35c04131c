from django.contrib import admin

from heard.letters.models import ChecklistPoint, LetterSettings, LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    """The council's wording of each letter; a merge field that does not exist is refused on save
    (the model's clean). Officers edit the same templates on the Letters page, with a preview."""

    list_display = ("kind", "subject", "updated_at", "updated_by")
    readonly_fields = ("updated_at", "updated_by")

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ChecklistPoint)
class ChecklistPointAdmin(admin.ModelAdmin):
    """The points the feedback team checks every letter against."""

    list_display = ("text", "position", "active")
    list_editable = ("position", "active")


@admin.register(LetterSettings)
class LetterSettingsAdmin(admin.ModelAdmin):
    """One row: whether letters are quality-checked before they are sent."""

    list_display = ("__str__", "quality_check")

    def has_add_permission(self, request):
        return not LetterSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
