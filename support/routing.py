"""Which regional support team a person should contact, and why.

The rules are the help article's: the French, German and Brazilian
Portuguese teams serve those countries and, wherever they are, speakers of
those languages; the Europe team serves European countries; the default team
everyone else. The inputs are tried in order of trust: the person's own
choice, their profile's language and country, the browser's language (and its
region subtag, as in fr-CA), then a country header set by a trusted proxy.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import (
    get_language_info,
    get_supported_language_variant,
    pgettext_lazy,
)
from django.utils.translation import gettext as _
from django_countries import countries

from .models import Region

SESSION_KEY = "support_region"
CACHE_KEY = "support:regions:v1"


class Source:
    CHOICE = "choice"
    PROFILE_LANGUAGE = "profile_language"
    PROFILE_COUNTRY = "profile_country"
    REQUEST_LANGUAGE = "request_language"
    REQUEST_COUNTRY = "request_country"
    PROXY_COUNTRY = "proxy_country"
    DEFAULT = "default"


@dataclass(frozen=True)
class Routing:
    region: Region
    source: str
    value: str = ""

    @property
    def reason(self) -> str:
        if self.source == Source.CHOICE:
            return _("You chose this region.")
        if self.source in (Source.PROFILE_LANGUAGE, Source.REQUEST_LANGUAGE):
            return _("Based on your language: %(language)s") % {
                "language": language_name(self.value)
            }
        if self.source in (Source.PROFILE_COUNTRY, Source.REQUEST_COUNTRY):
            return _("Based on your country: %(country)s") % {
                "country": countries.name(self.value) or self.value
            }
        if self.source == Source.PROXY_COUNTRY:
            return _("Based on your location: %(country)s") % {
                "country": countries.name(self.value) or self.value
            }
        return _(
            "We could not tell your country or language, so this is our main team."
        )


# The portal's languages as they read inside a sentence: French and
# Portuguese write language names in lower case there.
SENTENCE_NAMES = {
    "en": pgettext_lazy("language name in a sentence", "English"),
    "fr": pgettext_lazy("language name in a sentence", "French"),
    "de": pgettext_lazy("language name in a sentence", "German"),
    "pt-br": pgettext_lazy("language name in a sentence", "Brazilian Portuguese"),
}


def language_name(code: str) -> str:
    code = code.lower()
    base = code.split("-")[0]
    # "fr-ca" reads "French"; but "pt-pt" is not Brazilian Portuguese.
    name = SENTENCE_NAMES.get(code)
    if name is None and base in ("en", "fr", "de"):
        name = SENTENCE_NAMES[base]
    if name is not None:
        return str(name)
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        try:
            return get_language_info(code.split("-")[0])["name_translated"]
        except KeyError:
            return code


def regions() -> list[Region]:
    """All regions, in order; cached, as every page's Support panel uses them."""
    found = cache.get(CACHE_KEY)
    if found is None:
        found = list(Region.objects.all())
        cache.set(CACHE_KEY, found, 3600)
    return found


@receiver(post_save, sender=Region)
@receiver(post_delete, sender=Region)
def forget_regions(**kwargs):
    cache.delete(CACHE_KEY)


def default_region(candidates: list[Region]) -> Region | None:
    for region in candidates:
        if region.is_default:
            return region
    return candidates[0] if candidates else None


def match_language(code: str, candidates: list[Region]) -> Region | None:
    code = code.strip().lower().replace("_", "-")
    if not code:
        return None
    for region in candidates:
        if code in region.language_list:
            return region
    base = code.split("-")[0]
    for region in candidates:
        if base in region.language_list:
            return region
    return None


def match_country(code: str, candidates: list[Region]) -> Region | None:
    code = code.strip().upper()
    if not code:
        return None
    for region in candidates:
        if not region.is_default and code in region.countries:
            return region
    return None


def request_signals(request) -> list[tuple[str, str]]:
    """The browser's language, its region subtag, and a trusted country header."""
    signals = []
    if request is None:
        return signals
    accept = request.headers.get("Accept-Language", "")
    first = accept.split(",")[0].split(";")[0].strip().lower() if accept else ""
    language = (getattr(request, "LANGUAGE_CODE", "") or "").lower()
    if language and language != _supported(first):
        # The reader chose the page's language (its address, the language
        # menu or their profile), not the browser: it speaks first.
        signals.append((Source.REQUEST_LANGUAGE, language))
    if first and first != "*":
        signals.append((Source.REQUEST_LANGUAGE, first))
        if "-" in first:
            signals.append((Source.REQUEST_COUNTRY, first.split("-")[-1].upper()))
    # The language Django settled on comes after the browser's own first
    # choice and its region subtag: for pt-PT it is pt-br, the nearest
    # language the portal speaks, yet Portugal belongs to the Europe team.
    if language and language == _supported(first):
        signals.append((Source.REQUEST_LANGUAGE, language))
    header = settings.SUPPORT_COUNTRY_HEADER
    if header:
        value = request.headers.get(header, "").strip()
        if len(value) == 2 and value.isalpha():
            signals.append((Source.PROXY_COUNTRY, value.upper()))
    return signals


def _supported(code: str) -> str:
    """The portal language Django would pick for a browser language."""
    try:
        return get_supported_language_variant(code).lower() if code else ""
    except LookupError:
        return ""


def region_for(user, request=None) -> Routing | None:
    """The region for this person and the reason, or None if there is none."""
    candidates = regions()
    if not candidates:
        return None
    by_pk = {region.pk: region for region in candidates}
    chosen = None
    if user is not None and user.is_authenticated:
        chosen = user.support_region_id
    if chosen is None and request is not None and hasattr(request, "session"):
        chosen = request.session.get(SESSION_KEY)
    if chosen in by_pk:
        return Routing(by_pk[chosen], Source.CHOICE)

    signals = []
    if user is not None and user.is_authenticated:
        if user.language:
            signals.append((Source.PROFILE_LANGUAGE, user.language))
        if user.country:
            signals.append((Source.PROFILE_COUNTRY, str(user.country.code)))
    signals += request_signals(request)
    for source, value in signals:
        if source in (Source.PROFILE_LANGUAGE, Source.REQUEST_LANGUAGE):
            region = match_language(value, candidates)
        else:
            region = match_country(value, candidates)
        if region is not None:
            return Routing(region, source, value)
    # The default region serves everyone else: say what we went by.
    countries_known = [
        (source, value)
        for source, value in signals
        if source
        in (Source.PROFILE_COUNTRY, Source.REQUEST_COUNTRY, Source.PROXY_COUNTRY)
    ]
    source, value = (countries_known or signals or [(Source.DEFAULT, "")])[0]
    return Routing(default_region(candidates), source, value)
