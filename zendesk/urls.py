"""The Help Center API and Zendesk's old addresses (no language prefix)."""

from django.urls import path, re_path

from . import api, views

app_name = "zendesk"

LOCALE = r"(?P<locale>[A-Za-z]{2}(?:-[A-Za-z]{2})?)"
API = "api/v2/help_center/"


def both(route: str, view, name: str) -> list:
    """The route with and without a locale: .../articles.json, .../fr/articles.json."""
    return [
        re_path(rf"^{API}{route}$", view, name=name),
        re_path(rf"^{API}{LOCALE}/{route}$", view, name=f"{name}-locale"),
    ]


urlpatterns = [
    *both(r"categories\.json", api.categories, "categories"),
    *both(r"categories/(?P<pk>\d{1,18})\.json", api.category, "category"),
    *both(
        r"categories/(?P<category_pk>\d{1,18})/sections\.json",
        api.sections,
        "category-sections",
    ),
    *both(r"sections\.json", api.sections, "sections"),
    *both(r"sections/(?P<pk>\d{1,18})\.json", api.section, "section"),
    *both(
        r"sections/(?P<section_pk>\d{1,18})/articles\.json",
        api.articles,
        "section-articles",
    ),
    *both(r"articles\.json", api.articles, "articles"),
    *both(r"articles/search\.json", api.search, "search"),
    *both(r"articles/(?P<pk>\d{1,18})\.json", api.article, "article"),
    *both(
        r"articles/(?P<pk>\d{1,18})/translations\.json",
        api.translations,
        "translations",
    ),
    *both(r"articles/(?P<pk>\d{1,18})/comments\.json", api.comments, "comments"),
    re_path(
        rf"^{API}articles/(?P<pk>\d{{1,18}})/(?P<direction>up|down)\.json$",
        api.vote,
        name="vote",
    ),
    path(
        f"{API}incremental/articles.json", api.incremental_articles, name="incremental"
    ),
    # Any other address under the API: a JSON 404, not the site's page.
    re_path(rf"^{API}", api.unknown, name="unknown"),
    # Zendesk's addresses of imported pages: 301 to ours.
    re_path(
        r"^hc/(?:(?P<locale>[A-Za-z-]+)/)?(?P<kind>articles|sections|categories)/(?P<zendesk_id>\d{1,18})(?:-[^/]*)?/?$",
        views.old_address,
        name="old-address",
    ),
    re_path(
        r"^hc/(?:[A-Za-z-]+/)?article_attachments/(?P<zendesk_id>\d{1,18})(?:/[^/]*)?$",
        views.old_attachment,
        name="old-attachment",
    ),
]
