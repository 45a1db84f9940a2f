from functools import partial

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import notifications
from ..models import Article, ArticleImage, ArticleTranslation
from . import editor, helpfulness


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


class ArticleTranslationInline(admin.StackedInline):
    """The article in other languages, each published on its own."""

    model = ArticleTranslation
    extra = 0
    fields = ["language", "status", "title", "slug", "body"]
    prepopulated_fields = {"slug": ["title"]}
    verbose_name = _("translation")
    verbose_name_plural = _("translations")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "section",
        "status",
        "visibility",
        "promoted",
        "position",
        "vote_count",
        "helpful_share",
        "updated_at",
    ]
    list_filter = ["status", "visibility", "promoted", "section__category", "section"]
    list_select_related = ["section"]
    search_fields = ["title", "labels", "body"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["section__category__position", "section__position", "position"]
    date_hierarchy = "updated_at"
    raw_id_fields = ["author"]
    inlines = [ArticleTranslationInline, ArticleImageInline]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "language", "body"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "visibility",
                    "published_at",
                    "promoted",
                    "position",
                    "labels",
                    "author",
                ]
            },
        ),
    ]

    class Media:
        css = {"all": ["css/admin-preview.css"]}
        js = ["js/admin-preview.js"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body":
            # Labels for admin-preview.js, so that they are translated too.
            field.widget.attrs.update(
                {
                    "rows": 24,
                    "data-preview-url": reverse("admin:articles_markdown_preview"),
                    "data-preview-label": _("Preview"),
                    "data-preview-busy": _("Rendering…"),
                    "data-preview-done": _("Preview updated."),
                    "data-preview-refused": _("This body cannot be saved as it is."),
                    "data-preview-failed": _(
                        "The preview could not be loaded. Try again."
                    ),
                }
            )
        return field

    @admin.display(description=_("helpful"), ordering="helpful_count")
    def helpful_share(self, obj):
        percent = obj.helpful_percent
        return "-" if percent is None else f"{percent}%"

    def view_on_site(self, obj):
        if obj.is_published():
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "preview-markdown/",
                self.admin_site.admin_view(editor.markdown_preview),
                name="articles_markdown_preview",
            ),
            path(
                "feedback/",
                self.admin_site.admin_view(partial(helpfulness.feedback_view, self)),
                name="articles_article_feedback",
            ),
        ]
        return urls + super().get_urls()

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The article as readers will see it, drafts included."""
        article = get_object_or_404(
            Article.objects.select_related("section__category", "author"), pk=pk
        )
        if not self.has_view_or_change_permission(request, article):
            return HttpResponse(status=403)
        return render(
            request,
            "articles/article_detail.html",
            {"article": article, "related": [], "comments": [], "preview": True},
        )

    def save_model(self, request, obj, form, change):
        if obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
        if change and {"title", "body"} & set(form.changed_data):
            notifications.article_updated(obj, request.user, request)

    def save_formset(self, request, form, formset, change):
        for image_form in formset.forms:
            if image_form.instance.pk is None:
                image_form.instance.uploaded_by = request.user
        super().save_formset(request, form, formset, change)
