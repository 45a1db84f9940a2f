from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import ArticleImage


@admin.register(ArticleImage)
class ArticleImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt", "article", "uploaded_by", "created_at"]
    list_select_related = ["article", "uploaded_by"]
    search_fields = ["alt", "article__title"]
    autocomplete_fields = ["article"]
    fields = ["image", "alt", "article", "thumbnail", "markdown_snippet"]
    readonly_fields = ["thumbnail", "markdown_snippet"]

    @admin.display(description=_("preview"))
    def thumbnail(self, obj):
        if not obj.pk:
            return "-"
        return format_html(
            '<img class="article-thumb" src="{}" alt="">',
            obj.image.url,
        )

    @admin.display(description=_("Markdown"))
    def markdown_snippet(self, obj):
        if not obj.pk:
            return _("Save to get the Markdown for this image.")
        return format_html("<code>{}</code>", obj.markdown)

    def save_model(self, request, obj, form, change):
        if obj.uploaded_by_id is None:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
