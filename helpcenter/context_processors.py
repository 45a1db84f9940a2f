from django.conf import settings
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict:
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "SUPPORT_CHAT_URL": settings.SUPPORT_CHAT_URL,
    }
