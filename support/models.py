import secrets

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from articles.models import random_upload_name, validate_image_file

PHONE_PATTERN = r"^\+[1-9][0-9]{6,14}$"
validate_phone = RegexValidator(
    PHONE_PATTERN,
    _(
        "Enter the number in international form, starting with + and the "
        "country code, e.g. +44 20 7946 0958."
    ),
    code="phone_invalid",
)
validate_sid = RegexValidator(
    r"^[1-9][0-9]{0,17}$",
    _("A Site ID (SID) has digits only, e.g. 1234567."),
    code="sid_invalid",
)


class Region(models.Model):
    """A regional support team and how to reach it."""

    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(
        _("who it serves"),
        max_length=255,
        blank=True,
        help_text=_('e.g. "Publishers located in France and/or who speak French".'),
    )
    countries = CountryField(
        _("countries"),
        multiple=True,
        blank=True,
        help_text=_(
            "Publishers located in these countries are sent here. Leave empty "
            "for the default region, which serves everyone else."
        ),
    )
    languages = models.CharField(
        _("languages"),
        max_length=100,
        blank=True,
        help_text=_(
            'Language codes, comma-separated, e.g. "fr" or "pt-br". Speakers '
            "of these languages are sent here wherever they are."
        ),
    )
    email = models.EmailField(_("email"))
    toll_free_phone = models.CharField(_("toll-free phone"), max_length=40, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_option = models.CharField(
        _("phone menu option"),
        max_length=60,
        blank=True,
        help_text=_('e.g. "7" for "select option 7".'),
    )
    support_language = models.CharField(_("support language"), max_length=100)
    hours = models.CharField(
        _("hours"),
        max_length=120,
        default=_("24 hours a day, 7 days a week"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_default = models.BooleanField(
        _("default region"),
        default=False,
        help_text=_("Serves everyone no other region matches. Exactly one."),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("support region")
        verbose_name_plural = _("support regions")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="support_region_one_default",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def language_list(self) -> list[str]:
        return [
            code.strip().lower() for code in self.languages.split(",") if code.strip()
        ]

    @property
    def email_domain(self) -> str:
        return self.email.rsplit("@", 1)[-1]

    @staticmethod
    def tel(number: str) -> str:
        """The number as a tel: URI (RFC 3966): + and digits only."""
        digits = "".join(ch for ch in number if ch.isdigit())
        return f"tel:+{digits}" if number.strip().startswith("+") else f"tel:{digits}"

    @property
    def toll_free_tel(self) -> str:
        return self.tel(self.toll_free_phone) if self.toll_free_phone else ""

    @property
    def phone_tel(self) -> str:
        return self.tel(self.phone) if self.phone else ""


def new_reference() -> str:
    # 8 characters without look-alikes (0/O, 1/I): easy to read out by phone.
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return "HC-" + "".join(secrets.choice(alphabet) for _ in range(8))


class SupportRequest(models.Model):
    class Topic(models.TextChoices):
        TECHNICAL = "technical", _("Technical problem")
        TRACKING = "tracking", _("Tracking and reports")
        PAYMENTS = "payments", _("Payments")
        ACCOUNT = "account", _("My account")
        PROGRAMS = "programs", _("Advertisers and programs")
        OTHER = "other", _("Something else")

    class ContactMethod(models.TextChoices):
        EMAIL = "email", _("By email")
        CALLBACK = "callback", _("Call me back")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING = "waiting", _("Waiting for the publisher")
        CLOSED = "closed", _("Closed")

    reference = models.CharField(
        _("reference"), max_length=20, unique=True, default=new_reference
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests",
        verbose_name=_("user"),
    )
    email = models.EmailField(_("email"))
    site_id = models.CharField(
        _("Site ID (SID)"), max_length=18, blank=True, validators=[validate_sid]
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="requests",
        verbose_name=_("region"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic)
    description = models.TextField(_("description"), max_length=10_000)
    steps = models.TextField(
        _("steps that lead to the problem"), max_length=5_000, blank=True
    )
    error_message = models.TextField(_("error message"), max_length=2_000, blank=True)
    browser = models.CharField(_("browser"), max_length=120, blank=True)
    operating_system = models.CharField(
        _("operating system"), max_length=120, blank=True
    )
    contact_method = models.CharField(
        _("contact me"),
        max_length=10,
        choices=ContactMethod,
        default=ContactMethod.EMAIL,
    )
    phone = models.CharField(
        _("phone"), max_length=20, blank=True, validators=[validate_phone]
    )
    preferred_time = models.CharField(_("preferred time"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NEW
    )
    language = models.CharField(
        _("language"), max_length=10, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["site_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(contact_method="callback") | ~Q(phone=""),
                name="support_request_callback_has_phone",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.subject}"

    def get_admin_url(self):
        return reverse("admin:support_supportrequest_change", args=[self.pk])


def attachment_path(instance, filename: str) -> str:
    return random_upload_name("support", filename)


class Attachment(models.Model):
    request = models.ForeignKey(
        SupportRequest,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("request"),
    )
    file = models.ImageField(
        _("screenshot"), upload_to=attachment_path, validators=[validate_image_file]
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)

    class Meta:
        verbose_name = _("screenshot")
        verbose_name_plural = _("screenshots")

    def __str__(self):
        return self.original_name or self.file.name

    def get_absolute_url(self):
        return reverse("support:attachment", args=[self.pk])
