"""What a page tells search engines and link previews about itself.

Its addresses (canonical, one per language, x-default), a short plain-text
description, and structured data (JSON-LD) escaped so that it cannot close
its script element. Templates use these through `helpcenter.templatetags.
pagemeta`; article pages pass their own versions (`page_urls`).
"""

import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.urls import translate_url

from .markup import plain_text

DESCRIPTION_CHARS = 155
# OpenGraph wants language_TERRITORY.
OG_LOCALES = {"en": "en_US", "fr": "fr_FR", "de": "de_DE", "pt-br": "pt_BR"}

_FIRST_PARAGRAPH = re.compile(r"<p[^>]*>(.*?)</p>", re.S | re.I)
# In a JSON string these three can never end the script element or start
# a comment; JSON parsers read the escapes back as the same characters.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass
class PageUrls:
    """A page's canonical address and its address in each language."""

    canonical: str
    alternates: list[tuple[str, str]] = field(default_factory=list)
    x_default: str = ""


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """`text` on one line, cut at a word boundary to at most `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-\u2013\u2014") + "…"


def describe_html(rendered_html: str, limit: int = DESCRIPTION_CHARS) -> str:
    """A description from sanitized HTML: its first paragraph with words in
    it (else all its text), as plain text of about `limit` characters."""
    for match in _FIRST_PARAGRAPH.finditer(rendered_html):
        text = plain_text(match.group(1))
        if text:
            return shorten(text, limit)
    return shorten(plain_text(rendered_html), limit)


def page_urls(request: HttpRequest) -> PageUrls:
    """The current page in every language; English as x-default.

    For pages that exist in every language (home, categories, sections,
    support): their names fall back to English where a translation is
    missing, so each language's page is whole.
    """
    path = request.path
    alternates = [
        (code, request.build_absolute_uri(translate_url(path, code)))
        for code, _name in settings.LANGUAGES
    ]
    urls = dict(alternates)
    canonical = request.build_absolute_uri(path)
    if page := _page_number(request):
        canonical += f"?page={page}"
    return PageUrls(
        canonical=canonical,
        alternates=alternates if not page else [],
        x_default=urls.get(settings.LANGUAGE_CODE, "") if not page else "",
    )


def _page_number(request: HttpRequest) -> int | None:
    """The page of a list past the first (its own canonical address)."""
    value = request.GET.get("page", "")
    return int(value) if value.isdigit() and 1 < int(value) < 10**6 else None


def json_ld(data) -> str:
    """JSON for a <script type="application/ld+json"> element, with `<`, `>`
    and `&` escaped: a title holding "</script>" stays inside the string."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _JSON_ESCAPES
    )


def website_data(request: HttpRequest, *, name: str, home: str, search: str) -> dict:
    """schema.org WebSite with the site search, for the home page."""
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": name,
        "url": request.build_absolute_uri(home),
        "inLanguage": request.LANGUAGE_CODE,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {
                "@type": "EntryPoint",
                "urlTemplate": request.build_absolute_uri(search)
                + "?q={search_term_string}",
            },
            "query-input": "required name=search_term_string",
        },
    }
