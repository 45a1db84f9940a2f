from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Comment, Vote

COMMENT_MAX_LENGTH = 10_000


class VoteForm(forms.Form):
    YES, NO, WITHDRAW = "yes", "no", "withdraw"
    helpful = forms.ChoiceField(
        choices=[(YES, _("Yes")), (NO, _("No")), (WITHDRAW, _("Withdraw my vote"))]
    )

    @property
    def choice(self) -> bool | None:
        return {self.YES: True, self.NO: False}.get(self.cleaned_data["helpful"])


class VoteReasonForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What went wrong?"),
        choices=Vote.Reason,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what went wrong.")},
    )
    details = forms.CharField(
        label=_("Tell us more"),
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only our team reads this. It is not published."),
    )


class CommentForm(forms.ModelForm):
    # A honeypot: hidden from people (CSS and aria-hidden), filled by bots.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Comment
        fields = ["body"]
        labels = {"body": _("Your comment")}
        help_texts = {
            "body": _(
                "Markdown works: **bold**, *italic*, [links](https://example.com), "
                "lists and `code`."
            )
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "body": {
                "required": _("Write your comment before posting it."),
                "max_length": _(
                    "Comments can be at most %(limit_value)d characters long "
                    "(this one has %(show_value)d)."
                ),
            }
        }

    def clean_body(self):
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(
                _("Write your comment before posting it."), code="required"
            )
        return body

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(
                _("Your comment could not be posted. Leave the last field empty."),
                code="honeypot",
            )
        return ""
