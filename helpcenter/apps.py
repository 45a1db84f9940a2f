from django.utils.translation import gettext_lazy as _
from post_office import apps as post_office_apps


class OutboxConfig(post_office_apps.PostOfficeConfig):
    """django-post-office, named for what it is here: every email's outbox."""

    # Not the `helpcenter` app's own configuration, which Django would
    # otherwise take this, the only AppConfig in this module, for (and so
    # the library's class is not imported by name here either).
    default = False
    verbose_name = _("Mail outbox")
