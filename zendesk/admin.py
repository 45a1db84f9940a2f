from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ApiToken, ZendeskRecord


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Staff see everyone's tokens and revoke them; nobody sees a secret."""

    list_display = [
        "name",
        "user",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__email", "prefix"]
    list_select_related = ["user"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # people make their own, on their account page

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            token.revoke()
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(ZendeskRecord)
class ZendeskRecordAdmin(admin.ModelAdmin):
    list_display = ["kind", "zendesk_id", "object_id", "imported_at"]
    list_filter = ["kind"]
    search_fields = ["=zendesk_id", "=object_id"]
    readonly_fields = [
        "kind",
        "zendesk_id",
        "object_id",
        "digest",
        "extra",
        "imported_at",
    ]

    def has_add_permission(self, request):
        return False
