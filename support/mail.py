"""Emails about support requests: to the region's inbox, and to the person.

A request is saved before any mail is sent. Each of the two emails records
when it went out; what failed is retried by `manage.py
send_pending_support_mail`, so nothing is lost when the mail server is down.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import SupportRequest

logger = logging.getLogger(__name__)


def _absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _render(template: str, context: dict) -> tuple[str, str]:
    subject = render_to_string(f"support/email/{template}_subject.txt", context)
    body = render_to_string(f"support/email/{template}.txt", context)
    return " ".join(subject.split()), body


def send_request_mail(support_request: SupportRequest, base_url: str = "") -> bool:
    """Send what is not sent yet; True when both emails have gone out."""
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

    if support_request.mail_sent_at is None:
        # The team reads English, the portal's source language.
        with translation.override(settings.LANGUAGE_CODE):
            subject, body = _render("request_team", context())
        message = EmailMessage(
            subject,
            body,
            to=[support_request.region.email],
            reply_to=[support_request.email],
        )
        if _send(message, support_request, "team"):
            support_request.mail_sent_at = timezone.now()
            support_request.save(update_fields=["mail_sent_at", "updated_at"])
    if support_request.confirmation_sent_at is None:
        language = settings.LANGUAGE_CODE
        if support_request.user and support_request.user.language:
            language = support_request.user.language
        with translation.override(support_request.language or language):
            subject, body = _render("request_confirmation", context())
        message = EmailMessage(subject, body, to=[support_request.email])
        if _send(message, support_request, "confirmation"):
            support_request.confirmation_sent_at = timezone.now()
            support_request.save(update_fields=["confirmation_sent_at", "updated_at"])
    return bool(support_request.mail_sent_at and support_request.confirmation_sent_at)


def _send(message: EmailMessage, support_request: SupportRequest, what: str) -> bool:
    try:
        message.send()
    except Exception:
        logger.exception(
            "Could not send the %s email of support request %s; it will be retried",
            what,
            support_request.reference,
        )
        return False
    return True
