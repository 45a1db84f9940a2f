"""Month names for dates, kept in the portal's own catalogs.

Brazilian Portuguese writes them in lower case inside a date ("30 de novembro
de 2026"), where Django's own pt_BR catalog capitalises them. The portal's
catalogs come first (LOCALE_PATHS), so listing the names here, for
makemessages, is enough to correct them.
"""

from django.utils.translation import gettext_noop

MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
