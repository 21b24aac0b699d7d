import re

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    """Ask for the six-digit code of ``device`` and check it (throttled by django-otp)."""

    token = forms.CharField(
        label=_("Six-digit code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
        help_text=_("From your authenticator app. For example: 492 039."),
    )

    def __init__(self, device, *args, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_token(self):
        token = re.sub(r"\s", "", self.cleaned_data["token"])
        if not (token.isascii() and token.isdigit() and len(token) == 6):
            raise forms.ValidationError(_("Enter the six digits your app shows."), code="malformed")
        allowed, _info = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                _("Too many wrong codes. Wait a minute, then enter the code your app shows."),
                code="throttled",
            )
        if not self.device.verify_token(token):
            raise forms.ValidationError(
                _("That code is wrong or has expired. Enter the code your app shows now."),
                code="invalid_token",
            )
        return token
