from django.core.management.base import BaseCommand
from django.db.models import Q

from support.mail import send_request_mail
from support.models import SupportRequest


class Command(BaseCommand):
    help = "Send the support request emails that could not be sent before."

    def handle(self, *args, **options):
        pending = (
            SupportRequest.objects.filter(
                Q(mail_sent_at__isnull=True) | Q(confirmation_sent_at__isnull=True)
            )
            .select_related("region", "user")
            .order_by("created_at")
        )
        sent = failed = 0
        for support_request in pending:
            if send_request_mail(support_request):
                sent += 1
            else:
                failed += 1
        self.stdout.write(f"{sent} request(s) sent, {failed} still pending.")
        if failed:
            raise SystemExit(1)
