from functools import partial

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from helpcenter.markup import validate_markdown

from .articles import Article
from .common import UNPUBLISH_AFTER_PUBLISH, publication_state, render_body
from .revised import Revised


class ArticleTranslationQuerySet(models.QuerySet):
    def published(self, language: str | None = None):
        """Published translations (into `language`, if given). Whether the
        article itself may be read is still visible_to()'s question."""
        published = self.filter(
            Q(published_at__isnull=True) | Q(published_at__lte=Now()),
            Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=Now()),
            status=ArticleTranslation.Status.PUBLISHED,
        )
        return published.filter(language=language) if language else published

    def outdated(self):
        return self.filter(outdated=True)


class ArticleTranslation(Revised, models.Model):
    """The article in another language: its own title, address and body.

    Who may read it is the article's business (its visibility and status);
    a translation only adds its own draft/published state on top. Votes and
    comments belong to the article, whatever language they were written in.
    """

    Status = Article.Status
    revised_fields = ("title", "body", "status")

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="translations",
        verbose_name=_("article"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=False,
        help_text=_("Part of the address in this language."),
    )
    body = models.TextField(
        _("body"),
        help_text=_("Markdown, as in the original."),
        validators=[validate_markdown],
    )
    body_html = models.TextField(editable=False)
    body_text = models.TextField(editable=False, default="")
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        help_text=_("Set when first published; a future date schedules it."),
    )
    unpublish_at = models.DateTimeField(
        _("unpublish at"),
        null=True,
        blank=True,
        help_text=_("Optional: readers no longer see it from then on."),
    )
    outdated = models.BooleanField(
        _("outdated"),
        default=False,
        help_text=_(
            "The original changed since this translation was last saved. "
            "Saving a change of the translation clears it."
        ),
    )
    content_updated_at = models.DateTimeField(
        _("text updated"), default=timezone.now, editable=False
    )
    search_vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ArticleTranslationQuerySet.as_manager()

    class Meta:
        ordering = ["language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "language"], name="translation_one_per_language"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]),
                name="translation_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(unpublish_at__gt=models.F("published_at")),
                name="translation_unpublished_after_published",
                violation_error_message=UNPUBLISH_AFTER_PUBLISH,
            ),
        ]
        indexes = [
            models.Index(fields=["language", "status"], name="translation_language"),
        ]

    def __str__(self):
        return f"{self.title} ({self.language})"

    def save(self, *args, by=None, message="", record=True, **kwargs):
        render_body(self, kwargs)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.save_revised(
            partial(super().save, *args), kwargs, by=by, message=message, record=record
        )

    def get_absolute_url(self):
        with override(self.language):
            return reverse(
                "articles:detail", kwargs={"pk": self.article_id, "slug": self.slug}
            )

    def text_changed(self):
        # The translator's change brings it up to date with the original.
        if self.outdated:
            type(self).objects.filter(pk=self.pk).update(outdated=False)
            self.outdated = False

    @property
    def publication(self) -> str:
        return publication_state(self)

    def clean(self):
        if self.article_id and self.language == self.article.language:
            raise ValidationError(
                {"language": _("The article itself is written in this language.")}
            )
