import uuid
import warnings
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Now
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from PIL import Image

from helpcenter.markup import plain_text, render_markdown, validate_markdown

ARTICLE_BODY_MAX_CHARS = 200_000


class Visibility(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    SIGNED_IN = "signed_in", _("Signed-in users")
    STAFF = "staff", _("Staff only")


def visibilities_for(user) -> list[str]:
    """The article visibilities a user may read: the whole access rule."""
    if not user.is_authenticated or not user.is_active:
        return [Visibility.EVERYONE]
    if user.is_staff:
        return [Visibility.EVERYONE, Visibility.SIGNED_IN, Visibility.STAFF]
    return [Visibility.EVERYONE, Visibility.SIGNED_IN]


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


def render_body(instance, save_kwargs: dict) -> None:
    """Render and sanitise the Markdown body once, on save, into the stored
    HTML and plain text; a save limited to some fields writes those too."""
    instance.body_html = render_markdown(instance.body)
    instance.body_text = plain_text(instance.body_html)
    if save_kwargs.get("update_fields") is not None:
        save_kwargs["update_fields"] = {
            *save_kwargs["update_fields"],
            "body_html",
            "body_text",
        }


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
        # build it once (see where_sql() below).
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=Now())

    def visible_to(self, user):
        """Published articles whose visibility lets `user` read them.

        Drafts and scheduled articles are never shown on the site, not even
        to staff: they see those through the admin preview.
        """
        return self.published().filter(visibility__in=visibilities_for(user))

    def next_publication(self):
        """When the next scheduled article becomes visible (None: none is)."""
        scheduled = self.filter(status=Article.Status.PUBLISHED, published_at__gt=Now())
        return scheduled.aggregate(at=Min("published_at"))["at"]

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
        translation = ArticleTranslation.objects.published(
            language or get_language()
        ).filter(article=OuterRef("pk"))
        return self.annotate(
            tr_title=Subquery(translation.values("title")[:1]),
            tr_slug=Subquery(translation.values("slug")[:1]),
        )


# Kept by cast_vote() and articles.search, never written back from a form.
NOT_SAVED_BY_FORMS = {"helpful_count", "vote_count", "search_vector", "title_vector"}


class Article(models.Model):
    Visibility = Visibility

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    section = models.ForeignKey(
        Section,
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
    # Kept exact by articles.feedback.cast_vote(), in the vote's transaction.
    helpful_count = models.PositiveIntegerField(
        _("helpful votes"), default=0, editable=False
    )
    vote_count = models.PositiveIntegerField(_("votes"), default=0, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
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
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
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
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        slug = getattr(self, "tr_slug", None) or self.slug
        return reverse("articles:detail", kwargs={"pk": self.pk, "slug": slug})

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

    def clean(self):
        # Filled here as well as in save(), so that the form's constraint
        # check sees the date a first publication will get.
        self.set_published_at()

    def set_published_at(self) -> None:
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def label_list(self) -> list[str]:
        return [label.strip() for label in self.labels.split(",") if label.strip()]

    @property
    def helpful_percent(self) -> int | None:
        if not self.vote_count:
            return None
        return round(100 * self.helpful_count / self.vote_count)


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

    def get_absolute_url(self):
        with override(self.language):
            return reverse(
                "articles:detail", kwargs={"pk": self.article_id, "slug": self.slug}
            )

    def clean(self):
        if self.article_id and self.language == self.article.language:
            raise ValidationError(
                {"language": _("The article itself is written in this language.")}
            )


IMAGE_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
IMAGE_MAX_PIXELS = 40_000_000


def validate_image_file(file) -> None:
    """A real PNG, JPEG, GIF or WebP image of at most 5 MB.

    The browser's content type and the file name are not trusted: Pillow
    reads the file itself. SVG is refused because it can carry script.
    """
    max_bytes = settings.ARTICLE_IMAGE_MAX_BYTES
    if file.size > max_bytes:
        raise ValidationError(
            _("The image is %(size)s MB; the limit is %(limit)s MB."),
            code="image_too_large",
            params={
                "size": f"{file.size / 1024 / 1024:.1f}",
                "limit": max_bytes // 1024 // 1024,
            },
        )
    try:
        file.seek(0)
        with warnings.catch_warnings():
            # A decompression bomb: tiny on disk, gigabytes once decoded.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("The image has too many pixels to be processed; make it smaller."),
            code="image_dimensions",
        ) from error
    except Exception as error:
        raise ValidationError(
            _(
                "This file is not an image we can read. Upload a PNG, JPEG, GIF "
                "or WebP image."
            ),
            code="image_invalid",
        ) from error
    finally:
        file.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            _(
                "%(format)s images are not accepted. Upload a PNG, JPEG, GIF or "
                "WebP image."
            ),
            code="image_format",
            params={"format": image_format},
        )
    if width * height > IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("The image is %(width)s by %(height)s pixels; make it smaller."),
            code="image_dimensions",
            params={"width": width, "height": height},
        )


def random_upload_name(folder: str, filename: str) -> str:
    """folder/YYYY/MM/<random>.ext: uploaders' names are neither trusted nor shown."""
    suffix = PurePath(filename).suffix.lower()
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def article_image_path(instance, filename: str) -> str:
    return random_upload_name("articles", filename)


class ArticleImage(models.Model):
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="images",
        verbose_name=_("article"),
    )
    image = models.ImageField(
        _("image"),
        upload_to=article_image_path,
        validators=[validate_image_file],
        help_text=_("PNG, JPEG, GIF or WebP, at most 5 MB."),
    )
    alt = models.CharField(
        _("alternative text"),
        max_length=200,
        help_text=_("Describes the image for people who cannot see it."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("article image")
        verbose_name_plural = _("article images")

    def __str__(self):
        return self.alt

    @property
    def markdown(self) -> str:
        """The snippet an editor pastes into an article body."""
        alt = self.alt.replace("[", "").replace("]", "")
        return f"![{alt}]({self.image.url})"


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
