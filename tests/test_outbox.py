import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email

from helpcenter import outbox
from tests.factories import make_staff, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent

CHANGELIST = reverse("admin:post_office_email_changelist")


@pytest.fixture
def queued(settings):
    """EMAIL_QUEUE on, as in production: mail waits for the worker."""
    settings.POST_OFFICE = {**settings.POST_OFFICE, "DEFAULT_PRIORITY": "medium"}
    return settings


def queue(n=1):
    for number in range(n):
        send_mail(f"Message {number}", "Body", None, [f"to{number}@example.com"])
    return list(Email.objects.order_by("pk"))


def fail_sending(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", down
    )


# ---- Writing to the outbox -----------------------------------------------


def test_sending_writes_a_row_and_sends_nothing_yet(queued):
    send_mail("Hello", "Body", None, ["pat@example.com"])

    email = Email.objects.get()
    assert (email.status, email.to, email.subject) == (
        STATUS.queued,
        ["pat@example.com"],
        "Hello",
    )
    assert email.message_id and email.headers["Message-ID"] == email.message_id
    assert mail.outbox == []


def test_a_rolled_back_transaction_leaves_no_mail(queued):
    with transaction.atomic():
        send_mail("Hello", "Body", None, ["pat@example.com"])
        transaction.set_rollback(True)

    assert not Email.objects.exists()


def test_text_is_kept_as_written_not_rendered_as_a_template(queued):
    text = "{% debug %} {{ settings.SECRET_KEY }} {% load nothing %} {{{x}}}"
    send_mail(text, text, None, ["pat@example.com"])

    call_command("send_mail_worker", "--once")

    assert (mail.outbox[0].subject, mail.outbox[0].body) == (text, text)


def test_reply_to_headers_and_html_survive_the_outbox(queued):
    message = EmailMultiAlternatives(
        "Hi",
        "Plain",
        to=["pat@example.com"],
        reply_to=["team@example.com"],
        headers={"List-Unsubscribe": "<https://help.example.com/u/1>"},
    )
    message.attach_alternative("<p>Rich</p>", "text/html")
    message.send()

    call_command("send_mail_worker", "--once")

    sent = mail.outbox[0]
    assert sent.extra_headers["Reply-To"] == "team@example.com"
    assert sent.extra_headers["List-Unsubscribe"] == "<https://help.example.com/u/1>"
    assert sent.alternatives[0][0] == "<p>Rich</p>"


def test_attachments_are_refused():
    message = EmailMessage("Hi", "Body", to=["pat@example.com"])
    message.attach("a.txt", "text", "text/plain")

    with pytest.raises(ValueError, match="no attachments"):
        message.send()


def test_with_the_queue_off_mail_is_sent_at_once_and_recorded():
    send_mail("Hello", "Body", None, ["pat@example.com"])

    assert [m.subject for m in mail.outbox] == ["Hello"]
    assert Email.objects.get().status == STATUS.sent


def test_with_the_queue_off_a_failure_waits_for_the_worker(monkeypatch):
    fail_sending(monkeypatch)

    send_mail("Hello", "Body", None, ["pat@example.com"])

    assert Email.objects.get().status == STATUS.requeued


# ---- The worker -----------------------------------------------------------


def test_the_worker_sends_each_message_once(queued):
    queue(3)

    call_command("send_mail_worker", "--once")
    call_command("send_mail_worker", "--once")

    assert sorted(m.to[0] for m in mail.outbox) == [
        "to0@example.com",
        "to1@example.com",
        "to2@example.com",
    ]
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}


def test_a_failure_waits_longer_each_time_then_gives_up(queued, monkeypatch):
    (email,) = queue()
    fail_sending(monkeypatch)
    waits = []

    for _ in range(queued.POST_OFFICE["MAX_RETRIES"] + 1):
        Email.objects.update(scheduled_time=None)  # its time has come
        before = timezone.now()
        assert outbox.send_due() == (0, 1)
        email.refresh_from_db()
        if email.scheduled_time:
            waits.append(round((email.scheduled_time - before) / timedelta(minutes=1)))

    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60, 60]
    assert email.status == STATUS.failed
    assert email.logs.filter(status=STATUS.failed).count() == 11
    assert "mail server down" in email.logs.first().message


def test_a_message_waiting_to_be_retried_is_not_sent_early(queued, monkeypatch):
    queue()
    fail_sending(monkeypatch)
    outbox.send_due()
    monkeypatch.undo()

    assert outbox.send_due() == (0, 0)
    assert mail.outbox == []


def test_a_message_is_claimed_by_one_worker_only(queued):
    queue(3)
    # Two workers have read the same due messages; each then claims them.
    seen_by_first = list(outbox.due().values_list("pk", flat=True))
    seen_by_second = list(outbox.due().values_list("pk", flat=True))

    claimed_by_first = [pk for pk in seen_by_first if outbox.claim(pk)]
    claimed_by_second = [pk for pk in seen_by_second if outbox.claim(pk)]

    assert claimed_by_first == seen_by_first
    assert claimed_by_second == []


def test_a_message_left_by_a_dead_worker_is_sent_after_the_lease(queued):
    (email,) = queue()
    outbox.claim(email.pk)  # ...and the worker dies

    assert outbox.send_due() == (0, 0)
    Email.objects.update(scheduled_time=timezone.now() - timedelta(seconds=1))
    assert outbox.send_due() == (1, 0)


def test_the_worker_finishes_its_message_then_stops_on_sigterm(monkeypatch):
    rounds = []

    def send_due(should_stop):
        rounds.append(should_stop())
        os.kill(os.getpid(), signal.SIGTERM)
        return 1, 0

    monkeypatch.setattr(outbox, "send_due", send_due)
    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        call_command("send_mail_worker", "--interval", "0")
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)

    assert rounds == [False]


class SlowBackend(BaseEmailBackend):
    """Takes a while per message, so that two workers overlap."""

    sent = []

    def send_messages(self, messages):
        time.sleep(0.01)
        for message in messages:
            self.sent.append((threading.get_ident(), message.to[0]))
        return len(messages)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    # Threads on SQLite's in-memory test database meet table locks that a
    # database file does not have: SQLite is tested with two processes below.
    reason="SQLite: two worker processes on a database file, below",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_never_send_a_message_twice(queued):
    queued.POST_OFFICE = {
        **queued.POST_OFFICE,
        "BACKENDS": {"default": "tests.test_outbox.SlowBackend"},
    }
    SlowBackend.sent = []
    queue(40)
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            while sum(outbox.send_due()):
                pass
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    recipients = sorted(to for _, to in SlowBackend.sent)
    assert recipients == sorted(f"to{n}@example.com" for n in range(40))
    assert len({worker for worker, _ in SlowBackend.sent}) == 2  # both worked
    assert Email.objects.filter(status=STATUS.sent).count() == 40


class AppendingBackend(BaseEmailBackend):
    """Appends one line per message to a file, from any process."""

    def send_messages(self, messages):
        with open(os.environ["OUTBOX_TEST_FILE"], "a") as lines:
            lines.writelines(f"{message.to[0]}\n" for message in messages)
        return len(messages)


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL: two worker threads, above"
)
def test_two_worker_processes_share_a_sqlite_queue_without_repeats(tmp_path):
    sent = tmp_path / "sent.txt"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_EMAIL_BACKEND": "tests.test_outbox.AppendingBackend",
        "EMAIL_QUEUE": "1",
        "OUTBOX_TEST_FILE": str(sent),
    }

    def manage(*args, **options):
        # Our own manage.py with fixed arguments.
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, **options
        )

    assert manage("migrate", "post_office", "-v", "0").wait(timeout=120) == 0
    queue_sixty = (
        "from django.core.mail import EmailMessage as M, get_connection as c; "
        "c().send_messages([M('Hi', 'Body', to=[f'{n}@example.com']) "
        "for n in range(60)])"
    )
    assert manage("shell", "--no-imports", "-c", queue_sixty).wait(timeout=60) == 0

    workers = [manage("send_mail_worker", "--once") for _ in range(2)]

    assert [worker.wait(timeout=120) for worker in workers] == [0, 0]
    recipients = sent.read_text().split()
    assert sorted(recipients) == sorted(f"{n}@example.com" for n in range(60))


# ---- The admin ------------------------------------------------------------


def test_superusers_see_the_outbox_by_status(client, queued, monkeypatch):
    queue(2)
    fail_sending(monkeypatch)
    outbox.send_due()
    Email.objects.filter(subject="Message 1").update(status=STATUS.failed)
    client.force_login(make_user(is_superuser=True, is_staff=True))

    failed = client.get(CHANGELIST, {"status__exact": STATUS.failed})
    everything = client.get(CHANGELIST).content.decode()

    assert failed.status_code == 200
    assert "Message 1" in failed.content.decode()
    assert "Message 0" not in failed.content.decode()
    assert "Message 0" in everything and "requeued" in everything


def test_send_again_queues_a_failed_message(client, queued):
    (email,) = queue()
    Email.objects.update(status=STATUS.failed, number_of_retries=10)
    client.force_login(make_user(is_superuser=True, is_staff=True))

    response = client.post(
        CHANGELIST, {"action": "send_again", "_selected_action": [email.pk]}
    )

    assert response.status_code == 302
    email.refresh_from_db()
    assert (email.status, email.number_of_retries) == (STATUS.queued, 0)
    call_command("send_mail_worker", "--once")
    assert [m.to for m in mail.outbox] == [["to0@example.com"]]


def test_support_staff_cannot_read_the_outbox(client):
    # Messages hold password-reset links.
    client.force_login(make_staff())

    assert client.get(CHANGELIST).status_code == 403


def test_a_message_is_read_in_the_admin_not_edited_or_resent_from_there(client):
    send_mail("Reset your password", "The link: https://x.example/r/1", None, ["a@b.c"])
    email = Email.objects.get()
    client.force_login(make_user(is_superuser=True, is_staff=True))

    html = client.get(
        reverse("admin:post_office_email_change", args=[email.pk])
    ).content.decode()

    assert "The link: https://x.example/r/1" in html
    assert 'name="to"' not in html  # read-only
    assert "/resend/" not in html


def test_the_admin_lists_the_outbox_by_what_it_is(client):
    client.force_login(make_user(is_superuser=True, is_staff=True))

    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="fr").content

    assert "Boîte d\u2019envoi des e-mails" in html.decode()
