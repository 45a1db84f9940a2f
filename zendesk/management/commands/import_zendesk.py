from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zendesk.importer import Importer


class Command(BaseCommand):
    help = (
        "Import a Zendesk Help Center export: a folder of the API's JSON files, "
        "with attachment files in PATH/attachments/ (see docs/zendesk.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would change, and change nothing.",
        )

    def handle(self, *args, path: Path, dry_run: bool, **options):
        if not path.is_dir():
            raise CommandError(f"{path} is not a folder.")
        report = Importer(path, dry_run=dry_run).run()
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
        for line in report.lines(dry_run):
            self.stdout.write(line)
        if report.skipped:
            raise CommandError(
                f"{len(report.skipped)} records were skipped (listed above)."
            )
        self.stdout.write(self.style.SUCCESS("Import complete."))
