from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from helpcenter.markup import validate_markdown

from .common import (
    UNPUBLISH_AFTER_PUBLISH,
    Visibility,
    publication_state,
    render_body,
    visibilities_for,
)
from .revised import Revised

if TYPE_CHECKING:
    from .translations import ArticleTranslation


def where_sql(queryset, connection) -> tuple[str, tuple]:
    """The WHERE conditions of `queryset` (e.g. `visible_to(user)`) as SQL
    and parameters compiled for `connection`: the contract between
    visible_to() and the SQL search writes around it (articles.search).

    The conditions may read only the queryset's own table (subqueries are
    fine): a join would need tables search does not name (ValueError).
    """
    query = queryset.order_by().query
    if any(n for alias, n in query.alias_refcount.items() if alias != query.base_table):
        raise ValueError("These conditions need a join.")
    return query.get_compiler(connection=connection).compile(query.where)


class ArticleQuerySet(models.QuerySet):
    def published(self):
        # The database's clock, not a parameter: the SQL of visible_to() is
        # then the same for everyone with the same access, which lets search
        # build it once (see where_sql() below). It also makes a
        # schedule take effect when due, with no job to run.
        return self.filter(
            Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=Now()),
            status=Article.Status.PUBLISHED,
            published_at__lte=Now(),
        )

    def visible_to(self, user):
        """Published articles whose visibility lets `user` read them.

        Drafts and scheduled articles are never shown on the site, not even
        to staff: they see those through the admin preview.
        """
        return self.published().filter(visibility__in=visibilities_for(user))

    def next_scheduled_change(self):
        """When the next scheduled article or translation appears or goes
        (None: nothing is scheduled). Cached pages expire then."""
        translations = self.model._meta.get_field("translations").related_model
        times = [
            queryset.filter(status=Article.Status.PUBLISHED, **{f"{field}__gt": Now()})
            .order_by()
            .values_list(field, flat=True)
            for queryset in (self, translations.objects.all())
            for field in ("published_at", "unpublish_at")
        ]
        # One query; only what is still to come, which is little.
        return min(times[0].union(*times[1:]), default=None)

    def scheduled(self):
        """Published, but not yet: readers see them when they are due."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=Now())

    def expired(self):
        """Published, but past their unpublish time."""
        return self.filter(status=Article.Status.PUBLISHED, unpublish_at__lte=Now())

    def needs_sign_in(self, user):
        """Published articles this visitor could read after signing in."""
        if user.is_authenticated:
            return self.none()
        return self.published().filter(visibility=Visibility.SIGNED_IN)

    def localized(self, language: str | None = None):
        """Annotate each article's title and slug in `language` (default: the
        active one) where a published translation has them, in this query.

        `Article.local_title` and `get_absolute_url()` then use them.
        """
        translations = self.model._meta.get_field("translations").related_model
        translation = translations.objects.published(language or get_language()).filter(
            article=OuterRef("pk")
        )
        return self.annotate(
            tr_title=Subquery(translation.values("title")[:1]),
            tr_slug=Subquery(translation.values("slug")[:1]),
        )


# Kept by cast_vote() and articles.search, never written back from a form.
NOT_SAVED_BY_FORMS = {
    "helpful_count",
    "vote_count",
    "search_vector",
    "title_vector",
    "citations",
}


class Article(Revised, models.Model):
    Visibility = Visibility
    revised_fields = ("title", "body", "status", "visibility")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    section = models.ForeignKey(
        "articles.Section",
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("section"),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        help_text=_("Part of the address. Old addresses keep working after a change."),
    )
    body = models.TextField(
        _("body"),
        help_text=_("Markdown. Start headings at ## (the title is the page heading)."),
        validators=[validate_markdown],
    )
    body_html = models.TextField(editable=False)
    # The body as plain text, for search and its snippets (made on save).
    body_text = models.TextField(editable=False, default="")
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language the article is written in; search stems by it."),
    )
    # PostgreSQL full-text search, kept by articles.search on save:
    # title (A), labels (B), section name (C) and body (D); and the first
    # three alone, so that title matches are found without ranking bodies.
    search_vector = SearchVectorField(null=True, editable=False)
    title_vector = SearchVectorField(null=True, editable=False)
    visibility = models.CharField(
        _("visible to"),
        max_length=20,
        choices=Visibility,
        default=Visibility.EVERYONE,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT
    )
    promoted = models.BooleanField(
        _("promoted"), default=False, help_text=_("Listed on the home page.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    labels = models.CharField(
        _("labels"),
        max_length=255,
        blank=True,
        help_text=_("Comma-separated keywords that help search."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
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
    # When the title or body last changed: what readers see as "Updated".
    content_updated_at = models.DateTimeField(
        _("text updated"), default=timezone.now, editable=False
    )
    reviewed_at = models.DateTimeField(
        _("last reviewed"),
        null=True,
        blank=True,
        help_text=_("When someone last checked that it is still right."),
    )
    needs_update = models.BooleanField(
        _("needs update"),
        default=False,
        help_text=_("Flag it for the Needs attention page."),
    )
    needs_update_note = models.TextField(_("what needs updating"), blank=True)
    # Kept exact by articles.feedback.cast_vote(), in the vote's transaction.
    helpful_count = models.PositiveIntegerField(
        _("helpful votes"), default=0, editable=False
    )
    vote_count = models.PositiveIntegerField(_("votes"), default=0, editable=False)
    # How many other published articles link to this one (articles.search).
    citations = models.PositiveIntegerField(_("linked from"), default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish articles"))]
        indexes = [
            models.Index(
                fields=["section", "status", "visibility", "position"],
                name="article_section_listing",
            ),
            models.Index(
                fields=["promoted", "status", "visibility"],
                name="article_promoted",
            ),
            # Which languages articles are written in (search asks each).
            models.Index(fields=["language"], name="article_language"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(visibility__in=Visibility.values),
                name="article_visibility_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(helpful_count__lte=models.F("vote_count")),
                name="article_helpful_within_votes",
            ),
            models.CheckConstraint(
                condition=Q(unpublish_at__isnull=True)
                | Q(published_at__isnull=True)
                | Q(unpublish_at__gt=models.F("published_at")),
                name="article_unpublished_after_published",
                violation_error_message=UNPUBLISH_AFTER_PUBLISH,
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, by=None, message="", record=True, **kwargs):
        """Save, keeping a revision of a changed text by `by` (see Revised)."""
        render_body(self, kwargs)
        self.set_published_at()
        if (
            kwargs.get("update_fields") is None
            and not self._state.adding
            and not args
            and not kwargs.get("force_insert")
        ):
            # The vote counters belong to cast_vote(): saving an article that
            # was loaded before a vote must not write back a stale count.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in NOT_SAVED_BY_FORMS
            ]
        self.save_revised(
            partial(super().save, *args), kwargs, by=by, message=message, record=record
        )

    def get_absolute_url(self):
        slug = getattr(self, "tr_slug", None) or self.slug
        return reverse("articles:detail", kwargs={"pk": self.pk, "slug": slug})

    def text_changed(self):
        # Its translations now say less, or something else, than it does.
        self.translations.update(outdated=True)

    @property
    def local_title(self) -> str:
        """The title in the reader's language, where localized() found one."""
        return getattr(self, "tr_title", None) or self.title

    @cached_property
    def published_translations(self) -> list["ArticleTranslation"]:
        """Its published translations (or what a prefetch put here)."""
        return list(self.translations.published())

    def translation_in(self, language: str) -> "ArticleTranslation | None":
        """The published translation for readers of `language`, if any."""
        if language == self.language:
            return None
        for translation in self.published_translations:
            if translation.language == language:
                return translation
        return None

    def title_in(self, language: str) -> str:
        """The title in `language`, where a published translation has one."""
        return (self.translation_in(language) or self).title

    def show_in(self, translation: "ArticleTranslation | None") -> None:
        """Present this article through its translation, for one page."""
        self.shown_translation = translation
        if translation is not None:
            self.tr_title, self.tr_slug = translation.title, translation.slug

    @property
    def local_body_html(self) -> str:
        translation = getattr(self, "shown_translation", None)
        return translation.body_html if translation else self.body_html

    @property
    def local_content_updated_at(self):
        """When the text shown to this reader last changed."""
        translation = getattr(self, "shown_translation", None)
        return (translation or self).content_updated_at

    def clean(self):
        # Filled here as well as in save(), so that the form's constraint
        # check sees the date a first publication will get.
        self.set_published_at()

    def set_published_at(self) -> None:
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def is_published(self) -> bool:
        """Readers see it now (the same rule as published(), in Python)."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.unpublish_at is None or self.unpublish_at > now)
        )

    @property
    def publication(self) -> str:
        """Draft, Scheduled, Published or Unpublished, for the admin."""
        return publication_state(self)

    @property
    def label_list(self) -> list[str]:
        return [label.strip() for label in self.labels.split(",") if label.strip()]

    @property
    def helpful_percent(self) -> int | None:
        if not self.vote_count:
            return None
        return round(100 * self.helpful_count / self.vote_count)
