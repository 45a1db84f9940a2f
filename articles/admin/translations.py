"""Translations on their own: outdated ones, scheduled ones, by language."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .. import editorial
from ..models import ArticleTranslation
from .editor import BodyField, body_widget_attrs
from .inlines import PUBLISHING_FIELDS


@admin.register(ArticleTranslation)
class ArticleTranslationAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "article",
        "language",
        "publication",
        "outdated",
        "content_updated_at",
    ]
    list_filter = ["outdated", "language", "status"]
    list_select_related = ["article"]
    search_fields = ["title", "article__title"]
    raw_id_fields = ["article"]
    fields = [
        "article",
        "language",
        "status",
        "published_at",
        "unpublish_at",
        "outdated",
        "title",
        "slug",
        "body",
    ]
    prepopulated_fields = {"slug": ["title"]}

    class Media:
        css = {"all": ["css/admin-preview.css"]}
        js = ["js/admin-preview.js", "js/admin-editor.js"]

    @admin.display(description=_("publication"), ordering="status")
    def publication(self, obj):
        return obj.publication

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        languages = request.user.edit_languages
        if languages and not request.user.is_superuser:
            queryset = queryset.filter(language__in=languages)
        return queryset

    def get_readonly_fields(self, request, obj=None):
        if editorial.may_publish(request.user):
            return []
        return PUBLISHING_FIELDS

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["form_class"] = BodyField
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body":
            field.widget.attrs.update(body_widget_attrs())
        if db_field.name == "language" and request.user.edit_languages:
            field.choices = [
                choice
                for choice in field.choices
                if editorial.may_edit_language(request.user, choice[0])
            ]
        return field

    def has_delete_permission(self, request, obj=None):
        return editorial.may_publish(request.user) and super().has_delete_permission(
            request, obj
        )

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return
        editorial.save_edit(obj, user=request.user)
