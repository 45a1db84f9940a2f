"""Reading a Zendesk export folder, and the report of what an import did.

The folder holds JSON files as the Help Center API returns them, under any
names and in any number of pages; each is recognised by its top-level key.
Attachment files sit in `attachments/`, named by attachment id or by file
name (see docs/zendesk.md).
"""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.utils.dateparse import parse_datetime

KEYS = (
    "user_segments",
    "users",
    "categories",
    "sections",
    "articles",
    "translations",
    "article_attachments",
    "comments",
    "votes",
)

# Zendesk locales and the portal's languages.
LANGUAGE_OF_LOCALE = {
    "en-us": "en",
    "en": "en",
    "fr": "fr",
    "de": "de",
    "pt-br": "pt-br",
}
LOCALE_OF_LANGUAGE = {"en": "en-us", "fr": "fr", "de": "de", "pt-br": "pt-br"}


def language_of(locale) -> str | None:
    return LANGUAGE_OF_LOCALE.get(str(locale or "").lower())


def parse_time(value) -> datetime | None:
    """An aware datetime from Zendesk's ISO 8601 text (UTC when it has no zone)."""
    try:
        parsed = parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


@dataclass
class Record:
    key: str
    file: str
    data: dict

    @property
    def id(self):
        return self.data.get("id")

    def where(self) -> str:
        return f"{self.file}: {self.key.removesuffix('s')} {self.id}"


@dataclass
class Report:
    counts: dict = field(default_factory=lambda: defaultdict(Counter))
    skipped: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def skip(self, kind: str, where: str, reason: str) -> None:
        self.counts[kind]["skipped"] += 1
        self.skipped.append(f"{where}: {reason}")

    def lines(self, dry_run: bool) -> list[str]:
        verb = "would be " if dry_run else ""
        lines = []
        for kind, counts in self.counts.items():
            outcomes = ["created", "updated", "unchanged"]
            outcomes += [o for o in counts if o not in {*outcomes, "skipped"}]
            parts = [f"{counts[o]} {verb}{o}" for o in [*outcomes, "skipped"]]
            lines.append(f"{kind}: " + ", ".join(parts))
        for title, items in (
            ("Skipped", self.skipped),
            ("Not brought in", self.lost),
            ("Notes", self.notes),
        ):
            if items:
                lines.append(f"{title}:")
                # A body converted twice (its links resolved later) reports once.
                lines.extend(f"  {item}" for item in dict.fromkeys(items))
        return lines


def read_folder(path: Path, report: Report) -> dict[str, list[Record]]:
    """Every record of every JSON file in `path`, by top-level key."""
    found = {key: [] for key in KEYS}
    for file in sorted(path.glob("*.json")):
        try:
            content = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            report.skip("Files", file.name, f"not readable as JSON ({error})")
            continue
        keys = [k for k in KEYS if isinstance(content, dict) and k in content]
        if not keys:
            report.skip(
                "Files", file.name, "no known top-level key (" + ", ".join(KEYS) + ")"
            )
            continue
        for key in keys:
            items = content[key]
            if not isinstance(items, list):
                report.skip("Files", file.name, f"{key!r} is not a list")
                continue
            for index, item in enumerate(items):
                if not isinstance(item, dict) or not _is_id(item.get("id")):
                    report.skip(
                        key.replace("_", " ").capitalize(),
                        f"{file.name}: {key}[{index}]",
                        "not a record with a numeric id",
                    )
                    continue
                found[key].append(Record(key, file.name, item))
    return found


def ref(value) -> int | None:
    """A record's reference to another (`section_id`...), if it is an id."""
    return value if _is_id(value) else None


def _is_id(value) -> bool:
    # A positive 64-bit integer, as Zendesk's ids are.
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def attachment_file(folder: Path, attachment: dict) -> Path | None:
    """An attachment's file: attachments/<id>, <id>-<name>, <id>/<name> or <name>."""
    base = folder / "attachments"
    name = Path(str(attachment.get("file_name") or "")).name
    ident = str(attachment["id"])
    candidates = [base / ident, base / ident / name, base / f"{ident}-{name}"]
    if name:
        candidates.append(base / name)
    candidates += sorted(base.glob(f"{ident}.*")) if base.is_dir() else []
    for candidate in candidates:
        if candidate.is_file() and candidate.resolve().is_relative_to(base.resolve()):
            return candidate
    return None
