from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from helpcenter.markup import validate_markdown

from .articles import Article, render_body


class ArticleTranslationQuerySet(models.QuerySet):
    def published(self, language: str | None = None):
        """Published translations (into `language`, if given). Whether the
        article itself may be read is still visible_to()'s question."""
        published = self.filter(status=ArticleTranslation.Status.PUBLISHED)
        return published.filter(language=language) if language else published


class ArticleTranslation(models.Model):
    """The article in another language: its own title, address and body.

    Who may read it is the article's business (its visibility and status);
    a translation only adds its own draft/published state on top. Votes and
    comments belong to the article, whatever language they were written in.
    """

    Status = Article.Status

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
        ]
        indexes = [
            models.Index(fields=["language", "status"], name="translation_language"),
        ]

    def __str__(self):
        return f"{self.title} ({self.language})"

    def save(self, *args, **kwargs):
        render_body(self, kwargs)
        super().save(*args, **kwargs)
        from articles import search

        search.index_translations(ArticleTranslation.objects.filter(pk=self.pk))

    def get_absolute_url(self):
        with override(self.language):
            return reverse(
                "articles:detail", kwargs={"pk": self.article_id, "slug": self.slug}
            )

    def delete(self, *args, **kwargs):
        from articles import search

        result = super().delete(*args, **kwargs)
        search.translations_changed()
        return result

    def clean(self):
        if self.article_id and self.language == self.article.language:
            raise ValidationError(
                {"language": _("The article itself is written in this language.")}
            )
