from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationAdmin

from helpcenter.markup import MarkupTooComplex, render_markdown

from . import comments as comments_rules
from . import feedback, notifications
from .models import (
    Article,
    ArticleImage,
    ArticleTranslation,
    Category,
    Comment,
    SearchTerm,
    Section,
    Vote,
)


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "position", "section_count"]
    list_editable = ["position"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(section_total=Count("sections"))

    @admin.display(description=_("sections"), ordering="section_total")
    def section_count(self, obj):
        return obj.section_total


@admin.register(Section)
class SectionAdmin(TranslationAdmin):
    list_display = ["name", "category", "position", "article_count"]
    list_editable = ["position"]
    list_filter = ["category"]
    list_select_related = ["category"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["category__position", "position", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_total")
    def article_count(self, obj):
        return obj.article_total


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
                self.admin_site.admin_view(markdown_preview),
                name="articles_markdown_preview",
            ),
            path(
                "feedback/",
                self.admin_site.admin_view(self.feedback_view),
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

    def feedback_view(self, request: HttpRequest) -> HttpResponse:
        """Articles ranked by how surely readers find them helpful.

        The Wilson lower bound puts the least helpful first, and does not let
        one lucky vote outrank a long record.
        """
        if not request.user.has_perm("articles.view_vote"):
            raise PermissionDenied
        best_first = request.GET.get("order") == "best"
        ranked = feedback.with_wilson_score(
            Article.objects.filter(vote_count__gt=0).select_related("section")
        ).order_by("-wilson" if best_first else "wilson", "-vote_count", "pk")
        page = Paginator(ranked, per_page=50).get_page(request.GET.get("page"))
        ids = [article.pk for article in page]
        reasons = {pk: [] for pk in ids}
        rows = (
            Vote.objects.filter(article__in=ids, helpful=False)
            .exclude(reason="")
            .values_list("article", "reason")
            .annotate(n=Count("pk"))
            .order_by("article", "-n")
        )
        labels = dict(Vote.Reason.choices)
        for article_id, reason, n in rows:
            reasons[article_id].append((labels.get(reason, reason), n))
        answers = {pk: [] for pk in ids}
        texts = (
            Vote.objects.filter(article__in=ids, helpful=False)
            .exclude(details="")
            .order_by("-updated_at")
            .values_list("article", "reason", "details", "updated_at")
        )
        for article_id, reason, details, when in texts[: 20 * len(ids)]:
            if len(answers[article_id]) < 5:
                answers[article_id].append((labels.get(reason, ""), details, when))
        for article in page:
            article.reasons = reasons[article.pk]
            article.answers = answers[article.pk]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Feedback"),
            "opts": self.model._meta,
            "page": page,
            "best_first": best_first,
        }
        return render(request, "admin/articles/feedback.html", context)

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


@staff_member_required
@require_POST
def markdown_preview(request: HttpRequest) -> JsonResponse:
    """Render the editor's unsaved Markdown with the renderer the site uses."""
    try:
        html = render_markdown(request.POST.get("body", ""))
    except MarkupTooComplex as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"html": html})


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


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["article", "author", "status", "created_at", "moderated_by"]
    list_filter = ["status"]
    list_select_related = ["article", "author", "moderated_by"]
    search_fields = ["body", "author__email", "author__name", "article__title"]
    raw_id_fields = ["article", "author"]
    fields = [
        "article",
        "author",
        "body",
        "status",
        "created_at",
        "edited_at",
        "edited_by",
        "moderated_by",
        "moderated_at",
    ]
    # Status changes go through the actions, which record who and when and
    # tell the author.
    readonly_fields = [
        "status",
        "created_at",
        "edited_at",
        "edited_by",
        "moderated_by",
        "moderated_at",
    ]
    actions = ["approve", "reject", "mark_spam"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return [*self.readonly_fields, "article", "author"]

    def has_moderate_permission(self, request):
        return request.user.has_perm("articles.moderate_comment")

    def save_model(self, request, obj, form, change):
        if change and "body" in form.changed_data:
            obj.edited_at = timezone.now()
            obj.edited_by = request.user
        super().save_model(request, obj, form, change)

    def _moderate(self, request, queryset, action):
        changed = comments_rules.moderate(
            queryset.select_related("article", "author"), action, request.user, request
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d comment changed.", "%(count)d comments changed.", changed
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Approve selected comments"), permissions=["moderate"])
    def approve(self, request, queryset):
        self._moderate(request, queryset, comments_rules.Action.APPROVE)

    @admin.action(description=_("Reject selected comments"), permissions=["moderate"])
    def reject(self, request, queryset):
        self._moderate(request, queryset, comments_rules.Action.REJECT)

    @admin.action(
        description=_("Mark selected comments as spam"), permissions=["moderate"]
    )
    def mark_spam(self, request, queryset):
        self._moderate(request, queryset, comments_rules.Action.SPAM)


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    """Read-only: votes change only through the site, with their counters."""

    list_display = ["article", "user", "helpful", "reason", "updated_at"]
    list_filter = ["helpful", "reason"]
    list_select_related = ["article", "user"]
    search_fields = ["article__title", "user__email", "details"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FoundNothingFilter(admin.SimpleListFilter):
    title = _("results")
    parameter_name = "found"

    def lookups(self, request, model_admin):
        return [("none", _("Found nothing last time")), ("some", _("Found something"))]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(last_results=0)
        if self.value() == "some":
            return queryset.filter(last_results__gt=0)
        return queryset


@admin.register(SearchTerm)
class SearchTermAdmin(admin.ModelAdmin):
    """What readers search for, so staff know which articles to write."""

    list_display = [
        "query",
        "count",
        "empty_count",
        "last_results",
        "last_searched_at",
    ]
    list_filter = [FoundNothingFilter]
    search_fields = ["query"]
    ordering = ["-count"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
