from django.core.management.base import BaseCommand

from articles.links import check_links


class Command(BaseCommand):
    help = (
        "Find links to missing, unpublished or less visible articles, and "
        "missing images, in published articles; the admin's Needs attention "
        "page lists them."
    )

    def handle(self, *args, **options):
        broken = check_links()
        for link in broken:
            self.stdout.write(
                f"{link.article_id} ({link.language}): {link.url} - "
                f"{link.get_reason_display()}"
            )
        self.stdout.write(f"{len(broken)} broken link(s) found.")
