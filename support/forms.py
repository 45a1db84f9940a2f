import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import validate_image_file

from .models import Region, SupportRequest

PHONE_PUNCTUATION = re.compile(r"[\s\-().\u00a0/]")
IMAGE_TYPES = "image/png,image/jpeg,image/webp,image/gif"


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScreenshotsField(forms.FileField):
    """Up to SUPPORT_MAX_SCREENSHOTS images, each checked by Pillow."""

    widget = MultipleImageInput(attrs={"accept": IMAGE_TYPES})

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        limit = settings.SUPPORT_MAX_SCREENSHOTS
        if len(files) > limit:
            raise ValidationError(
                ngettext(
                    "Attach at most %(limit)d screenshot (you chose %(count)d).",
                    "Attach at most %(limit)d screenshots (you chose %(count)d).",
                    limit,
                )
                % {"limit": limit, "count": len(files)},
                code="too_many_files",
            )
        errors = []
        for file in files:
            try:
                super().clean(file)
                validate_image_file(file)
            except ValidationError as error:
                for message in error.messages:
                    errors.append(
                        ValidationError(
                            _("%(name)s: %(message)s"),
                            params={"name": file.name, "message": message},
                            code=getattr(error, "code", None) or "invalid",
                        )
                    )
        if errors:
            raise ValidationError(errors)
        return files


class SupportRequestForm(forms.ModelForm):
    screenshots = ScreenshotsField(
        label=_("Screenshots"),
        required=False,
        help_text=_("Up to 5 images (PNG, JPEG, WebP or GIF), at most 5 MB each."),
    )
    # A honeypot: hidden from people, filled by bots.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = SupportRequest
        fields = [
            "email",
            "site_id",
            "subject",
            "topic",
            "description",
            "steps",
            "error_message",
            "browser",
            "operating_system",
            "contact_method",
            "phone",
            "preferred_time",
        ]
        labels = {
            "email": _("Your email address"),
            "site_id": _("Your Site ID (SID)"),
            "description": _("What do you need help with?"),
            "contact_method": _("How should we answer?"),
        }
        help_texts = {
            "site_id": _(
                "Digits only. You find it at the top right of your dashboard; "
                "it helps us find your record quickly."
            ),
            "steps": _("What you did, step by step, before the problem happened."),
            "error_message": _("Copy the exact text, if there is one."),
            "browser": _("e.g. Chrome 131, Firefox 133, Safari 18"),
            "operating_system": _("e.g. Windows 11, macOS 15, Android 15"),
            "phone": _(
                "Needed if we should call you. In international form, starting "
                "with +, e.g. +44 20 7946 0958"
            ),
            "preferred_time": _("e.g. weekdays after 2 pm, Paris time"),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "steps": forms.Textarea(attrs={"rows": 4}),
            "error_message": forms.Textarea(attrs={"rows": 2}),
            "contact_method": forms.RadioSelect,
            "site_id": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off"}
            ),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        error_messages = {
            "subject": {"required": _("Give your request a subject.")},
            "topic": {"required": _("Choose a topic.")},
            "description": {"required": _("Tell us what you need help with.")},
            "email": {"required": _("Enter your email address, so we can answer.")},
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None and user.is_authenticated:
            # Signed-in people's address is known; it is not asked again.
            del self.fields["email"]
        self.fields["topic"].choices = [
            ("", _("Choose a topic")),
            *SupportRequest.Topic.choices,
        ]

    def clean_site_id(self):
        return re.sub(r"\s", "", self.cleaned_data["site_id"])

    def clean_phone(self):
        return PHONE_PUNCTUATION.sub("", self.cleaned_data["phone"])

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(
                _("Your request could not be sent. Leave the last field empty."),
                code="honeypot",
            )
        return ""

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("contact_method") == SupportRequest.ContactMethod.CALLBACK
            and not cleaned.get("phone")
            and "phone" not in self.errors
        ):
            self.add_error(
                "phone",
                ValidationError(
                    _("Give the number we should call, starting with +."),
                    code="phone_required",
                ),
            )
        return cleaned


class RegionChoiceForm(forms.Form):
    AUTOMATIC = "auto"

    region = forms.ChoiceField(label=_("Show the contacts for"))

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.regions = {str(region.pk): region for region in regions}
        self.fields["region"].choices = [
            (self.AUTOMATIC, _("My region (automatic)")),
            *((pk, region.name) for pk, region in self.regions.items()),
        ]

    @property
    def chosen(self) -> Region | None:
        return self.regions.get(self.cleaned_data["region"])
