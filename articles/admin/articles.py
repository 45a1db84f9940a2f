from functools import partial

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from .. import editorial, notifications
from ..models import Article, ArticleTranslation, Revision
from . import attention, bulk, editor, helpfulness, history
from .inlines import PUBLISHING_FIELDS, ArticleImageInline, ArticleTranslationInline

SUBMIT_FOR_REVIEW = "_submit_review"


class ArticleForm(forms.ModelForm):
    revision_message = forms.CharField(
        label=_("Note about this change"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the revision; reviewers read it."),
    )
    user = None

    class Meta:
        model = Article
        fields = [
            "title",
            "slug",
            "section",
            "language",
            "body",
            "status",
            "visibility",
            "published_at",
            "unpublish_at",
            "promoted",
            "position",
            "labels",
            "author",
            "reviewed_at",
            "needs_update",
            "needs_update_note",
        ]

    def clean_language(self):
        language = self.cleaned_data["language"]
        if not editorial.may_edit_language(self.user, language):
            raise ValidationError(
                _("You may not edit articles in this language."),
                code="language_refused",
            )
        return language


class PublicationFilter(admin.SimpleListFilter):
    title = _("publication")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("scheduled", _("Scheduled")),
            ("published", _("Published")),
            ("unpublished", _("Unpublished")),
            ("pending", _("Awaiting review")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "draft":
            return queryset.filter(status=Article.Status.DRAFT)
        if value == "published":
            return queryset.published()
        if value in ("scheduled", "unpublished"):
            return queryset.scheduled() if value == "scheduled" else queryset.expired()
        if value == "pending":
            pending = Revision.objects.pending().filter(article=OuterRef("pk"))
            return queryset.filter(Exists(pending))
        return queryset


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = [
        "title",
        "section",
        "publication",
        "visibility",
        "promoted",
        "position",
        "vote_count",
        "helpful_share",
        "content_updated_at",
    ]
    list_filter = [
        PublicationFilter,
        "visibility",
        "needs_update",
        "promoted",
        "language",
        "section__category",
        "section",
    ]
    list_select_related = ["section"]
    search_fields = ["title", "labels", "body"]
    prepopulated_fields = {"slug": ["title"]}
    ordering = ["section__category__position", "section__position", "position"]
    date_hierarchy = "content_updated_at"
    raw_id_fields = ["author"]
    inlines = [ArticleTranslationInline, ArticleImageInline]
    actions = bulk.ACTIONS
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "language", "body"]}),
        (None, {"fields": ["revision_message"]}),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "visibility",
                    "published_at",
                    "unpublish_at",
                    "promoted",
                    "position",
                    "labels",
                    "author",
                ]
            },
        ),
        (
            _("Freshness"),
            {"fields": ["reviewed_at", "needs_update", "needs_update_note"]},
        ),
    ]

    class Media:
        css = {"all": ["css/admin-preview.css"]}
        js = ["js/admin-preview.js", "js/admin-editor.js"]

    def get_queryset(self, request):
        pending = Revision.objects.pending().filter(
            article=OuterRef("pk"), translation=None
        )
        return super().get_queryset(request).annotate(awaiting_review=Exists(pending))

    def get_object(self, request, object_id, from_field=None):
        """For someone who may not publish, the article with the change
        awaiting review in place of the published text, so that they go on
        from it; what was loaded stays the published text."""
        article = super().get_object(request, object_id, from_field)
        if article is None or editorial.may_publish(request.user):
            return article
        pending = Revision.objects.of(article).pending().first()
        if pending is not None and article.is_live():
            article.title, article.body = pending.title, pending.body
            article.visibility = pending.visibility or article.visibility
            article.showing_proposal = pending
        return article

    def has_delete_permission(self, request, obj=None):
        # Deleting a published article unpublishes it.
        if (
            obj is not None
            and obj.is_live()
            and not editorial.may_publish(request.user)
        ):
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return editorial.may_publish(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        return form

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not editorial.may_edit_language(
            request.user, obj.language
        ):
            return [f for f in ArticleForm.Meta.fields if f != "revision_message"]
        if editorial.may_publish(request.user):
            return []
        return [*PUBLISHING_FIELDS, "promoted"]

    def get_prepopulated_fields(self, request, obj=None):
        if "slug" in self.get_readonly_fields(request, obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["form_class"] = editor.BodyField
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "body":
            field.widget.attrs.update(editor.body_widget_attrs())
        return field

    @admin.display(description=_("publication"), ordering="status")
    def publication(self, obj):
        if getattr(obj, "awaiting_review", False):
            return _("%(state)s, change awaiting review") % {"state": obj.publication}
        return obj.publication

    @admin.display(description=_("helpful"), ordering="helpful_count")
    def helpful_share(self, obj):
        percent = obj.helpful_percent
        return "-" if percent is None else f"{percent}%"

    def view_on_site(self, obj):
        if obj.is_published():
            return obj.get_absolute_url()
        return reverse("admin:articles_article_preview", args=[obj.pk])

    def get_urls(self):
        def view(func, name, route):
            return path(route, self.admin_site.admin_view(func), name=name)

        return [
            view(self.preview_view, "articles_article_preview", "<int:pk>/preview/"),
            view(
                partial(history.article_history, self),
                "articles_article_revisions",
                "<int:pk>/revisions/",
            ),
            view(
                editor.markdown_preview,
                "articles_markdown_preview",
                "preview-markdown/",
            ),
            view(editor.image_upload, "articles_image_upload", "upload-image/"),
            view(editor.article_links, "articles_article_links", "links/"),
            view(
                partial(helpfulness.feedback_view, self),
                "articles_article_feedback",
                "feedback/",
            ),
            view(
                partial(attention.attention_view, self),
                "articles_article_attention",
                "attention/",
            ),
            *super().get_urls(),
        ]

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

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "may_publish": editorial.may_publish(request.user),
            "submit_for_review": SUBMIT_FOR_REVIEW,
        }
        if object_id:
            extra_context["proposals"] = (
                Revision.objects.filter(article=object_id)
                .filter(state__in=[Revision.State.PENDING, Revision.State.SENT_BACK])
                .select_related("author", "reviewed_by", "translation")[:10]
            )
        return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        submit = SUBMIT_FOR_REVIEW in request.POST
        if change and not form.has_changed() and not submit:
            return
        if obj.author_id is None:
            obj.author = request.user
        was_live = change and obj.is_live()
        proposal = editorial.save_edit(
            obj,
            user=request.user,
            message=form.cleaned_data.get("revision_message", ""),
            submit=submit,
        )
        if proposal is not None:
            request.awaiting_review = True
        elif was_live and {"title", "body"} & set(form.changed_data):
            notifications.article_updated(obj, request.user, request)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ArticleTranslation:
            for image_form in formset.forms:
                if image_form.instance.pk is None:
                    image_form.instance.uploaded_by = request.user
            return super().save_formset(request, form, formset, change)
        translations = formset.save(commit=False)
        for translation in formset.deleted_objects:
            translation.delete()
        for translation in translations:
            proposal = editorial.save_edit(
                translation,
                user=request.user,
                message=form.cleaned_data.get("revision_message", ""),
                submit=SUBMIT_FOR_REVIEW in request.POST,
            )
            if proposal is not None:
                request.awaiting_review = True
        return None

    def response_change(self, request, obj):
        self._tell_about_review(request)
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        self._tell_about_review(request)
        return super().response_add(request, obj, post_url_continue)

    def _tell_about_review(self, request):
        if getattr(request, "awaiting_review", False):
            self.message_user(
                request,
                _(
                    "Your change awaits review by someone who may publish it. "
                    "Readers see the published text until then."
                ),
                messages.INFO,
            )
