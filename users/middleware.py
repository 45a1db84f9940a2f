from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _


class StaffSecondFactorMiddleware:
    """With STAFF_REQUIRE_MFA, staff set up an authenticator app first.

    Until they have one, the admin and the moderation queue send them to
    allauth's page for it; the rest of the portal works as for anyone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.STAFF_REQUIRE_MFA and self.needs_second_factor(request):
            messages.warning(
                request,
                _(
                    "Staff accounts need a second factor: set up an "
                    "authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def needs_second_factor(request) -> bool:
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return False
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        staff_area = match.namespace == "admin" or (
            match.view_name == "articles:moderation"
        )
        if not staff_area:
            return False
        from allauth.mfa.models import Authenticator

        return not Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists()
