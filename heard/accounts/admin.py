from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from heard.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Accounts and their roles. A role decides what a user sees (ADR 0006): there are no groups or
    per-user permissions, and only a superuser makes another."""

    list_display = ("username", "first_name", "last_name", "email", "role", "team", "is_active")
    list_filter = ("role", "team", "is_active")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Name and email", {"fields": ("first_name", "last_name", "email")}),
        ("Heard", {"fields": ("role", "team")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("Heard", {"fields": ("email", "role", "team")}))
    readonly_fields = ("last_login", "date_joined")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else (*fields, "is_superuser")
