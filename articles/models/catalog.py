"""Categories and sections: the help center's table of contents."""

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .articles import Article


class CategoryQuerySet(models.QuerySet):
    def with_visible_sections(self, user):
        """Categories holding at least one article the user may read."""
        visible = Article.objects.visible_to(user).filter(
            section__category=OuterRef("pk")
        )
        return self.filter(models.Exists(visible))


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"pk": self.pk, "slug": self.slug})


class SectionQuerySet(models.QuerySet):
    def with_article_counts(self, user):
        """Sections with `article_count` of articles the user may read; empty
        sections are left out, so a visitor never sees a section of only
        gated articles."""
        counts = (
            Article.objects.visible_to(user)
            .filter(section=OuterRef("pk"))
            .order_by()
            .values("section")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(article_count=Coalesce(Subquery(counts), 0)).filter(
            article_count__gt=0
        )


class Section(models.Model):
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="sections",
        verbose_name=_("category"),
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"pk": self.pk, "slug": self.slug})
