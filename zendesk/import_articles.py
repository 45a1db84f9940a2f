"""Articles, their translations, images, comments and votes (see importer.py)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.models import (
    Article,
    ArticleImage,
    ArticleTranslation,
    Comment,
    Visibility,
    Vote,
)

from .convert import html_to_markdown
from .importer import ATTACHMENT_LINK, HC_LINK, Importer, _error, _position, slug_for
from .models import Kind, ZendeskRecord
from .source import LOCALE_OF_LANGUAGE, Record, language_of, parse_time, ref

KIND_NAMES = {"articles": "article", "sections": "section", "categories": "category"}


class ArticleImporter:
    def __init__(self, importer: Importer):
        self.importer = importer
        self.report = importer.report
        self.articles: dict[int, Article] = {}
        self.relinking = False
        self.pending: set[int] = set()  # articles that link to later ones
        self.used_attachments: set[int] = set()
        self.images_used: list[int] = []

    def run(self, records) -> None:
        self.attachments = {r.id: r for r in records["article_attachments"]}
        self.attachment_urls = {
            str(r.data.get("content_url")): r.id
            for r in records["article_attachments"]
            if r.data.get("content_url")
        }
        self.exported = {("articles", r.id) for r in records["articles"]}
        self.exported |= {("sections", r.id) for r in records["sections"]}
        self.exported |= {("categories", r.id) for r in records["categories"]}
        by_id = {}
        for record in records["articles"]:
            by_id.setdefault(record.id, []).append(record)
        for versions in by_id.values():
            self.import_article(versions)
        # Bodies that linked to articles imported after them, linked now.
        for zendesk_id in sorted(self.pending):
            if zendesk_id in self.articles:
                self.import_article(by_id[zendesk_id], relink=True)
        for record in records["comments"]:
            self.import_comment(record)
        for record in records["votes"]:
            self.import_vote(record)
        self._unused_attachments()

    # ---- articles -------------------------------------------------------

    def import_article(self, versions: list[Record], relink: bool = False) -> None:
        record = self._source_version(versions)
        self.current = record
        self.links_later = False
        self.relinking = relink
        self.images_used = []
        try:
            with transaction.atomic():
                article, outcome = self._save_article(record, versions, force=relink)
        except (ValidationError, ValueError, TypeError) as error:
            if relink:
                self.report.lost.append(
                    f"{record.where()}: links not updated ({_error(error)})"
                )
            else:
                self.report.skip("Articles", record.where(), _error(error))
            return
        self.articles[record.id] = article
        if self.links_later and not relink:
            self.pending.add(record.id)
        if not relink:
            self.report.count("Articles", outcome)

    def _source_version(self, versions: list[Record]) -> Record:
        for record in versions:
            source = record.data.get("source_locale") or record.data.get("locale")
            if str(record.data.get("locale") or source).lower() == str(source).lower():
                return record
        return versions[0]

    def _save_article(self, record: Record, versions: list[Record], force: bool):
        data = record.data
        language, section, title, segment = self._checked(data)
        body = self.convert(data.get("body"))
        translations = self._translations(record, versions, language)
        created, updated = (
            parse_time(data.get("created_at")),
            parse_time(data.get("updated_at")),
        )
        fields = {
            "_digest": [t.data for t in translations]
            + [a.data for a in self._attachments_of(record)],
            "section": section,
            "title": title[:200],
            "slug": slug_for(title, "article"),
            "body": body,
            "language": language,
            "visibility": segment[0] if segment else Visibility.EVERYONE,
            "status": Article.Status.DRAFT
            if data.get("draft")
            else Article.Status.PUBLISHED,
            "promoted": bool(data.get("promoted")),
            "position": _position(data.get("position")),
            "labels": ", ".join(str(label) for label in _list(data.get("label_names")))[
                :255
            ],
            "author": self.importer.users.get(ref(data.get("author_id"))),
            "published_at": None if data.get("draft") else created,
        }
        extra = {
            "comments_disabled": bool(data.get("comments_disabled")),
            "edited_at": data.get("edited_at"),
            "outdated": bool(data.get("outdated")),
            "user_segment": segment[1] if segment else None,
        }
        article, outcome = self.importer.upsert(
            Kind.ARTICLE, record, Article, fields, extra=extra, force=force
        )
        if outcome == "unchanged":
            return article, outcome
        self._set_counts(article, record, created, updated)
        ArticleImage.objects.filter(pk__in=self.images_used).update(article=article)
        for translation in translations:
            self._save_translation(article, translation)
        return article, outcome

    def _checked(self, data: dict):
        """The article's language, section, title and user segment, or the
        reason it cannot be imported (ValueError)."""
        language = language_of(data.get("source_locale") or data.get("locale"))
        if language is None:
            raise ValueError(
                f"its locale {data.get('source_locale') or data.get('locale')!r} "
                "is not one of ours"
            )
        section = self.importer.sections.get(ref(data.get("section_id")))
        if section is None:
            raise ValueError(f"its section {data.get('section_id')} was not imported")
        title = str(data.get("title") or data.get("name") or "").strip()
        if not title:
            raise ValueError("no title")
        segment = self.importer.segments.get(ref(data.get("user_segment_id")))
        if data.get("user_segment_id") and segment is None:
            raise ValueError(
                f"its user segment {data['user_segment_id']} is not in the export"
            )
        return language, section, title, segment

    def _set_counts(self, article, record, created, updated) -> None:
        count, total = record.data.get("vote_count"), record.data.get("vote_sum")
        if not (
            isinstance(count, int) and isinstance(total, int) and abs(total) <= count
        ):
            count, total = 0, 0
        changes = {"vote_count": count, "helpful_count": (count + total) // 2}
        if created:
            changes["created_at"] = created
        if updated:
            changes["updated_at"] = updated
        Article.objects.filter(pk=article.pk).update(**changes)

    def _translations(self, record, versions, language) -> list[Record]:
        found = list(self.importer.translations_of("article", record))
        found += [v for v in versions if v is not record]
        kept = []
        for translation in found:
            locale = translation.data.get("locale")
            if language_of(locale) is None:
                self.report.skip(
                    "Translations",
                    f"{translation.where()} ({locale})",
                    "locale not one of ours "
                    f"({', '.join(LOCALE_OF_LANGUAGE.values())})",
                )
            elif language_of(locale) != language:
                kept.append(translation)
        return kept

    def _save_translation(self, article, record: Record) -> None:
        data = record.data
        title = str(data.get("title") or "").strip()
        if not title:
            raise ValueError(f"its {data.get('locale')} translation has no title")
        language = language_of(data.get("locale"))
        translation = ArticleTranslation.objects.filter(
            article=article, language=language
        ).first()
        outcome = "updated" if translation else "created"
        translation = translation or ArticleTranslation(
            article=article, language=language
        )
        translation.title = title[:200]
        translation.slug = slug_for(title, article.slug)
        translation.body = self.convert(data.get("body"))
        translation.status = (
            Article.Status.DRAFT if data.get("draft") else Article.Status.PUBLISHED
        )
        translation.full_clean(validate_unique=False, validate_constraints=False)
        translation.save()
        changes = {
            k: parse_time(data.get(k))
            for k in ("created_at", "updated_at")
            if parse_time(data.get(k))
        }
        # Last: saving the article may have marked it outdated already.
        changes["outdated"] = bool(data.get("outdated"))
        ArticleTranslation.objects.filter(pk=translation.pk).update(**changes)
        if record.key == "translations":
            ZendeskRecord.objects.update_or_create(
                kind=Kind.TRANSLATION,
                zendesk_id=record.id,
                defaults={
                    "object_id": translation.pk,
                    "extra": {"outdated": bool(data.get("outdated"))},
                },
            )
        if data.get("outdated") and not self.relinking:
            self.report.notes.append(
                f"{record.where()} ({data.get('locale')}) is marked outdated in Zendesk"
            )
        if not self.relinking:
            self.report.count("Translations", outcome)

    # ---- bodies ---------------------------------------------------------

    def convert(self, html) -> str:
        markdown, lost = html_to_markdown(
            str(html or ""), link=self.rewrite_link, image=self.rewrite_image
        )
        for item in lost:
            self.report.lost.append(f"{self.current.where()}: {item}")
        return markdown

    def rewrite_link(self, href: str) -> str | None:
        match = HC_LINK.match(href)
        if not match or not self.importer.own_host(match["host"]):
            return None
        kind, zendesk_id, rest = match["kind"], int(match["id"]), match["rest"] or ""
        target = {
            "articles": self.articles,
            "sections": self.importer.sections,
            "categories": self.importer.categories,
        }[kind].get(zendesk_id)
        if target is not None:
            return _stable_url(kind, target) + rest
        if (kind, zendesk_id) in self.exported:
            self.links_later = True
        else:
            self.report.lost.append(
                f"{self.current.where()}: link to {KIND_NAMES[kind]} "
                f"{zendesk_id}, which is not in the export (left as {href})"
            )
        return None

    def rewrite_image(self, src: str) -> str | None:
        match = ATTACHMENT_LINK.match(src)
        attachment_id = self.attachment_urls.get(src)
        if attachment_id is None and match and self.importer.own_host(match["host"]):
            attachment_id = int(match["id"])
        if attachment_id is None:
            if src.startswith(("http://", "https://")) and not (
                match and self.importer.own_host(match["host"])
            ):
                self.report.notes.append(
                    f"{self.current.where()}: image {src} stays on its own server"
                )
                return src
            return None
        attachment = self.attachments.get(attachment_id)
        if attachment is None:
            return None
        self.used_attachments.add(attachment_id)
        url = self.importer.import_image(
            attachment, str(self.current.data.get("title") or "")
        )
        link = ZendeskRecord.objects.filter(
            kind=Kind.ATTACHMENT, zendesk_id=attachment_id
        ).first()
        if link:
            self.images_used.append(link.object_id)
        return url

    def _attachments_of(self, record) -> list[Record]:
        return [
            a
            for a in self.attachments.values()
            if a.data.get("article_id") == record.id
        ]

    def _unused_attachments(self) -> None:
        for attachment in self.attachments.values():
            if attachment.id not in self.used_attachments:
                self.report.lost.append(
                    f"{attachment.where()} ({attachment.data.get('file_name')}): "
                    "not shown in "
                    "an article body; only images in bodies are brought in"
                )

    # ---- comments and votes -----------------------------------------------

    def import_comment(self, record: Record) -> None:
        data = record.data
        article = self.articles.get(ref(data.get("source_id")))
        author = self.importer.users.get(ref(data.get("author_id")))
        if article is None:
            self.report.skip(
                "Comments",
                record.where(),
                f"its article {data.get('source_id')} was not imported",
            )
            return
        if author is None:
            self.report.skip(
                "Comments",
                record.where(),
                f"its author {data.get('author_id')} is not in users",
            )
            return
        self.current = record
        fields = {
            "article": article,
            "author": author,
            "body": self.convert(data.get("body")),
            "status": Comment.Status.PUBLISHED,
        }
        if parse_time(data.get("created_at")):
            fields["created_at"] = parse_time(data.get("created_at"))
        try:
            with transaction.atomic():
                _comment, outcome = self.importer.upsert(
                    Kind.COMMENT, record, Comment, fields
                )
        except (ValidationError, ValueError, TypeError) as error:
            self.report.skip("Comments", record.where(), _error(error))
            return
        self.report.count("Comments", outcome)

    def import_vote(self, record: Record) -> None:
        data = record.data
        article = self.articles.get(ref(data.get("item_id")))
        user = self.importer.users.get(ref(data.get("user_id")))
        if (
            str(data.get("item_type", "Article")) != "Article"
            or article is None
            or user is None
        ):
            self.report.skip(
                "Votes", record.where(), "its article or user was not imported"
            )
            return
        if data.get("value") not in (1, -1):
            self.report.skip("Votes", record.where(), "its value is not 1 or -1")
            return
        try:
            with transaction.atomic():
                # Counted already in the article's vote_count and vote_sum.
                vote, created = Vote.objects.get_or_create(
                    article=article,
                    user=user,
                    defaults={"helpful": data["value"] == 1},
                )
                if created and parse_time(data.get("created_at")):
                    Vote.objects.filter(pk=vote.pk).update(
                        created_at=parse_time(data.get("created_at"))
                    )
                ZendeskRecord.objects.update_or_create(
                    kind=Kind.VOTE,
                    zendesk_id=record.id,
                    defaults={"object_id": vote.pk},
                )
        except (IntegrityError, TypeError) as error:
            self.report.skip("Votes", record.where(), str(error))
            return
        self.report.count("Votes", "created" if created else "unchanged")


def _stable_url(kind: str, target) -> str:
    if kind == "articles":
        return f"/articles/{target.pk}/"
    name = {"sections": "articles:section", "categories": "articles:category"}[kind]
    url = reverse(name, kwargs={"pk": target.pk, "slug": target.slug})
    return "/" + url.lstrip("/").split("/", 1)[1]  # without the language prefix


def _list(value) -> list:
    return value if isinstance(value, list) else []
