"""The outbox in the admin: queued, sent and failed mail, and "Send again".

Messages hold password-reset and sign-in links, so only superusers, and
whoever is given the post_office permissions, see them.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from post_office import admin as post_office_admin
from post_office.models import Attachment, Email, EmailTemplate, Log

from . import outbox

# The portal builds its emails in code: templates and attachments kept in
# the database would do nothing, and the logs are shown with each email.
for model in (EmailTemplate, Attachment, Log):
    admin.site.unregister(model)
admin.site.unregister(Email)


@admin.register(Email)
class OutboxAdmin(post_office_admin.EmailAdmin):
    list_display = [
        "to_display",
        "shortened_subject",
        "status",
        "number_of_retries",
        "scheduled_time",
        "last_updated",
    ]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
    date_hierarchy = "created"
    inlines = [post_office_admin.LogInline]
    actions = ["send_again"]
    # The library's page adds a "Resend" link that sends from within the
    # admin's request (a GET); the "Send again" action queues instead.
    change_form_template = "admin/change_form.html"

    def get_urls(self):
        return [url for url in super().get_urls() if url.name != "resend"]

    def has_change_permission(self, request, obj=None):
        # A message is a record of what was sent: it is read, not edited.
        return obj is None and super().has_change_permission(request)

    @admin.action(description=_("Send again"), permissions=["change"])
    def send_again(self, request, queryset):
        count = outbox.requeue(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d email will be sent again.",
                "%(count)d emails will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
