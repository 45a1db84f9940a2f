"""Bulk actions on the article list, each confirmed on a page of its own.

Each change goes through the editorial rules one article at a time (a
revision for each, refusals for what the person may not do), all in one
transaction: nothing is half-done.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import editorial
from ..models import Article, Revision, Section, Visibility


class SectionForm(forms.Form):
    section = forms.ModelChoiceField(
        label=_("Move to section"), queryset=Section.objects.select_related("category")
    )


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(label=_("Visible to"), choices=Visibility)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note for the reviewer"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _confirmed(model_admin, request, queryset, *, title, change, form_class=None):
    """The confirmation page, or, once confirmed, the change applied to each
    article (None: back to the list)."""
    confirmed = request.POST.get("confirm") == "yes"
    form = form_class(request.POST if confirmed else None) if form_class else None
    if confirmed and (form is None or form.is_valid()):
        data = form.cleaned_data if form else {}
        with transaction.atomic():
            articles = list(queryset.select_for_update())
            for article in articles:
                change(article, data)
        model_admin.message_user(
            request,
            ngettext(
                "%(count)d article changed.",
                "%(count)d articles changed.",
                len(articles),
            )
            % {"count": len(articles)},
            messages.SUCCESS,
        )
        return None
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.opts,
        "articles": queryset.select_related("section"),
        "action": request.POST.get("action", ""),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "form": form,
    }
    return TemplateResponse(
        request, "admin/articles/article/bulk_confirm.html", context
    )


@admin.action(description=_("Publish selected articles"), permissions=["publish"])
def publish(model_admin, request, queryset):
    def change(article, data):
        article.status = Article.Status.PUBLISHED
        editorial.save_edit(
            article, user=request.user, message=_("Published from the list.")
        )

    return _confirmed(
        model_admin,
        request,
        queryset,
        title=_("Publish these articles?"),
        change=change,
    )


@admin.action(description=_("Unpublish selected articles"), permissions=["publish"])
def unpublish(model_admin, request, queryset):
    def change(article, data):
        article.status = Article.Status.DRAFT
        editorial.save_edit(
            article, user=request.user, message=_("Unpublished from the list.")
        )

    return _confirmed(
        model_admin,
        request,
        queryset,
        title=_("Unpublish these articles? Readers will no longer see them."),
        change=change,
    )


@admin.action(
    description=_("Move selected articles to a section"), permissions=["change"]
)
def move_to_section(model_admin, request, queryset):
    def change(article, data):
        editorial.check_may_edit(request.user, article)
        article.section = data["section"]
        article.save(update_fields=["section"])

    return _confirmed(
        model_admin,
        request,
        queryset,
        title=_("Move these articles to another section?"),
        change=change,
        form_class=SectionForm,
    )


@admin.action(
    description=_("Change who may see the selected articles"), permissions=["publish"]
)
def change_visibility(model_admin, request, queryset):
    def change(article, data):
        article.visibility = data["visibility"]
        editorial.save_edit(
            article, user=request.user, message=_("Visibility changed from the list.")
        )

    return _confirmed(
        model_admin,
        request,
        queryset,
        title=_("Change who may see these articles?"),
        change=change,
        form_class=VisibilityForm,
    )


@admin.action(
    description=_("Submit selected drafts for review"), permissions=["change"]
)
def submit_for_review(model_admin, request, queryset):
    def change(article, data):
        editorial.check_may_edit(request.user, article)
        if article.status == Article.Status.DRAFT:
            Revision.objects.record(
                article,
                author=request.user,
                message=data["note"],
                state=Revision.State.PENDING,
            )

    return _confirmed(
        model_admin,
        request,
        queryset.filter(status=Article.Status.DRAFT),
        title=_("Submit these drafts for review?"),
        change=change,
        form_class=NoteForm,
    )


@admin.action(
    description=_("Mark selected articles as reviewed"), permissions=["change"]
)
def mark_reviewed(model_admin, request, queryset):
    def change(article, data):
        editorial.check_may_edit(request.user, article)
        article.needs_update = False
        article.reviewed_at = timezone.now()
        article.save(update_fields=["needs_update", "reviewed_at"])

    return _confirmed(
        model_admin,
        request,
        queryset,
        title=_("Mark these articles as reviewed and still right?"),
        change=change,
    )


ACTIONS = [
    publish,
    unpublish,
    change_visibility,
    move_to_section,
    submit_for_review,
    mark_reviewed,
]
