from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import Attachment, Region, SupportRequest


@admin.register(Region)
class RegionAdmin(TranslationAdmin):
    list_display = [
        "name",
        "email",
        "toll_free_phone",
        "phone",
        "support_language",
        "is_default",
        "position",
    ]
    list_editable = ["position"]
    search_fields = ["name", "email", "languages"]
    fieldsets = [
        (None, {"fields": ["name", "description", "position", "is_default"]}),
        (_("Who is sent here"), {"fields": ["countries", "languages"]}),
        (
            _("Contacts"),
            {
                "fields": [
                    "email",
                    "toll_free_phone",
                    "phone",
                    "phone_option",
                    "support_language",
                    "hours",
                ]
            },
        ),
    ]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ["preview", "original_name", "size"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("screenshot"))
    def preview(self, obj):
        url = obj.get_absolute_url()
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">'
            '<img class="screenshot-preview" src="{}" alt="{}"></a>',
            url,
            url,
            obj.original_name,
        )


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    class Media:
        css = {"all": ["css/admin-support.css"]}

    list_display = [
        "reference",
        "subject",
        "email",
        "site_id",
        "region",
        "topic",
        "status",
        "created_at",
    ]
    list_filter = ["status", "region", "topic", "contact_method", "created_at"]
    list_select_related = ["region"]
    search_fields = ["=reference", "=site_id", "email", "subject"]
    date_hierarchy = "created_at"
    inlines = [AttachmentInline]
    fieldsets = [
        (
            None,
            {"fields": ["reference", "status", "region", "created_at", "updated_at"]},
        ),
        (_("From"), {"fields": ["user", "email", "site_id", "language"]}),
        (
            _("Request"),
            {
                "fields": [
                    "subject",
                    "topic",
                    "description",
                    "steps",
                    "error_message",
                    "browser",
                    "operating_system",
                ]
            },
        ),
        (_("Answer"), {"fields": ["contact_method", "phone", "preferred_time"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Staff change a request's status; the rest is what was sent.
        return [
            name
            for _title, options in self.fieldsets
            for name in options["fields"]
            if name != "status"
        ]

    def has_add_permission(self, request):
        return False
