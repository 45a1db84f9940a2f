from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from post_office import apps as post_office_apps


class HelpcenterConfig(AppConfig):
    name = "helpcenter"
    verbose_name = "Help Center"
    default = True

    def ready(self):
        # Connects the receivers that bump the content version.
        from . import pagecache  # noqa: F401


class OutboxConfig(post_office_apps.PostOfficeConfig):
    """django-post-office, named for what it is here: every email's outbox."""

    # Not the `helpcenter` app's own configuration (the library's class is
    # not imported by name here either, for the same reason).
    default = False
    verbose_name = _("Mail outbox")
