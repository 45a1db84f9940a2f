from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import routing


def support(request: HttpRequest) -> dict:
    """The routed region for the Support panel; worked out only when shown."""
    return {
        "support_routing": SimpleLazyObject(
            lambda: routing.region_for(getattr(request, "user", None), request)
        )
    }
