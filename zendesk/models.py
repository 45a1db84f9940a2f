"""What ties the portal to Zendesk: imported records' ids, and API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    CATEGORY = "category", _("Category")
    SECTION = "section", _("Section")
    ARTICLE = "article", _("Article")
    TRANSLATION = "translation", _("Translation")
    COMMENT = "comment", _("Comment")
    USER = "user", _("User")
    ATTACHMENT = "attachment", _("Attachment")
    VOTE = "vote", _("Vote")


class ZendeskRecordQuerySet(models.QuerySet):
    def ids(self, kind: str) -> dict[int, int]:
        """{zendesk id: our primary key} for one kind of record."""
        return dict(self.filter(kind=kind).values_list("zendesk_id", "object_id"))

    def annotate_ids(self, queryset, kind: str):
        """Annotate `zendesk_id` on each row of `queryset` (None: not imported)."""
        mapped = self.filter(kind=kind, object_id=OuterRef("pk"))
        return queryset.annotate(zendesk_id=Subquery(mapped.values("zendesk_id")[:1]))


class ZendeskRecord(models.Model):
    """One record brought in from Zendesk: its id there and the row it became.

    Re-running an import updates the row with the same Zendesk id; `digest`
    is the imported JSON's hash, so an unchanged record is left alone.
    `extra` keeps what the Zendesk record says and our models do not hold
    (a translation's `outdated` flag, `comments_disabled`, ...), so that an
    export gives it back.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    zendesk_id = models.BigIntegerField(_("Zendesk id"))
    object_id = models.BigIntegerField(_("our id"))
    digest = models.CharField(max_length=64, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now=True)

    objects = ZendeskRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zendesk record")
        verbose_name_plural = _("Zendesk records")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "zendesk_id"], name="zendesk_record_one_per_id"
            ),
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="zendesk_record_one_per_object"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.zendesk_id} -> {self.object_id}"


TOKEN_PREFIX_LENGTH = 8


def hash_token(token: str) -> str:
    # Tokens are 256 random bits: a fast hash is enough (no password to guess).
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def create_for(self, *, user, name: str) -> tuple["ApiToken", str]:
        """A new token for `user`; the secret is returned once, never stored."""
        secret = secrets.token_urlsafe(32)
        token = self.create(
            user=user,
            name=name,
            prefix=secret[:TOKEN_PREFIX_LENGTH],
            key_hash=hash_token(secret),
        )
        return token, secret

    def authenticate(self, email: str, secret: str) -> "ApiToken | None":
        """The active token of the active user with this email, if it matches."""
        token = (
            self.active()
            .select_related("user")
            .filter(
                key_hash=hash_token(secret),
                user__email__iexact=email,
                user__is_active=True,
            )
            .first()
        )
        if token is not None:
            self.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token


class ApiToken(models.Model):
    """A secret for the Help Center API, used as `email/token:SECRET`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for.")
    )
    prefix = models.CharField(_("starts with"), max_length=TOKEN_PREFIX_LENGTH)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])
