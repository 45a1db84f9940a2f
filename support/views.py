import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from helpcenter.files import send_file

from . import mail, routing, useragent
from .forms import RegionChoiceForm, SupportRequestForm
from .models import Attachment, SupportRequest

logger = logging.getLogger(__name__)

SENT_SESSION_KEY = "support_request_sent"


@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    routed = routing.region_for(request.user, request)
    regions = routing.regions()
    chooser = RegionChoiceForm(
        regions=regions,
        initial={
            "region": routed.region.pk
            if routed and routed.source == routing.Source.CHOICE
            else RegionChoiceForm.AUTOMATIC
        },
    )
    return render(
        request,
        "support/contact.html",
        {"routed": routed, "region": routed and routed.region, "chooser": chooser},
    )


@require_http_methods(["GET", "POST"])
def choose_region(request: HttpRequest) -> HttpResponse:
    """Remember the region a person picked (profile, or session for visitors).

    Visitors choose with a GET (their cached pages carry no CSRF token): it
    changes only this browser's session. Only a POST changes a profile.
    """
    data = request.POST if request.method == "POST" else request.GET
    form = RegionChoiceForm(data, regions=routing.regions())
    back = data.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("support:contact")
    if not form.is_valid():
        messages.error(request, _("Choose a region from the list."))
        return redirect(back)
    chosen = form.chosen
    if request.method == "POST" and request.user.is_authenticated:
        request.user.support_region = chosen
        request.user.save(update_fields=["support_region"])
    if chosen is None:
        request.session.pop(routing.SESSION_KEY, None)
        messages.success(request, _("We choose your region for you again."))
    else:
        request.session[routing.SESSION_KEY] = chosen.pk
        messages.success(
            request,
            _("You now see the contacts of %(region)s.") % {"region": chosen.name},
        )
    return redirect(back)


@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    if request.method == "POST":
        form = SupportRequestForm(request.POST, request.FILES, user=user)
        if form.is_valid() and is_ratelimited(
            request,
            group="support.request",
            key="user_or_ip",
            rate=settings.RATE_LIMITS["support_request"],
            increment=True,
        ):
            form.add_error(
                None,
                _(
                    "You have sent several requests in a short time. Wait a "
                    "while before sending another, or write to the email "
                    "address on the contact page."
                ),
            )
        if form.is_valid():
            support_request = _save(request, form, user)
            request.session[SENT_SESSION_KEY] = support_request.reference
            return redirect("support:request-sent")
        status = 400
    else:
        agent = request.headers.get("User-Agent", "")
        initial = {
            "browser": useragent.browser(agent),
            "operating_system": useragent.operating_system(agent),
            "site_id": user.site_id if user and user.site_id else "",
        }
        if request.GET.get("contact") == SupportRequest.ContactMethod.CALLBACK:
            initial["contact_method"] = SupportRequest.ContactMethod.CALLBACK
        if request.GET.get("topic") in SupportRequest.Topic.values:
            initial["topic"] = request.GET["topic"]
        form = SupportRequestForm(initial=initial, user=user)
        status = 200
    routed = routing.region_for(request.user, request)
    return render(
        request,
        "support/request_form.html",
        {"form": form, "region": routed and routed.region},
        status=status,
    )


def _save(request: HttpRequest, form: SupportRequestForm, user) -> SupportRequest:
    """One transaction for the request, its screenshots and its emails.

    If anything fails, the files already written are removed again, so a
    failure leaves neither rows nor files behind.
    """
    written = []
    try:
        with transaction.atomic():
            support_request = form.save(commit=False)
            support_request.user = user
            if user is not None:
                support_request.email = user.email
            support_request.region = routing.region_for(request.user, request).region
            support_request.language = get_language() or ""
            support_request.save()
            for upload in form.cleaned_data["screenshots"]:
                attachment = Attachment(
                    request=support_request,
                    original_name=upload.name[:255],
                    size=upload.size,
                )
                attachment.file.save(upload.name, upload, save=False)
                written.append(attachment.file.name)
                attachment.save()
            mail.queue_request_mail(support_request, request.build_absolute_uri("/"))
    except Exception:
        storage = Attachment._meta.get_field("file").storage
        for name in written:
            storage.delete(name)
        raise
    return support_request


@require_GET
def request_sent(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(SENT_SESSION_KEY)
    if not reference:
        return redirect("support:request")
    support_request = (
        SupportRequest.objects.filter(reference=reference)
        .select_related("region")
        .first()
    )
    if support_request is None:
        return redirect("support:request")
    return render(
        request, "support/request_sent.html", {"support_request": support_request}
    )


@require_GET
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """Screenshots are for support staff only; never from a public folder."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (request.user.is_staff and request.user.has_perm("support.view_attachment")):
        raise PermissionDenied
    found = get_object_or_404(Attachment, pk=pk)
    response = send_file(found.file)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, no_store=True)
    return response
