"""Delete uploaded files that no row refers to any more.

A request that failed after writing a file (the database rolled back, the
file stayed) leaves such a file behind. Files younger than --min-age are
kept: they may belong to an upload that is still being saved.
"""

import datetime

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from articles.models import ArticleImage
from support.models import Attachment

# The folders uploads go to (articles.models.random_upload_name), and the
# file fields that refer to them.
FOLDERS = {
    "articles": (ArticleImage, "image"),
    "support": (Attachment, "file"),
}


def walk(storage, folder: str):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for directory in directories:
        yield from walk(storage, f"{folder}/{directory}")


class Command(BaseCommand):
    help = "Delete uploaded files no article image or screenshot refers to."

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-age",
            type=float,
            default=24,
            help="Only files older than this many hours (default 24).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be deleted."
        )

    def handle(self, *args, min_age, dry_run, **options):
        storage = default_storage
        cutoff = timezone.now() - datetime.timedelta(hours=min_age)
        found = deleted = 0
        for folder, (model, field) in FOLDERS.items():
            if not storage.exists(folder):
                continue
            used = set(model.objects.values_list(field, flat=True))
            for name in walk(storage, folder):
                found += 1
                if name in used or storage.get_modified_time(name) > cutoff:
                    continue
                deleted += 1
                self.stdout.write(("Would delete " if dry_run else "Deleted ") + name)
                if not dry_run:
                    storage.delete(name)
        verb = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{found} files checked, {deleted} orphan files {verb}.")
