"""What articles and translations share: a revision kept for each change."""

from django.db import transaction
from django.utils import timezone

# What a revision keeps; "Updated <date>" follows the first two only.
REVISED_FIELDS = ("title", "body", "status", "visibility")
TEXT_FIELDS = {"title", "body"}


def same_text(value):
    """A text as it compares: browsers send a textarea's lines ending in
    CRLF, and forms strip what ends it, so a text sent back untouched is
    not a change."""
    if not isinstance(value, str):
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n").rstrip()


def content_changes(instance) -> set[str]:
    """Which revised fields differ from what was loaded (all, for a new row)."""
    fields = instance.revised_fields
    if instance._state.adding:
        return set(fields)
    loaded = getattr(instance, "_loaded_content", None)
    if loaded is None:
        loaded = type(instance).objects.filter(pk=instance.pk).values(*fields).first()
    if loaded is None:
        return set(fields)
    return {
        name
        for name in fields
        if same_text(getattr(instance, name)) != same_text(loaded[name])
    }


def remember_loaded(instance) -> None:
    fields = instance.revised_fields
    instance._loaded_content = {name: getattr(instance, name) for name in fields}


class Revised:
    """For articles and translations: each save that changes their content
    keeps a revision, and their "Updated" date follows the text only.

    `save(by=user, message="...")` says who and why; `record=False` is for
    publishing a revision that is already kept.
    """

    revised_fields: tuple = ()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if set(cls.revised_fields) <= set(field_names):
            remember_loaded(instance)
        return instance

    def save_revised(self, save, kwargs, *, by=None, message="", record=True):
        self.body = same_text(self.body)  # one form of the text, stored
        changed = content_changes(self)
        if changed & TEXT_FIELDS:
            self.content_updated_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {
                    *kwargs["update_fields"],
                    "content_updated_at",
                }
        with transaction.atomic():
            save(**kwargs)
            if changed and record:
                from .revisions import Revision

                Revision.objects.record(self, author=by, message=message)
            if changed & TEXT_FIELDS:
                self.text_changed()
        remember_loaded(self)

    def text_changed(self) -> None:
        """After a saved change of the title or body."""

    def is_live(self) -> bool:
        """Published as stored (readers see it, or will when due)."""
        loaded = getattr(self, "_loaded_content", None) or {}
        return loaded.get("status") == "published"
