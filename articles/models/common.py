"""What articles and translations share: who may read them, their rendered
body, and how far along their publication is."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpcenter.markup import plain_text, render_markdown

ARTICLE_BODY_MAX_CHARS = 200_000
UNPUBLISH_AFTER_PUBLISH = _("The unpublish time must come after the publication time.")


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


def publication_state(item) -> str:
    """What readers get of an article or translation as it is now."""
    now = timezone.now()
    if item.status != "published":
        return _("Draft")
    if item.published_at is not None and item.published_at > now:
        return _("Scheduled")
    if item.unpublish_at is not None and item.unpublish_at <= now:
        return _("Unpublished")
    return _("Published")
