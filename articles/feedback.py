"""Votes on articles: "Was this article helpful?".

`cast_vote()` is the only code that writes votes. It changes the article's
counters in the vote's own transaction, with `F()` updates, so the counts stay
exact under concurrent votes.
"""

from django.db import IntegrityError, transaction
from django.db.models import Case, ExpressionWrapper, F, FloatField, Value, When
from django.db.models.functions import Sqrt
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Article, Vote

# 95% confidence for the Wilson score interval.
WILSON_Z = 1.96


def cast_vote(article: Article, user, helpful: bool | None) -> Vote | None:
    """Record `user`'s vote (True, False, or None to withdraw it).

    Returns the vote as it now stands (None when withdrawn). A second
    concurrent first vote by the same user meets the unique constraint and is
    retried as a change.
    """
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _cast_vote(article, user, helpful)
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _cast_vote(article: Article, user, helpful: bool | None) -> Vote | None:
    vote = Vote.objects.select_for_update().filter(article=article, user=user).first()
    before = None if vote is None else vote.helpful
    if helpful is None:
        if vote is not None:
            vote.delete()
        vote = None
    elif vote is None:
        vote = Vote.objects.create(article=article, user=user, helpful=helpful)
    elif vote.helpful != helpful:
        vote.helpful = helpful
        vote.reason = ""
        vote.details = ""
        vote.save(update_fields=["helpful", "reason", "details", "updated_at"])
    votes_delta = (helpful is not None) - (before is not None)
    helpful_delta = (helpful is True) - (before is True)
    if votes_delta or helpful_delta:
        Article.objects.filter(pk=article.pk).update(
            vote_count=F("vote_count") + votes_delta,
            helpful_count=F("helpful_count") + helpful_delta,
        )
    article.vote_count, article.helpful_count = Article.objects.filter(
        pk=article.pk
    ).values_list("vote_count", "helpful_count")[0]
    return vote


def explain_vote(vote: Vote, reason: str, details: str) -> None:
    """Store what went wrong, for a No vote; staff read it, nobody else."""
    if vote.helpful:
        raise ValueError("Only a No vote has reasons.")
    vote.reason = reason
    vote.details = details
    vote.save(update_fields=["reason", "details", "updated_at"])


def helpfulness(article: Article) -> str:
    """ "26 out of 66 found this helpful", or "No votes yet"."""
    if not article.vote_count:
        return _("No votes yet")
    # The verb agrees with the people who found it helpful (French "1 personne
    # sur 5 a trouvé", German "2 von 5 fanden"); numbers grouped per language.
    return ngettext(
        "%(helpful)s out of %(total)s found this helpful",
        "%(helpful)s out of %(total)s found this helpful",
        article.helpful_count,
    ) % {
        "helpful": number_format(article.helpful_count, force_grouping=True),
        "total": number_format(article.vote_count, force_grouping=True),
    }


def with_wilson_score(queryset):
    """Annotate `wilson`: the lower bound of the helpful share's 95% interval.

    Ranking by it, 1 helpful vote out of 1 (0.21) does not beat 90 out of
    100 (0.83). Articles without votes get None.
    """
    n = ExpressionWrapper(F("vote_count") * 1.0, output_field=FloatField())
    p = ExpressionWrapper(
        F("helpful_count") * 1.0 / F("vote_count"), output_field=FloatField()
    )
    z2 = WILSON_Z * WILSON_Z
    score = (
        p
        + Value(z2) / (2 * n)
        - Value(WILSON_Z) * Sqrt((p * (1 - p) + Value(z2) / (4 * n)) / n)
    ) / (1 + Value(z2) / n)
    return queryset.annotate(
        wilson=Case(
            When(vote_count__gt=0, then=score),
            default=None,
            output_field=FloatField(),
        )
    )


def wilson_lower_bound(helpful: int, total: int) -> float | None:
    """The same score in Python, for tests and one-off use."""
    if not total:
        return None
    p = helpful / total
    z2 = WILSON_Z * WILSON_Z
    spread = WILSON_Z * ((p * (1 - p) + z2 / (4 * total)) / total) ** 0.5
    return (p + z2 / (2 * total) - spread) / (1 + z2 / total)
