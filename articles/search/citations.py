"""Which articles link to which (`Citation`), and how many published
articles link to each (`Article.citations`): search ranks an article that
many others point to a little higher, as the authors' own judgement of
where an answer lives.

Kept by indexing on every save (the links an article's body makes) and
before a deletion (its links go with it).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from ..links import linked_articles

CHUNK = 1000


def record_citations(queryset) -> None:
    """The links these articles' bodies make now, and the counts of every
    article they link to or linked to before."""
    apps = queryset.model._meta.apps
    article_model = apps.get_model("articles", "Article")
    citation_model = apps.get_model("articles", "Citation")
    links = set()
    rows = queryset.order_by().values_list("pk", "body_html")
    for pk, html in rows.iterator(chunk_size=500):
        if "/articles/" in html:
            links.update((pk, target) for target in linked_articles(html))
    targets = {target for _, target in links}
    db = queryset.db
    existing = set(
        article_model.objects.using(db)
        .filter(pk__in=targets)
        .values_list("pk", flat=True)
    )
    links = {(s, t) for s, t in links if s != t and t in existing}
    with transaction.atomic(using=db):
        old = citation_model.objects.using(db).filter(source__in=queryset.values("pk"))
        before = set(old.values_list("target", flat=True))
        old.delete()
        citation_model.objects.using(db).bulk_create(
            [citation_model(source_id=s, target_id=t) for s, t in sorted(links)],
            batch_size=CHUNK,
        )
        count_citations(article_model, before | {t for _, t in links}, db)


def forget_citations(article) -> None:
    """`article` is about to be deleted: the articles it links to lose its
    link."""
    citation_model = article._meta.apps.get_model("articles", "Citation")
    db = article._state.db
    links = citation_model.objects.using(db).filter(source=article)
    targets = set(links.values_list("target", flat=True))
    links.delete()
    count_citations(type(article), targets, db)


def count_citations(article_model, targets: set[int], db: str) -> None:
    """Count again the published articles linking to each of `targets`."""
    citation_model = article_model._meta.apps.get_model("articles", "Citation")
    counted = (
        citation_model.objects.filter(target=OuterRef("pk"), source__status="published")
        .order_by()
        .values("target")
        .annotate(n=Count("pk"))
        .values("n")
    )
    targets = sorted(targets)
    for start in range(0, len(targets), CHUNK):
        chunk = targets[start : start + CHUNK]
        article_model.objects.using(db).filter(pk__in=chunk).update(
            citations=Coalesce(Subquery(counted), Value(0))
        )
