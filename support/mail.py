"""Emails about support requests: to the region's inbox, and to the person.

Both go to the outbox (helpcenter.outbox) in the transaction that saves the
request, so a request is never saved without its emails, and a mail server
that is down delays them without losing them.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import translation

from .models import SupportRequest


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _render(template: str, context: dict) -> tuple[str, str]:
    subject = render_to_string(f"support/email/{template}_subject.txt", context)
    body = render_to_string(f"support/email/{template}.txt", context)
    return " ".join(subject.split()), body


def queue_request_mail(support_request: SupportRequest, base_url: str = "") -> None:
    """Put the email to the region's inbox and the confirmation in the outbox."""
    get_connection().send_messages(list(request_messages(support_request, base_url)))


def request_messages(
    support_request: SupportRequest, base_url: str = ""
) -> tuple[EmailMessage, EmailMessage]:
    """The email to the region's inbox, and the confirmation to the person."""
    base_url = base_url or settings.PORTAL_URL
    attachments = list(support_request.attachments.all())

    def context():
        # Called in the language of the email, so links lead to pages in it.
        return {
            "request": support_request,
            "attachments": [
                _absolute(base_url, attachment.get_absolute_url())
                for attachment in attachments
            ],
            "admin_url": _absolute(base_url, support_request.get_admin_url()),
            "PORTAL_NAME": settings.PORTAL_NAME,
        }

    # The team reads English, the portal's source language.
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _render("request_team", context())
    team = EmailMessage(
        subject,
        body,
        to=[support_request.region.email],
        reply_to=[support_request.email],
    )
    language = settings.LANGUAGE_CODE
    if support_request.user and support_request.user.language:
        language = support_request.user.language
    with translation.override(support_request.language or language):
        subject, body = _render("request_confirmation", context())
    confirmation = EmailMessage(subject, body, to=[support_request.email])
    return team, confirmation
