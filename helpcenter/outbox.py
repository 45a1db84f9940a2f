"""The outbox: every email the portal sends, kept until it is delivered.

`OutboxBackend` is the portal's EMAIL_BACKEND, so every `send()`, allauth's
included, writes a django-post-office `Email` row in the transaction that
caused it: a rolled-back request sends nothing, and a mail server that is
down or slow is nobody's problem but the worker's.

`send_due()` is what `manage.py send_mail_worker` runs in a loop. Workers
claim each message with one conditional UPDATE (still queued and due, then
pushed a lease into the future): PostgreSQL's row lock and SQLite's database
lock make it atomic, so two workers never both send one message. A message
whose sending fails waits `RETRY_INTERVAL`, then twice as long after each
failure up to `LONGEST_WAIT`, and is "failed" after `MAX_RETRIES` retries;
the admin's "Send again" action queues it again.
"""

import contextlib
import logging
from collections.abc import Callable
from datetime import timedelta
from email.utils import make_msgid

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db.models import Q, QuerySet
from django.utils import timezone
from post_office.connections import connections
from post_office.models import PRIORITY, STATUS, Email, Log
from post_office.settings import (
    get_batch_size,
    get_default_priority,
    get_max_retries,
    get_message_id_enabled,
    get_message_id_fqdn,
    get_retry_timedelta,
)

logger = logging.getLogger(__name__)

# How long a claimed message is left to its worker. A worker that dies
# while sending leaves it to be sent again once the lease is over; a send
# takes at most EMAIL_TIMEOUT per step, far less than this.
LEASE = timedelta(minutes=10)
LONGEST_WAIT = timedelta(hours=1)


class OutboxBackend(BaseEmailBackend):
    """Writes each message to the outbox; the worker delivers it.

    post_office's own backend renders subjects and bodies as Django
    templates, which would run any template tag a comment or a support
    request contains, and mangle braces; this one stores them as they are.
    """

    def send_messages(self, email_messages):
        # One INSERT for all of a request's messages, and without Email's
        # full_clean(): an address the mail server refuses fails in the
        # worker, where staff see it, not in the request of the person.
        emails = Email.objects.bulk_create(
            [_outbox_row(message) for message in email_messages]
        )
        if get_default_priority() == "now":
            # EMAIL_QUEUE off (the demo): delivered at once, still recorded;
            # what fails waits for a worker like any other message.
            for email in emails:
                deliver(email)
            close_connections()
        return len(emails)


def _outbox_row(message: EmailMessage) -> Email:
    if message.attachments:
        raise ValueError("The outbox takes no attachments: link to the file.")
    headers = dict(message.extra_headers)
    if message.reply_to:
        headers.setdefault("Reply-To", ", ".join(message.reply_to))
    if get_message_id_enabled():
        headers.setdefault("Message-ID", make_msgid(domain=get_message_id_fqdn()))
    html = [
        content
        for content, mimetype in getattr(message, "alternatives", [])
        if mimetype == "text/html"
    ]
    return Email(
        from_email=message.from_email,
        to=message.to,
        cc=message.cc,
        bcc=message.bcc,
        subject=message.subject,
        message=message.body,
        html_message=html[0] if html else "",
        headers=headers,
        message_id=headers.get("Message-ID"),
        priority=PRIORITY.medium,
        status=STATUS.queued,
    )


def due(now=None) -> QuerySet[Email]:
    """Queued messages whose time has come, the most urgent first."""
    now = now or timezone.now()
    return (
        Email.objects.filter(status__in=[STATUS.queued, STATUS.requeued])
        .filter(Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=now))
        .order_by("-priority", "pk")
    )


def claim(pk: int) -> Email | None:
    """The message, if this worker is the one to send it now."""
    now = timezone.now()
    if not due(now).filter(pk=pk).update(scheduled_time=now + LEASE):
        return None
    return Email.objects.get(pk=pk)


def send_due(should_stop: Callable[[], bool] = lambda: False) -> tuple[int, int]:
    """Send one batch of due messages; (sent, failed) counts."""
    sent = failed = 0
    try:
        for pk in list(due().values_list("pk", flat=True)[: get_batch_size()]):
            if should_stop():
                break
            email = claim(pk)
            if email is None:
                continue  # another worker has it
            if deliver(email):
                sent += 1
            else:
                failed += 1
    finally:
        close_connections()
    return sent, failed


def deliver(email: Email) -> bool:
    try:
        email.dispatch(commit=False, disconnect_after_delivery=False)
    except Exception as error:
        record_failure(email, error)
        # A broken connection is not reused for the next message.
        close_connections()
        return False
    Email.objects.filter(pk=email.pk).update(
        status=STATUS.sent, scheduled_time=None, last_updated=timezone.now()
    )
    Log.objects.create(email=email, status=STATUS.sent, message="")
    return True


def close_connections() -> None:
    # Closing a connection the mail server has broken may fail in turn;
    # Django's backends forget it either way.
    with contextlib.suppress(Exception):
        connections.close()


def retry_wait(retries: int) -> timedelta:
    """The wait before retry number `retries` (1, 2, ...)."""
    return min(get_retry_timedelta() * 2 ** (retries - 1), LONGEST_WAIT)


def record_failure(email: Email, error: Exception) -> None:
    now = timezone.now()
    retries = email.number_of_retries or 0
    if retries < get_max_retries():
        retries += 1
        status, when = STATUS.requeued, now + retry_wait(retries)
        logger.warning(
            "Email %s not sent (%s), retry %s at %s", email.pk, error, retries, when
        )
    else:
        status, when = STATUS.failed, None
        logger.error("Email %s not sent (%s), giving up", email.pk, error)
    Email.objects.filter(pk=email.pk).update(
        status=status, number_of_retries=retries, scheduled_time=when, last_updated=now
    )
    Log.objects.create(
        email=email,
        status=STATUS.failed,
        message=str(error),
        exception_type=type(error).__name__,
    )


def requeue(emails: QuerySet[Email]) -> int:
    """Queue messages again for the next worker round, with fresh retries."""
    return emails.exclude(status=STATUS.sent).update(
        status=STATUS.queued,
        scheduled_time=None,
        number_of_retries=0,
        last_updated=timezone.now(),
    )
