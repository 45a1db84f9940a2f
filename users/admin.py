from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "name",
                    "title",
                    "site_id",
                    "country",
                    "language",
                    "support_region",
                ]
            },
        ),
        (
            _("Permissions"),
            {
                "fields": [
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                    "edit_languages",
                ],
            },
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "name", "password1", "password2"],
            },
        ),
    ]
    list_display = ["email", "name", "site_id", "country", "is_staff"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups", "country"]
    search_fields = ["email", "name", "site_id"]
    ordering = ["email"]

    # Support staff may set a publisher's SID, and nothing else: the other
    # fields, staff accounts and permissions stay with administrators.
    STAFF_EDITABLE = {"site_id"}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "edit_languages":
            # Ticked boxes, stored as a list of language codes.
            return forms.TypedMultipleChoiceField(
                label=db_field.verbose_name,
                help_text=db_field.help_text,
                choices=settings.LANGUAGES,
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return [
                (None, {"fields": ["email"]}),
                (
                    _("Profile"),
                    {"fields": ["name", "site_id", "country", "language"]},
                ),
            ]
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not request.user.is_superuser:
            return ["email", "name", "country", "language"]
        return super().get_readonly_fields(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_staff and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        # Setting someone's password takes over their account: that stays
        # with administrators (publishers reset their own by email).
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
