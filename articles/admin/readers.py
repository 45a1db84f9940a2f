from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import comments as comments_rules
from ..models import Comment, Vote


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
