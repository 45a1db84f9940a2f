"""The editorial rules: who may publish and edit what, and how a change by
someone who may not publish waits for review.

Every path that changes an article or translation for an editor (the
admin's forms, its bulk actions, restoring a revision) goes through
`save_edit()`, `publish()` or `send_back()`, which refuse what the person
may not do, whatever their browser sent.
"""

import difflib
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Article, ArticleTranslation, Revision
from .models.revised import same_text

PUBLISH_PERMISSION = "articles.publish_article"


def may_publish(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm(PUBLISH_PERMISSION)


def may_edit_language(user, language: str) -> bool:
    """Translators may be limited to some languages (User.edit_languages)."""
    languages = getattr(user, "edit_languages", None) or []
    return user.is_superuser or not languages or language in languages


def check_may_edit(user, target) -> None:
    if not may_edit_language(user, target.language):
        raise PermissionDenied(_("You may not edit texts in this language."))


def save_edit(target, *, user, message: str = "", submit: bool = False):
    """Save an editor's change of an article or translation.

    A publisher's change is saved as it is. For someone who may not
    publish, a published text stays as readers see it and the change is
    kept as a revision awaiting review (the other fields, such as the
    position, are saved); a draft is saved and, if `submit`, sent for
    review. Returns the revision awaiting review, if one was made.
    """
    check_may_edit(user, target)
    if may_publish(user):
        target.save(by=user, message=message)
        return None
    if not target._state.adding and target.is_live():
        return _propose(target, user=user, message=message)
    if target.status != Article.Status.DRAFT:
        raise PermissionDenied(_("You may not publish articles."))
    with transaction.atomic():
        target.save(by=user, message=message)
        if submit:
            return Revision.objects.record(
                target, author=user, message=message, state=Revision.State.PENDING
            )
    return None


def _propose(target, *, user, message: str):
    """Keep the published text on `target` and the change as a proposal."""
    loaded = target._loaded_content
    proposed = {name: getattr(target, name) for name in target.revised_fields}
    if proposed["status"] != loaded["status"]:
        raise PermissionDenied(_("You may not publish or unpublish articles."))
    changed = any(
        same_text(proposed[name]) != same_text(loaded[name]) for name in proposed
    )
    with transaction.atomic():
        for name in target.revised_fields:
            setattr(target, name, loaded[name])
        target.save(by=user, record=False)
        if not changed:
            return None
        for name, value in proposed.items():
            setattr(target, name, value)
        revision = Revision.objects.record(
            target, author=user, message=message, state=Revision.State.PENDING
        )
        for name in target.revised_fields:
            setattr(target, name, loaded[name])
    return revision


def publish(revision: Revision, *, by, comment: str = "") -> None:
    """Publish a change awaiting review: its text becomes the target's."""
    if not may_publish(by):
        raise PermissionDenied(_("You may not publish articles."))
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision.pk)
        if revision.state != Revision.State.PENDING:
            raise PermissionDenied(_("This change is no longer awaiting review."))
        target = _fresh_target(revision)
        check_may_edit(by, target)
        target.title, target.body = revision.title, revision.body
        target.status = Article.Status.PUBLISHED
        if isinstance(target, Article):
            target.visibility = revision.visibility or target.visibility
            target.reviewed_at = timezone.now()
        target.save(by=by, record=False)
        revision.status = Article.Status.PUBLISHED
        _reviewed(revision, Revision.State.PUBLISHED, by=by, comment=comment)


def send_back(revision: Revision, *, by, comment: str) -> None:
    """Return a change to its author with the reviewer's comment."""
    if not may_publish(by):
        raise PermissionDenied(_("You may not review changes."))
    with transaction.atomic():
        revision = Revision.objects.select_for_update().get(pk=revision.pk)
        if revision.state != Revision.State.PENDING:
            raise PermissionDenied(_("This change is no longer awaiting review."))
        _reviewed(revision, Revision.State.SENT_BACK, by=by, comment=comment)


def _reviewed(revision: Revision, state: str, *, by, comment: str) -> None:
    revision.state = state
    revision.reviewed_by = by
    revision.reviewed_at = timezone.now()
    revision.review_comment = comment
    revision.save()


def restore(revision: Revision, *, by):
    """Make an old revision's text the current one, as a new revision (or a
    proposal, for someone who may not publish): nothing is lost."""
    target = _fresh_target(revision)
    target.title, target.body = revision.title, revision.body
    if isinstance(target, Article) and revision.visibility:
        target.visibility = revision.visibility
    when = date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")
    message = _("Restored the revision of %(when)s.") % {"when": when}
    return save_edit(target, user=by, message=message)


def _fresh_target(revision: Revision):
    if revision.translation_id:
        return ArticleTranslation.objects.get(pk=revision.translation_id)
    return Article.objects.get(pk=revision.article_id)


# Diffs: words, not only lines.

TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class Piece:
    kind: str  # "same", "removed", "added" or "skipped" (unchanged lines)
    text: str
    lines: int = 0  # how many lines were skipped


def collapsed(pieces: list[Piece], context: int = 2) -> list[Piece]:
    """The pieces with long unchanged stretches cut to a few lines of
    context around each change, so that a one-word change in a long body
    stands out."""
    result = []
    for index, piece in enumerate(pieces):
        lines = piece.text.splitlines(True)
        # Plus one: the changed line's own unchanged start or end.
        keep_before = context + 1 if index > 0 else 0
        keep_after = context + 1 if index < len(pieces) - 1 else 0
        if piece.kind != "same" or len(lines) <= keep_before + keep_after + 1:
            result.append(piece)
            continue
        head, tail = lines[:keep_before], lines[len(lines) - keep_after :]
        skipped = len(lines) - len(head) - len(tail)
        if head:
            result.append(Piece("same", "".join(head)))
        result.append(Piece("skipped", "", lines=skipped))
        if tail:
            result.append(Piece("same", "".join(tail)))
    return result


def word_diff(old: str, new: str) -> list[Piece]:
    """The changes from `old` to `new`, word by word.

    Lines are matched first, so that long bodies stay quick to compare;
    the lines that changed are then compared word by word.
    """
    # Browsers send CRLF from a textarea; line ends are not a change.
    old, new = old.replace("\r\n", "\n"), new.replace("\r\n", "\n")
    old_lines, new_lines = old.splitlines(True), new.splitlines(True)
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        before, after = "".join(old_lines[a1:a2]), "".join(new_lines[b1:b2])
        if op == "equal":
            pieces.append(Piece("same", before))
        else:
            pieces += _words(before, after)
    return _merged(pieces)


def _words(old: str, new: str) -> list[Piece]:
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    pieces = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[a1:a2])))
            continue
        if a1 < a2:
            pieces.append(Piece("removed", "".join(a[a1:a2])))
        if b1 < b2:
            pieces.append(Piece("added", "".join(b[b1:b2])))
    return pieces


def _merged(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        if merged and merged[-1].kind == piece.kind:
            merged[-1].text += piece.text
        elif piece.text:
            merged.append(piece)
    return merged


def compare(old, new) -> dict:
    """Title and body diffs between two texts (revisions or articles), and
    whether their status and visibility differ."""
    return {
        "title": word_diff(old.title, new.title),
        "body": collapsed(word_diff(old.body, new.body)),
        "changed": [
            name
            for name in ("status", "visibility")
            if getattr(old, name, "")
            and getattr(old, name, "") != getattr(new, name, "")
        ],
    }
