"""The portal while its mail server is away, and after it comes back.

The real SMTP backend talks to a closed local port (connection refused),
then to a small SMTP server run by the test in a thread.
"""

import email
import email.policy
import socket
import socketserver
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from post_office.models import STATUS, Email

from articles.models import Comment, Follow
from tests.factories import make_article, make_comment, make_manager, make_user
from tests.support.test_views import valid_data

pytestmark = pytest.mark.django_db


class SMTPSink(socketserver.ThreadingTCPServer):
    """A mail server that accepts every message and keeps it."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SMTPHandler)
        self.messages = []

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info):
        self.shutdown()
        self.server_close()


class SMTPHandler(socketserver.StreamRequestHandler):
    def handle(self):
        self.reply("220 sink ready")
        while line := self.rfile.readline():
            command = line[:4].upper()
            if command == b"DATA":
                self.reply("354 end with a dot")
                self.server.messages.append(self.read_message())
                self.reply("250 kept")
            elif command == b"QUIT":
                self.reply("221 bye")
                return
            else:  # EHLO, MAIL FROM, RCPT TO, RSET, NOOP
                self.reply("250 ok")

    def read_message(self):
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return email.message_from_bytes(b"".join(lines), policy=email.policy.default)

    def reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
        "DEFAULT_PRIORITY": "medium",
    }
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_TIMEOUT = 5
    return settings


def a_minute_passes():
    Email.objects.update(scheduled_time=F("scheduled_time") - timedelta(minutes=1))


def test_no_mail_is_lost_while_the_mail_server_is_down(client, smtp):
    # A manager approves a comment: its author and the article's follower.
    article = make_article()
    Follow.objects.create(article=article, user=make_user(email="fan@example.com"))
    comment = make_comment(
        article=article,
        author=make_user(email="author@example.com"),
        status=Comment.Status.PENDING,
    )
    client.force_login(make_manager())
    approved = client.post(
        reverse("articles:moderation"), {"one": f"approve:{comment.pk}"}
    )
    client.logout()
    # Someone forgot their password (allauth's mail).
    make_user(email="forgot@example.com")
    reset = client.post(
        reverse("account_reset_password"), {"email": "forgot@example.com"}
    )
    # A support request: to the region's team, and a confirmation.
    support = client.post(reverse("support:request"), valid_data())

    assert [approved.status_code, reset.status_code, support.status_code] == [
        302,
        302,
        302,
    ]
    assert client.get(reset["Location"]).status_code == 200
    assert client.get(support["Location"]).status_code == 200
    expected = [
        "author@example.com",
        "fan@example.com",
        "forgot@example.com",
        "pat@example.com",
        "uspubsupport@rakuten.com",
    ]
    assert sorted(e.to[0] for e in Email.objects.all()) == expected
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.queued}

    # The worker tries while the server is still down: every message waits.
    call_command("send_mail_worker", "--once")
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.requeued}
    assert {
        log.exception_type for e in Email.objects.all() for log in e.logs.all()
    } == {"ConnectionRefusedError"}

    # The server is back: the next rounds send each message once.
    with SMTPSink() as sink:
        smtp.EMAIL_PORT = sink.server_address[1]
        a_minute_passes()
        call_command("send_mail_worker", "--once")
        a_minute_passes()
        call_command("send_mail_worker", "--once")

    assert sorted(m["To"] for m in sink.messages) == expected
    message_ids = {m["Message-ID"] for m in sink.messages}
    assert message_ids == set(Email.objects.values_list("message_id", flat=True))
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}
    team = next(m for m in sink.messages if m["To"] == "uspubsupport@rakuten.com")
    assert team["Reply-To"] == "pat@example.com"
