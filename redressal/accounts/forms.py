from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm

from redressal.accounts import services
from redressal.accounts.models import User
from redressal.core.antispam import HumanCheckMixin
from redressal.core.errors import DomainError
from redressal.core.ratelimit import RateLimited, check_rate_for, client_ip


def _checked(check, *args, **kwargs):
    """Run a service check and report its refusal as a form error."""
    try:
        return check(*args, **kwargs)
    except DomainError as error:
        raise forms.ValidationError(error.message, code=error.code) from None


class PlaceFields(forms.Form):
    city = forms.CharField(
        max_length=services.PLACE_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    state = forms.CharField(
        label="State or region",
        max_length=services.PLACE_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "address-level1"}),
    )
    country = forms.CharField(
        label="Country code",
        required=False,
        max_length=2,
        help_text="Optional. Two letters, like IN, US or GB.",
        widget=forms.TextInput(attrs={"autocomplete": "country", "size": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if {"city", "state", "country"} <= cleaned.keys():
            try:
                cleaned.update(
                    services.clean_place(
                        city=cleaned["city"], state=cleaned["state"], country=cleaned["country"]
                    )
                )
            except DomainError as error:
                self.add_error(error.field, error.message)
        return cleaned


class SignUpForm(HumanCheckMixin, PlaceFields):
    field_order = ["username", "email", "password1", "password2", "city", "state", "country"]

    username = forms.CharField(
        max_length=30,
        help_text="Shown on everything you post. 3 to 30 letters, digits, dots, hyphens "
        "or underscores.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="Never shown to anyone. We send a link to check it is yours.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        help_text=password_validation.password_validators_help_text_html(),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        help_text="The same password, to be sure it is typed right.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].help_text = "Your city and state are shown with what you post."

    def clean_username(self):
        return _checked(services.clean_username, self.cleaned_data["username"])

    def clean_email(self):
        return _checked(services.clean_email, self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "The two passwords are not the same.")
        elif password1:
            candidate = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def sign_up(self) -> User:
        data = self.cleaned_data
        return services.sign_up(
            username=data["username"],
            email=data["email"],
            password=data["password1"],
            city=data["city"],
            state=data["state"],
            country=data["country"],
        )


class LoginForm(AuthenticationForm):
    """Log in with the username or the e-mail address, in any case."""

    rate_limited: RateLimited | None = None  # set when the limit refused this attempt

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "That username or e-mail address and password do not match an account. "
            "The password is case-sensitive."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Username or e-mail address"
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs.update(maxlength=254, autocapitalize="none")

    def clean_username(self):
        identifier = self.cleaned_data["username"].strip()
        by = "email__iexact" if "@" in identifier else "username__iexact"
        username = User.objects.filter(**{by: identifier}).values_list("username", flat=True)
        # Unknown names go on to authenticate() as typed, which fails in the usual time.
        return username.first() or identifier

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and self.request is not None:
            # Counted before the password is checked, per account and per address, so
            # guessing one person's password or many people's is slowed down alike.
            try:
                check_rate_for("login", user=username.lower(), ip=client_ip(self.request))
            except RateLimited as error:
                self.rate_limited = error
                raise forms.ValidationError(error.message, code=error.code) from None
        return super().clean()


class PasswordResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def save(self, **kwargs) -> None:
        services.request_password_reset(email=self.cleaned_data["email"])


class PlaceForm(PlaceFields):
    pass


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
