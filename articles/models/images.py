import uuid
import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image

from .articles import Article

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
