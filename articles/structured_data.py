"""schema.org data (JSON-LD) for article pages: Article and BreadcrumbList.

Built from the article as the page shows it (its translation, when the
reader's language has one); templates print it with the `json_ld` filter,
which escapes it for its script element.
"""

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import reverse

from .models import Article


def for_article(
    request: HttpRequest, article: Article, *, url: str, description: str
) -> list[dict]:
    return [
        _article(request, article, url=url, description=description),
        _breadcrumbs(request, article, url=url),
    ]


def _article(
    request: HttpRequest, article: Article, *, url: str, description: str
) -> dict:
    translation = getattr(article, "shown_translation", None)
    modified = article.content_updated_at
    if translation is not None and translation.content_updated_at > modified:
        modified = translation.content_updated_at
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.local_title,
        "description": description,
        "inLanguage": translation.language if translation else article.language,
        "datePublished": article.published_at,
        "dateModified": modified,
        "mainEntityOfPage": url,
        "url": url,
        "image": request.build_absolute_uri(static("img/share.png")),
        "publisher": {
            "@type": "Organization",
            "name": settings.PORTAL_NAME,
            "logo": {
                "@type": "ImageObject",
                "url": request.build_absolute_uri(static("img/icon-512.png")),
            },
        },
    }
    if article.author is not None:
        data["author"] = {"@type": "Person", "name": article.author.display_name}
    return data


def _breadcrumbs(request: HttpRequest, article: Article, *, url: str) -> dict:
    section = article.section
    trail = [
        (settings.PORTAL_NAME, reverse("home")),
        (section.category.name, section.category.get_absolute_url()),
        (section.name, section.get_absolute_url()),
    ]
    items = [
        {
            "@type": "ListItem",
            "position": position,
            "name": name,
            "item": request.build_absolute_uri(path),
        }
        for position, (name, path) in enumerate(trail, start=1)
    ]
    items.append(
        {
            "@type": "ListItem",
            "position": len(items) + 1,
            "name": article.local_title,
            "item": url,
        }
    )
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    }
