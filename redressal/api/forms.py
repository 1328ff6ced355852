from __future__ import annotations

from django import forms

from redressal.api.services import NAME_MAX


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=NAME_MAX,
        help_text="What will use it, e.g. “my complaints tracker”, so you know which to revoke.",
    )
