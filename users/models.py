from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

# The number of avatar colours in static/css/site.css (.avatar-0 ...).
AVATAR_COLOURS = 8


class UserManager(BaseUserManager):
    """Users log in with their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(
        _("name"), max_length=150, blank=True, help_text=_("Shown with comments.")
    )
    title = models.CharField(
        _("title"),
        max_length=100,
        blank=True,
        help_text=_(
            'Role title shown on staff comments, e.g. "Customer Experience Manager".'
        ),
    )
    site_id = models.PositiveBigIntegerField(
        _("Site ID (SID)"),
        unique=True,
        null=True,
        blank=True,
        help_text=_("The publisher's unique Site ID, set by staff."),
    )
    country = CountryField(_("country"), blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    # Empty: any language. Limits which articles and translations a staff
    # member may edit (articles.editorial.may_edit_language).
    edit_languages = models.JSONField(
        _("languages they may edit"),
        default=list,
        blank=True,
        help_text=_(
            "Staff only: the languages of articles and translations "
            "this person may edit. None ticked: all languages."
        ),
    )
    support_region = models.ForeignKey(
        "support.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("support region"),
        help_text=_("Chosen by the user on the contact page; empty means automatic."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(site_id__isnull=True) | models.Q(site_id__gt=0),
                name="users_user_site_id_positive",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.email.split("@", 1)[0]

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.display_name

    @property
    def initials(self) -> str:
        """Up to two letters for the avatar: "Sally Anne" gives "SA"."""
        words = self.display_name.replace(".", " ").replace("_", " ").split()
        return "".join(word[0] for word in words[:2]).upper() or "?"

    @property
    def avatar_colour(self) -> int:
        """One of AVATAR_COLOURS palette entries, stable for the user."""
        return (self.pk or 0) * 7 % AVATAR_COLOURS

    @property
    def signature(self) -> str:
        """ "Sally Anne - Customer Experience Manager" for staff with a title."""
        if self.is_staff and self.title:
            return f"{self.display_name} - {self.title}"
        return self.display_name
