from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from heard.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "role", "team", "is_active")
    list_filter = ("role", "team", "is_active")
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), ("Heard", {"fields": ("role", "team")}))
    add_fieldsets = (*BaseUserAdmin.add_fieldsets, ("Heard", {"fields": ("role", "team")}))
