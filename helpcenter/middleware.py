from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with the signed-in user's profile first.

    A page's address says its language (`/fr/...`). An address without one
    is sent to the language of the user's profile, else the remembered
    choice (cookie), else the browser's Accept-Language, else English.
    The admin, which has no language prefix, follows the same order.
    """

    def process_request(self, request):
        if language := _prefixed_language(request):
            # All Django's middleware would do, read once (every page).
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
            return
        super().process_request(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        language = getattr(user, "language", "")
        if language in SUPPORTED:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if _prefixed_language(request):
            # No redirect to a prefixed address, no Vary: the address alone
            # says the language.
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)


def _prefixed_language(request) -> str | None:
    """The language the address starts with (`/fr/...`), when the URLconf
    has language-prefixed patterns; read once per request."""
    try:
        return request._prefixed_language
    except AttributeError:
        pass
    language = None
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    if is_language_prefix_patterns_used(urlconf)[0]:
        language = translation.get_language_from_path(request.path_info)
    request._prefixed_language = language
    return language
