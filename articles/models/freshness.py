"""What the Needs attention page shows beside the articles' own flags."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BrokenLink(models.Model):
    """A link or image in a published text that does not lead where readers
    of that text can go. Found by `manage.py check_links`, which replaces
    them all on each run."""

    class Reason(models.TextChoices):
        MISSING = "missing", _("The linked article does not exist")
        UNPUBLISHED = "unpublished", _("The linked article is not published")
        LESS_VISIBLE = (
            "less_visible",
            _("The linked article is hidden from some readers of this one"),
        )
        MISSING_IMAGE = "missing_image", _("The image file is missing")

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="broken_links",
        verbose_name=_("article"),
    )
    translation = models.ForeignKey(
        "articles.ArticleTranslation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="broken_links",
        verbose_name=_("translation"),
    )
    language = models.CharField(_("language"), max_length=10)
    url = models.CharField(_("address"), max_length=2_000)
    reason = models.CharField(_("problem"), max_length=20, choices=Reason)
    found_at = models.DateTimeField(_("found"), default=timezone.now)

    class Meta:
        ordering = ["article", "language", "url"]
        verbose_name = _("broken link")
        verbose_name_plural = _("broken links")

    def __str__(self):
        return f"{self.url} in {self.article}"
