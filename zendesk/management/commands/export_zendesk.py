from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zendesk.exporter import Exporter


class Command(BaseCommand):
    help = (
        "Write the help center as Zendesk Help Center API JSON files (and "
        "attachments/), the layout import_zendesk reads."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--base-url",
            default="http://localhost:8000",
            help="The portal's address, for the records' url and html_url.",
        )

    def handle(self, *args, path: Path, base_url: str, **options):
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise CommandError(f"{path} exists and is not an empty folder.")
        counts = Exporter(path, base_url).run()
        for key, count in counts.items():
            self.stdout.write(f"{key}: {count}")
        self.stdout.write(self.style.SUCCESS(f"Exported to {path}."))
