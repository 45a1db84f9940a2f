from django.conf import settings
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
        super().process_request(request)
        if translation.get_language_from_path(request.path_info):
            return
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        language = getattr(user, "language", "")
        if language in SUPPORTED:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
