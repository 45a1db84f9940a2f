"""Our models in the Zendesk Help Center API's JSON shapes.

Used by the read API (ids are ours, `url` points at the API, `html_url` at
our page) and by the export (ids are the Zendesk ids where a record was
imported, so that an export imports back onto the same records).
"""

from django.urls import reverse
from django.utils.translation import override
from modeltranslation.utils import build_localized_fieldname

from articles.models import Article, Visibility

from .source import LOCALE_OF_LANGUAGE

# Segments for visibility, where an article has no imported segment.
DEFAULT_SEGMENTS = {
    Visibility.SIGNED_IN: {
        "id": 1,
        "name": "Signed-in users",
        "user_type": "signed_in_users",
        "tags": [],
        "or_tags": [],
        "group_ids": [],
        "organization_ids": [],
        "built_in": True,
    },
    Visibility.STAFF: {
        "id": 2,
        "name": "Agents and admins",
        "user_type": "staff",
        "tags": [],
        "or_tags": [],
        "group_ids": [],
        "organization_ids": [],
        "built_in": True,
    },
}


def time(value) -> str | None:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


class Shapes:
    """Builds the JSON of each kind of record.

    `ids` maps (kind, our pk) to the id to show (identity for the API);
    `base` is the scheme and host, e.g. "https://help.example.com".
    """

    def __init__(self, base: str, ids=None):
        self.base = base
        self.ids = ids or {}

    def id(self, kind: str, pk):
        if pk is None:
            return None
        return self.ids.get((kind, pk), pk)

    def api(self, path: str, locale: str | None = None) -> str:
        prefix = f"/api/v2/help_center/{locale}" if locale else "/api/v2/help_center"
        return f"{self.base}{prefix}/{path}"

    def page(self, name: str, language: str, **kwargs) -> str:
        with override(language):
            return self.base + reverse(name, kwargs=kwargs)

    def category(self, category, language: str = "en") -> dict:
        cid = self.id("category", category.pk)
        locale = LOCALE_OF_LANGUAGE[language]
        return {
            "id": cid,
            "url": self.api(f"categories/{cid}.json", locale),
            "html_url": self.page(
                "articles:category", language, pk=category.pk, slug=category.slug
            ),
            "position": category.position,
            "created_at": None,
            "updated_at": None,
            "name": _localized(category, "name", language),
            "description": _localized(category, "description", language),
            "locale": locale,
            "source_locale": "en-us",
            "outdated": False,
        }

    def section(self, section, language: str = "en", parent=None) -> dict:
        sid = self.id("section", section.pk)
        locale = LOCALE_OF_LANGUAGE[language]
        return {
            "id": sid,
            "url": self.api(f"sections/{sid}.json", locale),
            "html_url": self.page(
                "articles:section", language, pk=section.pk, slug=section.slug
            ),
            "category_id": self.id("category", section.category_id),
            "position": section.position,
            "sorting": "manual",
            "created_at": None,
            "updated_at": None,
            "name": _localized(section, "name", language),
            "description": _localized(section, "description", language),
            "locale": locale,
            "source_locale": "en-us",
            "outdated": False,
            "parent_section_id": parent,
            "theme_template": "section_page",
        }

    def article(self, article, translation=None, extra=None) -> dict:
        """The article, or its `translation` (then in that language)."""
        extra = extra or {}
        aid = self.id("article", article.pk)
        version = translation or article
        language = version.language
        locale = LOCALE_OF_LANGUAGE[language]
        segment = extra.get("user_segment") or DEFAULT_SEGMENTS.get(article.visibility)
        if segment and _visibility_of(segment) != article.visibility:
            segment = DEFAULT_SEGMENTS.get(article.visibility)
        updated = version.updated_at
        return {
            "id": aid,
            "url": self.api(f"articles/{aid}.json", locale),
            "html_url": self.page(
                "articles:detail", language, pk=article.pk, slug=version.slug
            ),
            "author_id": self.id("user", article.author_id),
            "comments_disabled": bool(extra.get("comments_disabled")),
            "draft": version.status != Article.Status.PUBLISHED,
            "promoted": article.promoted,
            "position": article.position,
            "vote_sum": 2 * article.helpful_count - article.vote_count,
            "vote_count": article.vote_count,
            "section_id": self.id("section", article.section_id),
            "created_at": time(article.created_at),
            "updated_at": time(updated),
            "edited_at": extra.get("edited_at") or time(updated),
            "name": version.title,
            "title": version.title,
            "source_locale": LOCALE_OF_LANGUAGE[article.language],
            "locale": locale,
            "outdated": bool(getattr(version, "outdated", extra.get("outdated"))),
            "outdated_locales": [],
            "user_segment_id": segment["id"] if segment else None,
            "permission_group_id": None,
            "content_tag_ids": [],
            "label_names": article.label_list,
            "body": version.body_html,
        }

    def translation(self, translation, article, extra=None) -> dict:
        tid = self.id("translation", translation.pk)
        aid = self.id("article", article.pk)
        locale = LOCALE_OF_LANGUAGE[translation.language]
        return {
            "id": tid,
            "url": self.api(f"articles/{aid}/translations/{locale}.json"),
            "html_url": self.page(
                "articles:detail",
                translation.language,
                pk=article.pk,
                slug=translation.slug,
            ),
            "source_id": aid,
            "source_type": "Article",
            "locale": locale,
            "title": translation.title,
            "body": translation.body_html,
            "outdated": bool((extra or {}).get("outdated")),
            "draft": translation.status != Article.Status.PUBLISHED,
            "hidden": False,
            "created_at": time(translation.created_at),
            "updated_at": time(translation.updated_at),
            "updated_by_id": None,
            "created_by_id": None,
        }

    def comment(self, comment) -> dict:
        cid = self.id("comment", comment.pk)
        aid = self.id("article", comment.article_id)
        return {
            "id": cid,
            "url": self.api(f"articles/{aid}/comments/{cid}.json"),
            "html_url": self.base + comment.get_absolute_url(),
            "body": comment.body_html,
            "author_id": self.id("user", comment.author_id),
            "source_id": aid,
            "source_type": "Article",
            "locale": LOCALE_OF_LANGUAGE.get(comment.article.language, "en-us"),
            "created_at": time(comment.created_at),
            "updated_at": time(comment.edited_at or comment.created_at),
            "vote_sum": 0,
            "vote_count": 0,
            "non_author_editor_id": None,
            "non_author_updated_at": None,
        }

    def user(self, user, role=None) -> dict:
        return {
            "id": self.id("user", user.pk),
            "name": user.name,
            "email": user.email,
            "role": role or ("agent" if user.is_staff else "end-user"),
        }


def _localized(obj, field: str, language: str) -> str:
    value = getattr(obj, build_localized_fieldname(field, language), None)
    return value or getattr(obj, build_localized_fieldname(field, "en"), "") or ""


def _visibility_of(segment: dict) -> str:
    if segment.get("user_type") == "staff":
        return Visibility.STAFF
    return Visibility.SIGNED_IN
