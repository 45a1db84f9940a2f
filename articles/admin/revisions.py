"""Revisions in the admin: the review queue (changes awaiting review), one
revision compared with what it changes, and publishing, sending back or
restoring it. Revisions themselves are never edited or deleted."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .. import editorial, notifications
from ..models import Revision


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("What should change?"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell the author what to change.")},
    )


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "state", "author", "created_at", "note"]
    list_filter = ["state", "language"]
    list_select_related = ["author"]
    search_fields = ["title", "message", "author__email", "author__name"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Never on their own; with their article, by whoever may delete it
        # (the admin asks about each revision then).
        return obj is not None and request.user.has_perm("articles.delete_article")

    def delete_view(self, request, object_id, extra_context=None):
        raise PermissionDenied

    def changelist_view(self, request, extra_context=None):
        if request.GET.get("state__exact") == Revision.State.PENDING:
            extra_context = {**(extra_context or {}), "title": _("Review queue")}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("note"))
    def note(self, obj):
        return obj.message[:120]

    def get_urls(self):
        def view(func, name):
            return path(
                f"<int:pk>/{name}/",
                self.admin_site.admin_view(require_POST(func)),
                name=f"articles_revision_{name.replace('-', '_')}",
            )

        return [
            view(self.publish_view, "publish"),
            view(self.send_back_view, "send-back"),
            view(self.restore_view, "restore"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        revision = get_object_or_404(
            Revision.objects.select_related(
                "article", "translation", "author", "reviewed_by"
            ),
            pk=object_id,
        )
        if request.method != "GET" or not self.has_view_permission(request, revision):
            raise PermissionDenied
        return self._detail(request, revision, SendBackForm())

    def _detail(self, request, revision, send_back_form) -> HttpResponse:
        if revision.is_pending:
            # What readers see now, against what is proposed.
            base, base_label = revision.target, _("Compared with the published text")
        else:
            base = (
                Revision.objects.of(revision.target)
                .filter(created_at__lt=revision.created_at)
                .first()
            )
            base_label = _("Compared with the previous revision")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Revision of “%(title)s”") % {"title": revision.title},
            "opts": self.opts,
            "revision": revision,
            "base": base,
            "base_label": base_label,
            "diff": editorial.compare(base, revision) if base else None,
            "may_review": revision.is_pending
            and editorial.may_publish(request.user)
            and editorial.may_edit_language(request.user, revision.language),
            "may_restore": not revision.is_pending
            and request.user.has_perm("articles.change_article")
            and editorial.may_edit_language(request.user, revision.language),
            "send_back_form": send_back_form,
        }
        return render(request, "admin/articles/revision/detail.html", context)

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        revision = get_object_or_404(Revision, pk=pk)
        editorial.publish(revision, by=request.user)
        revision.refresh_from_db()
        notifications.review_decided(revision, request)
        self.message_user(request, _("The change is published."), messages.SUCCESS)
        return redirect(self._queue_url())

    def send_back_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        revision = get_object_or_404(Revision, pk=pk)
        if not editorial.may_publish(request.user):
            raise PermissionDenied
        form = SendBackForm(request.POST)
        if not form.is_valid():
            return self._detail(request, revision, form)
        editorial.send_back(
            revision, by=request.user, comment=form.cleaned_data["comment"]
        )
        revision.refresh_from_db()
        notifications.review_decided(revision, request)
        self.message_user(
            request, _("The change is sent back to its author."), messages.SUCCESS
        )
        return redirect(self._queue_url())

    def restore_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        revision = get_object_or_404(Revision, pk=pk)
        if revision.is_pending or not request.user.has_perm("articles.change_article"):
            raise PermissionDenied  # a change awaiting review is published
        proposal = editorial.restore(revision, by=request.user)
        if proposal is None:
            message = _("The revision is restored, as a new revision.")
        else:
            message = _("The restored text awaits review before readers see it.")
        self.message_user(request, message, messages.SUCCESS)
        url = reverse("admin:articles_article_revisions", args=[revision.article_id])
        if revision.translation_id:
            url += f"?language={revision.language}"
        return redirect(url)

    def _queue_url(self) -> str:
        return reverse("admin:articles_revision_changelist") + "?state__exact=pending"
