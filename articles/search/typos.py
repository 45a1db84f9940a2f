"""Typo correction: only words unknown to the whole vocabulary (every word
of the articles' titles, labels, sections and bodies, kept in SearchWord on
save) are replaced, by the most similar known word."""

from __future__ import annotations

import difflib
import hashlib

from django.core.cache import cache

from ..models import SearchWord
from .common import is_postgres, words_of

CLOSEST_CACHE_SECONDS = 3600
# Shorter words are left alone: "hasn" (of "hasn't") is not a typo of "has".
SHORTEST_CORRECTED = 5


def correct(query: str) -> str:
    """The query with unknown words replaced by the closest known ones, or
    "" when every word is known (or none has a close match)."""
    words = words_of(query)
    if not words:
        return ""
    known = set(
        SearchWord.objects.filter(word__in=words).values_list("word", flat=True)
    )
    corrected = []
    changed = False
    for word in words:
        match = "" if word in known or len(word) < SHORTEST_CORRECTED else closest(word)
        if match and match != word:
            corrected.append(match)
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else ""


def closest(word: str) -> str:
    key = "articles:search:closest:" + hashlib.sha256(word.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _closest(word)
        cache.set(key, found, CLOSEST_CACHE_SECONDS)
    return found


def _closest(word: str) -> str:
    if is_postgres():
        from django.contrib.postgres.search import TrigramSimilarity

        found = list(
            SearchWord.objects.filter(word__trigram_similar=word)
            .annotate(similarity=TrigramSimilarity("word", word))
            .order_by("-similarity", "word")
            .values_list("word", flat=True)[:1]
        )
        return found[0] if found else ""
    candidates = SearchWord.objects.filter(
        word__startswith=word[0], word__regex=rf"^.{{{len(word) - 2},{len(word) + 2}}}$"
    ).values_list("word", flat=True)[:5000]
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
    return close[0] if close else ""
