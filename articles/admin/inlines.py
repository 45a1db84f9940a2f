"""The article page's inlines: its translations and its images."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import editorial
from ..models import ArticleImage, ArticleTranslation
from .editor import BodyField

# What only people who may publish set, on articles and translations.
PUBLISHING_FIELDS = ["status", "published_at", "unpublish_at"]


class ArticleImageInline(admin.TabularInline):
    model = ArticleImage
    extra = 1
    fields = ["image", "alt", "markdown_snippet"]
    readonly_fields = ["markdown_snippet"]

    @admin.display(description=_("Paste into the body"))
    def markdown_snippet(self, obj):
        if not obj.pk:
            return _("Save to get the Markdown for this image.")
        return format_html("<code>{}</code>", obj.markdown)


class TranslationFormSet(forms.BaseInlineFormSet):
    """Refuses changes in languages the editor may not edit."""

    user = None

    def clean(self):
        super().clean()
        for form in self.forms:
            if not form.has_changed() or not hasattr(form, "cleaned_data"):
                continue
            language = form.cleaned_data.get("language") or form.instance.language
            if language and not editorial.may_edit_language(self.user, language):
                raise ValidationError(
                    _("You may not edit the %(language)s translation."),
                    code="language_refused",
                    params={"language": language},
                )


class ArticleTranslationInline(admin.StackedInline):
    """The article in other languages, each published on its own."""

    model = ArticleTranslation
    formset = TranslationFormSet
    extra = 0
    fields = [
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
    verbose_name = _("translation")
    verbose_name_plural = _("translations")

    def get_readonly_fields(self, request, obj=None):
        if editorial.may_publish(request.user):
            return []
        return PUBLISHING_FIELDS

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["form_class"] = BodyField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.user = request.user
        return formset

    def has_delete_permission(self, request, obj=None):
        # Deleting a translation unpublishes it.
        return editorial.may_publish(request.user) and super().has_delete_permission(
            request, obj
        )
