"""Send the outbox's mail until stopped (helpcenter.outbox).

Several workers may run at once, on one machine or several: each message is
claimed by one of them. SIGTERM or SIGINT lets the message being sent finish,
then the worker exits.
"""

import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import DatabaseError, connections

from helpcenter import outbox

logger = logging.getLogger("helpcenter.outbox")


class Command(BaseCommand):
    help = "Send queued mail and retry failed mail, in a loop, until stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Send what is due, then exit (for cron and tests).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=5,
            help="Seconds to wait when nothing is due (default 5).",
        )

    def handle(self, *args, once=False, interval=5, **options):
        stop = threading.Event()
        if not once:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_: stop.set())
            logger.info("Mail worker started")
        while not stop.is_set():
            try:
                sent, failed = outbox.send_due(should_stop=stop.is_set)
            except DatabaseError:
                # The database is down or restarting: a new connection, later.
                logger.exception("Mail worker could not reach the outbox")
                connections.close_all()
                sent = failed = 0
            if sent or failed:
                logger.info("Mail worker: %s sent, %s failed", sent, failed)
            if not sent and not failed:
                if once:
                    break
                stop.wait(interval)
        if not once:
            logger.info("Mail worker stopped")
