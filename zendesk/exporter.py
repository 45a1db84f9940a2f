"""`manage.py export_zendesk`: the portal in Zendesk's Help Center shapes.

A backup, and a way out: the same files `import_zendesk` reads. Records
that came from Zendesk keep their Zendesk ids; links between articles and
images in bodies are written as Zendesk addresses (`/hc/en-us/articles/<id>`,
`/hc/article_attachments/<id>/<name>`), so that importing the export into an
empty portal and exporting again gives the same files.
"""

import json
import re
import shutil
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils.translation import override
from modeltranslation.utils import build_localized_fieldname

from articles.models import (
    Article,
    ArticleImage,
    ArticleTranslation,
    Category,
    Comment,
    Section,
    Vote,
)

from .models import Kind, ZendeskRecord
from .serializers import Shapes, time
from .source import LOCALE_OF_LANGUAGE

LANGUAGES = list(LOCALE_OF_LANGUAGE)
# href="/articles/12/", "/fr/articles/12-slug/", "/sections/3-slug/", ...
OUR_LINK = re.compile(
    r'href="(?:/[a-z]{2}(?:-[a-z]{2})?)?/(articles|sections|categories)/(\d+)[^"#?]*([#?][^"]*)?"'
)
IMAGE_SRC = re.compile(r'src="([^"]+)"')
KINDS = {
    "articles": Kind.ARTICLE,
    "sections": Kind.SECTION,
    "categories": Kind.CATEGORY,
}


class Exporter:
    def __init__(self, folder: Path, base_url: str):
        self.folder = folder
        self.records = {}
        self.extra = {}
        for kind, object_id, zendesk_id, extra in ZendeskRecord.objects.values_list(
            "kind", "object_id", "zendesk_id", "extra"
        ):
            self.records[(kind, object_id)] = zendesk_id
            self.extra[(kind, object_id)] = extra
        self.shapes = Shapes(base_url.rstrip("/"), self.records)

    def run(self) -> dict[str, int]:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.images = {image.image.url: image for image in ArticleImage.objects.all()}
        files = {
            "categories": self.categories(),
            "sections": self.sections(),
            "articles": self.articles(),
            "translations": self.translations(),
            "article_attachments": self.attachments(),
            "comments": self.comments(),
            "votes": self.votes(),
        }
        files["users"] = self.users()
        files["user_segments"] = self.segments(files["articles"])
        for key, items in files.items():
            self.write(
                f"{key}.json", {key: items, "count": len(items), "next_page": None}
            )
        return {key: len(items) for key, items in files.items()}

    def write(self, name: str, content: dict) -> None:
        text = json.dumps(content, indent=2, ensure_ascii=False, sort_keys=True)
        (self.folder / name).write_text(text + "\n", encoding="utf-8")

    # ---- bodies -----------------------------------------------------------

    def body(self, html: str) -> str:
        """Our links and images as the Zendesk addresses the importer maps."""

        def link(match):
            kind, pk, rest = match.group(1), int(match.group(2)), match.group(3) or ""
            target = self.shapes.id(KINDS[kind].value, pk)
            return f'href="/hc/en-us/{kind}/{target}{rest}"'

        def image(match):
            found = self.images.get(match.group(1))
            return f'src="{self.attachment_url(found)}"' if found else match.group(0)

        return IMAGE_SRC.sub(image, OUR_LINK.sub(link, html))

    def attachment_url(self, image) -> str:
        image_id = self.shapes.id("attachment", image.pk)
        return f"/hc/article_attachments/{image_id}/{self.file_name(image)}"

    def file_name(self, image) -> str:
        extra = self.extra.get((Kind.ATTACHMENT.value, image.pk)) or {}
        return extra.get("file_name") or Path(image.image.name).name

    # ---- records -------------------------------------------------------------

    def categories(self) -> list[dict]:
        return [self.shapes.category(c) for c in Category.objects.order_by("pk")]

    def sections(self) -> list[dict]:
        return [
            self.shapes.section(
                s,
                parent=(self.extra.get(("section", s.pk)) or {}).get(
                    "parent_section_id"
                ),
            )
            for s in Section.objects.order_by("pk")
        ]

    def articles(self) -> list[dict]:
        shown = []
        for article in Article.objects.order_by("pk"):
            shape = self.shapes.article(
                article, extra=self.extra.get(("article", article.pk))
            )
            shown.append({**shape, "body": self.body(shape["body"])})
        return shown

    def translations(self) -> list[dict]:
        found = []
        rows = ArticleTranslation.objects.select_related("article").order_by("pk")
        for translation in rows:
            shape = self.shapes.translation(
                translation,
                translation.article,
                self.extra.get(("translation", translation.pk)),
            )
            found.append({**shape, "body": self.body(shape["body"])})
        for model, source_type in ((Category, "Category"), (Section, "Section")):
            for row in model.objects.order_by("pk"):
                found += self._name_translations(row, source_type)
        return found

    def _name_translations(self, row, source_type: str) -> list[dict]:
        """Category and section names in other languages, as translations
        (their ids derived from the record's, so that they stay the same)."""
        kind = source_type.lower()
        source_id = self.shapes.id(kind, row.pk)
        found = []
        for index, language in enumerate(LANGUAGES[1:], start=1):
            title = getattr(row, build_localized_fieldname("name", language)) or ""
            if not title:
                continue
            locale = LOCALE_OF_LANGUAGE[language]
            description = getattr(
                row, build_localized_fieldname("description", language)
            )
            found.append(
                {
                    "id": source_id * 10 + index,
                    "source_id": source_id,
                    "source_type": source_type,
                    "locale": locale,
                    "title": title,
                    "body": description or "",
                    "outdated": False,
                    "draft": False,
                    "hidden": False,
                }
            )
        return found

    def attachments(self) -> list[dict]:
        found = []
        target = self.folder / "attachments"
        target.mkdir(exist_ok=True)
        for image in ArticleImage.objects.order_by("pk"):
            image_id = self.shapes.id("attachment", image.pk)
            name = self.file_name(image)
            with (
                image.image.open("rb") as source,
                (target / f"{image_id}-{name}").open("wb") as copy,
            ):
                shutil.copyfileobj(source, copy)
            found.append(
                {
                    "id": image_id,
                    "article_id": self.shapes.id("article", image.article_id),
                    "file_name": name,
                    "content_url": self.attachment_url(image),
                    "content_type": "image/"
                    + (Path(name).suffix.lstrip(".").lower() or "png"),
                    "size": image.image.size,
                    "inline": True,
                }
            )
        return found

    def comments(self) -> list[dict]:
        # Published comments: those awaiting moderation are not public yet.
        rows = Comment.objects.published().select_related("article").order_by("pk")
        found = []
        for comment in rows:
            with override(comment.article.language):
                shape = self.shapes.comment(comment)
            found.append({**shape, "body": self.body(shape["body"])})
        return found

    def votes(self) -> list[dict]:
        return [
            {
                "id": self.shapes.id("vote", vote.pk),
                "user_id": self.shapes.id("user", vote.user_id),
                "value": 1 if vote.helpful else -1,
                "item_id": self.shapes.id("article", vote.article_id),
                "item_type": "Article",
                "created_at": time(vote.created_at),
            }
            for vote in Vote.objects.order_by("pk")
        ]

    def users(self) -> list[dict]:
        """The authors of articles and comments, and voters."""
        wanted = set(
            Article.objects.exclude(author=None).values_list("author_id", flat=True)
        )
        wanted |= set(Comment.objects.published().values_list("author_id", flat=True))
        wanted |= set(Vote.objects.values_list("user_id", flat=True))
        users = get_user_model().objects.filter(pk__in=wanted).order_by("pk")
        return [
            self.shapes.user(
                user, (self.extra.get(("user", user.pk)) or {}).get("role")
            )
            for user in users
        ]

    def segments(self, articles: list[dict]) -> list[dict]:
        used = {a["user_segment_id"] for a in articles if a["user_segment_id"]}
        found = {}
        for article in Article.objects.all():
            segment = (self.extra.get(("article", article.pk)) or {}).get(
                "user_segment"
            )
            if segment and segment["id"] in used:
                found[segment["id"]] = segment
        from .serializers import DEFAULT_SEGMENTS

        for segment in DEFAULT_SEGMENTS.values():
            if segment["id"] in used:
                found.setdefault(segment["id"], segment)
        return [found[key] for key in sorted(found)]
