"""`manage.py import_zendesk`: a Zendesk Help Center export into the portal.

Records are matched by Zendesk id (`ZendeskRecord`), so running the import
again updates what changed and never duplicates. Each article, with its
translations and images, is saved in one savepoint: all or nothing. What
cannot be brought in is listed in the report, never silently dropped.
"""

import hashlib
import json
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import validate_email
from django.db import transaction
from django.utils.text import slugify
from modeltranslation.utils import build_localized_fieldname

from articles.models import (
    ArticleImage,
    Category,
    Section,
    Visibility,
    validate_image_file,
)

from .models import Kind, ZendeskRecord
from .source import (
    LOCALE_OF_LANGUAGE,
    Record,
    Report,
    attachment_file,
    language_of,
    read_folder,
    ref,
)

User = get_user_model()
MAX_POSITION = 32767
HC_LINK = re.compile(
    r"^(?:https?://(?P<host>[^/?#]+))?/hc/(?:(?P<locale>[A-Za-z-]+)/)?"
    r"(?P<kind>articles|sections|categories)/(?P<id>\d+)[^?#]*(?P<rest>[?#].*)?$"
)
ATTACHMENT_LINK = re.compile(
    r"^(?:https?://(?P<host>[^/?#]+))?/hc/(?:[A-Za-z-]+/)?article_attachments/(?P<id>\d+)"
)
SEGMENT_VISIBILITY = {
    "signed_in_users": Visibility.SIGNED_IN,
    "staff": Visibility.STAFF,
}


def digest(*parts) -> str:
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def slug_for(text: str, fallback: str) -> str:
    return slugify(text or "")[:100].strip("-") or fallback


class Importer:
    def __init__(self, folder: Path, *, dry_run: bool = False):
        self.folder = folder
        self.dry_run = dry_run
        self.report = Report()
        self.used_sources: set[tuple] = set()  # (kind, id) whose translations count

    def run(self) -> Report:
        from .import_articles import ArticleImporter

        with transaction.atomic():
            records = read_folder(self.folder, self.report)
            self.records = records
            self.hosts = self._hosts(records)
            self.translations = self._translations_by_source(records["translations"])
            self.segments = self.import_segments(records["user_segments"])
            self.users = self.import_users(records["users"])
            self.categories = self.import_categories(records["categories"])
            self.sections = self.import_sections(records["sections"])
            ArticleImporter(self).run(records)
            self._orphan_translations()
            if self.dry_run:
                transaction.set_rollback(True)
        return self.report

    # ---- helpers --------------------------------------------------------

    def _hosts(self, records) -> set[str]:
        """The help center's own host names, from the records' html_url."""
        hosts = set()
        for key in ("categories", "sections", "articles"):
            for record in records[key]:
                match = re.match(
                    r"https?://([^/?#]+)/", str(record.data.get("html_url"))
                )
                if match:
                    hosts.add(match.group(1).lower())
        return hosts

    def own_host(self, host: str | None) -> bool:
        return host is None or host.lower() in self.hosts

    def _translations_by_source(self, records) -> dict:
        found = {}
        for record in records:
            source = (
                str(record.data.get("source_type", "")).lower(),
                ref(record.data.get("source_id")),
            )
            found.setdefault(source, []).append(record)
        return found

    def upsert(
        self, kind: str, record: Record, model, fields: dict, *, extra=None, force=False
    ):
        """Create or update the row for this Zendesk record; (row, outcome)."""
        fingerprint = digest(record.data, fields.get("_digest"))
        fields = {k: v for k, v in fields.items() if k != "_digest"}
        link = ZendeskRecord.objects.filter(kind=kind, zendesk_id=record.id).first()
        row = model.objects.filter(pk=link.object_id).first() if link else None
        if row is not None and link.digest == fingerprint and not force:
            return row, "unchanged"
        outcome = "updated" if row is not None else "created"
        row = row or model()
        for name, value in fields.items():
            setattr(row, name, value)
        row.full_clean(validate_unique=False, validate_constraints=False)
        row.save()
        ZendeskRecord.objects.update_or_create(
            kind=kind,
            zendesk_id=record.id,
            defaults={"object_id": row.pk, "digest": fingerprint, "extra": extra or {}},
        )
        return row, outcome

    def translations_of(self, kind: str, record: Record) -> list[Record]:
        self.used_sources.add((kind, record.id))
        return self.translations.get((kind, record.id), [])

    def _orphan_translations(self) -> None:
        for source, translations in self.translations.items():
            if source not in self.used_sources:
                for translation in translations:
                    self.report.skip(
                        "Translations",
                        translation.where(),
                        f"its {source[0] or 'source'} "
                        f"{translation.data.get('source_id')} was not imported",
                    )

    def translated_fields(self, kind: str, record: Record, names: dict) -> dict:
        """Category or section names and descriptions in each language."""
        fields = {}
        source = (
            language_of(record.data.get("source_locale") or record.data.get("locale"))
            or "en"
        )
        for name, key in names.items():
            fields[build_localized_fieldname(name, source)] = str(
                record.data.get(key) or ""
            )
        for translation in self.translations_of(kind, record):
            language = language_of(translation.data.get("locale"))
            if language is None:
                self.report.skip(
                    "Translations",
                    translation.where(),
                    f"locale {translation.data.get('locale')!r} is not one of ours "
                    f"({', '.join(LOCALE_OF_LANGUAGE.values())})",
                )
                continue
            if language == source:
                continue
            fields[build_localized_fieldname("name", language)] = str(
                translation.data.get("title") or ""
            )
            # A category's or section's translation carries its description
            # as its body: plain text, as the description itself.
            description = str(translation.data.get("body") or "")
            fields[build_localized_fieldname("description", language)] = description
            self.report.count("Translations", "created")
        return fields

    # ---- records --------------------------------------------------------

    def import_segments(self, records) -> dict[int, tuple[str, dict]]:
        """{segment id: (visibility, the segment as exported)}."""
        segments = {}
        for record in records:
            data = record.data
            visibility = SEGMENT_VISIBILITY.get(data.get("user_type"))
            if visibility is None:
                self.report.skip(
                    "User segments",
                    record.where(),
                    f"unknown user_type {data.get('user_type')!r}",
                )
                continue
            if visibility == Visibility.SIGNED_IN and any(
                data.get(key)
                for key in ("tags", "or_tags", "group_ids", "organization_ids")
            ):
                self.report.notes.append(
                    f"{record.where()} ({data.get('name')}) limits readers by tags, "
                    "groups "
                    "or organizations: its articles are shown to every signed-in user"
                )
            segments[record.id] = (visibility, data)
            self.report.count("User segments", "read")
        return segments

    def import_users(self, records) -> dict[int, object]:
        users = {}
        for record in records:
            email = str(record.data.get("email") or "").strip()
            try:
                validate_email(email)
            except ValidationError:
                self.report.skip("Users", record.where(), "no valid email address")
                continue
            user = User.objects.filter(email__iexact=email).first()
            taken = ZendeskRecord.objects.filter(
                kind=Kind.USER, object_id=getattr(user, "pk", None)
            ).exclude(zendesk_id=record.id)
            if user is not None and taken.exists():
                self.report.skip(
                    "Users", record.where(), f"another user has the email {email}"
                )
                continue
            outcome = "unchanged"
            if user is None:
                # No password: they choose one with "Forgot your password?".
                user = User.objects.create_user(
                    email=email, name=str(record.data.get("name") or "")[:150]
                )
                outcome = "created"
            ZendeskRecord.objects.update_or_create(
                kind=Kind.USER,
                zendesk_id=record.id,
                defaults={
                    "object_id": user.pk,
                    "extra": {"role": record.data.get("role")},
                },
            )
            users[record.id] = user
            self.report.count("Users", outcome)
        return users

    def import_categories(self, records) -> dict[int, Category]:
        categories = {}
        for record in records:
            data = record.data
            if not data.get("name"):
                self.report.skip("Categories", record.where(), "no name")
                continue
            fields = {
                "slug": slug_for(data.get("name"), "category"),
                "position": _position(data.get("position")),
                **self.translated_fields(
                    "category", record, {"name": "name", "description": "description"}
                ),
            }
            category, _outcome = self._save(
                Kind.CATEGORY, record, Category, fields, "Categories"
            )
            if category is not None:
                categories[record.id] = category
        return categories

    def import_sections(self, records) -> dict[int, Section]:
        sections = {}
        for record in records:
            data = record.data
            category = self.categories.get(ref(data.get("category_id")))
            if category is None:
                self.report.skip(
                    "Sections",
                    record.where(),
                    f"its category {data.get('category_id')} was not imported",
                )
                continue
            if not data.get("name"):
                self.report.skip("Sections", record.where(), "no name")
                continue
            if data.get("parent_section_id"):
                self.report.notes.append(
                    f"{record.where()} is inside section {data['parent_section_id']}: "
                    "sections do not nest here, it is listed beside it in its category"
                )
            fields = {
                "category": category,
                "slug": slug_for(data.get("name"), "section"),
                "position": _position(data.get("position")),
                **self.translated_fields(
                    "section", record, {"name": "name", "description": "description"}
                ),
            }
            extra = {"parent_section_id": data.get("parent_section_id")}
            section, _outcome = self._save(
                Kind.SECTION, record, Section, fields, "Sections", extra=extra
            )
            if section is not None:
                sections[record.id] = section
        return sections

    def _save(self, kind, record, model, fields, label, extra=None):
        try:
            with transaction.atomic():
                row, outcome = self.upsert(kind, record, model, fields, extra=extra)
        except (ValidationError, ValueError, TypeError) as error:
            self.report.skip(label, record.where(), _error(error))
            return None, "skipped"
        self.report.count(label, outcome)
        return row, outcome

    # ---- attachments ----------------------------------------------------

    def import_image(self, attachment: Record, article_title: str) -> str | None:
        """Our address for an attachment's image; None (reported) if not had."""
        link = ZendeskRecord.objects.filter(
            kind=Kind.ATTACHMENT, zendesk_id=attachment.id
        ).first()
        image = ArticleImage.objects.filter(pk=link.object_id).first() if link else None
        if image is not None:
            return image.image.url
        path = attachment_file(self.folder, attachment.data)
        name = attachment.data.get("file_name") or attachment.id
        if path is None:
            self.report.lost.append(
                f"{attachment.where()} ({name}): no file in attachments/"
            )
            return None
        # A file named by id alone (attachments/<id>) is saved under the
        # attachment's name, so that it keeps its type (.png...) when served.
        filename = path.name if path.suffix else Path(str(name)).name or path.name
        with path.open("rb") as file:
            wrapped = File(file, name=filename)
            try:
                validate_image_file(wrapped)
            except ValidationError as error:
                self.report.lost.append(
                    f"{attachment.where()} ({name}): {_messages(error)}"
                )
                return None
            if self.dry_run:
                self.report.count("Images", "created")
                return f"/media/articles/{filename}"
            image = ArticleImage(
                alt=str(attachment.data.get("alt") or name)[:200] or article_title[:200]
            )
            image.image.save(filename, wrapped, save=True)
        ZendeskRecord.objects.create(
            kind=Kind.ATTACHMENT,
            zendesk_id=attachment.id,
            object_id=image.pk,
            extra={"file_name": str(name)},
        )
        self.report.count("Images", "created")
        return image.image.url


def _position(value) -> int:
    return min(max(value, 0), MAX_POSITION) if isinstance(value, int) else 0


def _messages(error: ValidationError) -> str:
    return "; ".join(error.messages)


def _error(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return _messages(error)
    if isinstance(error, TypeError):
        return f"malformed record ({error})"
    return str(error)
