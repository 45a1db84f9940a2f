"""Revisions: every saved change of an article or translation, and the
changes proposed by people who may not publish, awaiting review.

One model for both, as in Kitsune: a proposed change is a revision that is
not yet the article's text. Publishing it copies it onto the article.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .articles import Article
from .common import Visibility


class RevisionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=Revision.State.PENDING)

    def of(self, target):
        """The revisions of one article (not its translations) or translation."""
        if isinstance(target, Article):
            return self.filter(article=target, translation=None)
        return self.filter(translation=target)

    def record(self, target, *, author=None, message="", state=None) -> "Revision":
        """Keep `target`'s current text (saved, or proposed when `state` is
        PENDING, which replaces an earlier proposal of the same text)."""
        state = state or Revision.State.SAVED
        pending = self.of(target).pending()
        if state == Revision.State.PENDING or not target.is_live():
            # A draft's proposal is stale once the draft changes.
            pending.update(state=Revision.State.SUPERSEDED)
        is_article = isinstance(target, Article)
        return self.create(
            article=target if is_article else target.article,
            translation=None if is_article else target,
            language=target.language,
            title=target.title,
            body=target.body,
            status=target.status,
            visibility=target.visibility if is_article else "",
            author=author if author and author.is_authenticated else None,
            message=message,
            state=state,
        )


class Revision(models.Model):
    class State(models.TextChoices):
        SAVED = "saved", _("Saved")
        PENDING = "pending", _("Awaiting review")
        PUBLISHED = "published", _("Published after review")
        SENT_BACK = "sent_back", _("Sent back")
        SUPERSEDED = "superseded", _("Replaced by a later change")

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("article"),
    )
    # Empty for the article itself; set for a revision of a translation.
    translation = models.ForeignKey(
        "articles.ArticleTranslation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("translation"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    status = models.CharField(_("status"), max_length=20, choices=Article.Status)
    visibility = models.CharField(
        _("visible to"), max_length=20, choices=Visibility, blank=True
    )
    message = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=20, choices=State, default=State.SAVED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        indexes = [
            models.Index(
                fields=["article", "translation", "-created_at"],
                name="revision_history",
            ),
            models.Index(fields=["state", "created_at"], name="revision_state"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    state__in=[
                        "saved",
                        "pending",
                        "published",
                        "sent_back",
                        "superseded",
                    ]
                ),
                name="revision_state_valid",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.language}, {self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("admin:articles_revision_change", args=[self.pk])

    @property
    def target(self):
        return self.translation or self.article

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING
