"""What search keeps: the words it knows and what people look for."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SearchWord(models.Model):
    """A word of the articles (titles, labels, sections, bodies), for typos."""

    word = models.CharField(max_length=60, unique=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self):
        return self.word


class SearchTerm(models.Model):
    """What people search for, counted; no personal data is kept."""

    query = models.CharField(_("search"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("searches"), default=0)
    empty_count = models.PositiveIntegerField(
        _("searches that found nothing"), default=0
    )
    last_results = models.PositiveIntegerField(_("results last time"), default=0)
    last_searched_at = models.DateTimeField(_("last searched"), default=timezone.now)

    class Meta:
        ordering = ["-count"]
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")
        indexes = [
            models.Index(fields=["-count"]),
            models.Index(fields=["last_results"]),
        ]

    def __str__(self):
        return self.query


class Citation(models.Model):
    """One article's body links to another: search ranks an article that
    many others point to a little higher (Article.citations counts them)."""

    source = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="citing"
    )
    target = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="cited"
    )

    class Meta:
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="citation_once"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")),
                name="citation_not_self",
            ),
        ]

    def __str__(self):
        return f"{self.source_id} → {self.target_id}"
