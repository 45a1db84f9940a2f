"""What readers add to articles: votes, follows and comments."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpcenter.markup import render_markdown, validate_markdown

from .articles import Article


class Vote(models.Model):
    """A reader's answer to "Was this article helpful?"; one per article."""

    class Reason(models.TextChoices):
        MORE_INFORMATION = "more_information", _("It needs more information")
        INACCURATE = "inaccurate", _("It is inaccurate or outdated")
        HARD_TO_UNDERSTAND = "hard_to_understand", _("It is hard to understand")
        BROKEN = "broken", _("A link or image is broken")
        OTHER = "other", _("Something else")

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("article"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("user"),
    )
    helpful = models.BooleanField(_("helpful"))
    # What went wrong, after a No: for staff, never published.
    reason = models.CharField(_("reason"), max_length=30, choices=Reason, blank=True)
    details = models.TextField(_("details"), max_length=2_000, blank=True)
    created_at = models.DateTimeField(_("voted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="vote_one_per_user_and_article"
            ),
            models.CheckConstraint(
                condition=Q(helpful=False) | (Q(reason="") & Q(details="")),
                name="vote_reason_only_when_not_helpful",
            ),
        ]

    def __str__(self):
        return f"{self.user} on {self.article}: {self.helpful}"


class Follow(models.Model):
    """A user who gets an email for new comments and updates of an article."""

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("article"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follows",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="follow_one_per_user_and_article"
            ),
        ]

    def __str__(self):
        return f"{self.user} follows {self.article}"


def is_moderator(user) -> bool:
    """Managers: staff with the moderate_comment permission.

    Checking is_staff first spares publishers' pages the permission queries.
    """
    return user.is_staff and user.has_perm("articles.moderate_comment")


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def shown_to(self, user):
        """Published comments, and the user's own that await moderation."""
        if not user.is_authenticated:
            return self.published()
        return self.filter(
            Q(status=Comment.Status.PUBLISHED)
            | Q(status=Comment.Status.PENDING, author=user)
        )


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("article"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("author"),
    )
    body = models.TextField(
        _("comment"), max_length=10_000, validators=[validate_markdown]
    )
    body_html = models.TextField(editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("edited by"),
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", _("Can moderate comments"))]
        indexes = [
            models.Index(fields=["article", "status", "created_at"]),
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["author", "status"]),
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:comment", kwargs={"pk": self.pk})

    def can_be_changed_by(self, user) -> bool:
        """Authors change their own comments; managers change any."""
        return user.is_authenticated and (
            user.pk == self.author_id or is_moderator(user)
        )

    @property
    def edited_by_someone_else(self) -> bool:
        return self.edited_by_id is not None and self.edited_by_id != self.author_id
