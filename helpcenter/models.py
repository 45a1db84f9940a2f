from django.db import connections, models, router
from django.utils import timezone


class ContentVersionManager(models.Manager):
    def number(self) -> int | None:
        """The current number; plain SQL, as every visitor's page reads it."""
        connection = connections[router.db_for_read(self.model)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT number FROM {self.model._meta.db_table} WHERE id = 1"  # noqa: S608
            )
            row = cursor.fetchone()
        return None if row is None else row[0]


class ContentVersion(models.Model):
    """One row: a number that every change to what pages show increments.

    Cached pages and fragments are keyed by it (helpcenter.pagecache), so
    a change makes every one of them unreachable at once, in every worker.
    """

    number = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(default=timezone.now)

    objects = ContentVersionManager()

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return f"version {self.number}"
