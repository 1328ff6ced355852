"""A honeypot and a minimum fill time for public forms.

    class CommentForm(HumanCheckMixin, forms.ModelForm): ...

Templates that lay fields out by hand must render `form.hidden_fields`, which holds both
checks. Settings: MIN_FORM_FILL_SECONDS (default 3; 0 turns the wait off, as tests want),
FORM_MAX_AGE_SECONDS (default one day). Tests that post a form without rendering it add
`human_check_data(FormClass)` to the data.
"""

from __future__ import annotations

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.html import format_html

HONEYPOT = "homepage"
RENDERED_AT = "rendered_at"

MESSAGES = {
    "honeypot": "Sorry, we couldn't accept this form. Please try again.",
    "form_tampered": "We couldn't verify this form. Please submit it again.",
    "too_fast": "That was sent very quickly. Please check the form and submit it again.",
    "form_expired": "This form expired, please submit it again.",
}


class HoneypotInput(forms.TextInput):
    # Hidden widgets are laid out without a label and listed in form.hidden_fields.
    is_hidden = True

    def __init__(self):
        super().__init__(attrs={"autocomplete": "off", "tabindex": "-1"})

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        label_for = (attrs or {}).get("id", "")
        return format_html(
            '<div class="visually-hidden" aria-hidden="true">'
            '<label for="{}">Leave this field empty</label>{}</div>',
            label_for,
            field,
        )


class RenderedAtField(forms.CharField):
    widget = forms.HiddenInput

    def bound_data(self, data, initial):
        # A form shown again (with errors, or expired) gets a fresh stamp, so the person can
        # submit what they typed without starting over.
        return initial


class HumanCheckMixin:
    """Adds a honeypot and a signed render time; clean() turns bots away with a form error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in (HONEYPOT, RENDERED_AT):
            if name in self.fields:
                raise ImproperlyConfigured(f"{type(self).__name__} already has a {name!r} field")
        self.fields[HONEYPOT] = forms.CharField(
            required=False, label="Leave this field empty", widget=HoneypotInput()
        )
        # A callable initial runs when the field is rendered, not when the form is built.
        self.fields[RENDERED_AT] = RenderedAtField(
            required=False, initial=lambda: stamp(type(self))
        )

    def clean(self):
        cleaned_data = super().clean()
        code = self._human_check_failure(
            cleaned_data.pop(HONEYPOT, ""), cleaned_data.pop(RENDERED_AT, "")
        )
        if code:
            # add_error, not raise: a subclass's own clean() still runs after super().clean().
            self.add_error(None, ValidationError(MESSAGES[code], code=code))
        return cleaned_data

    def _human_check_failure(self, honeypot: str, token: str) -> str | None:
        if honeypot:
            return "honeypot"
        try:
            rendered_at = float(_signer(type(self)).unsign(token))
        except (signing.BadSignature, ValueError):
            return "form_tampered"
        age = time.time() - rendered_at
        if age > getattr(settings, "FORM_MAX_AGE_SECONDS", 86400):
            return "form_expired"
        if age < getattr(settings, "MIN_FORM_FILL_SECONDS", 3):
            return "too_fast"
        return None


def stamp(form_class: type) -> str:
    return _signer(form_class).sign(f"{time.time():.3f}")


def human_check_data(form_class: type) -> dict[str, str]:
    """Data a form posted straight from a test needs (with MIN_FORM_FILL_SECONDS = 0)."""
    return {HONEYPOT: "", RENDERED_AT: stamp(form_class)}


def _signer(form_class: type) -> signing.Signer:
    # The render time travels in the value, to the millisecond, so both the minimum and the
    # maximum age are read from one clock; the salt ties a stamp to its form.
    return signing.Signer(salt=f"redressal.antispam.{form_class.__module__}.{form_class.__name__}")
