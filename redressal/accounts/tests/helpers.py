"""What the account tests share: a sign-up form's data and the link inside an e-mail."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from redressal.accounts.forms import SignUpForm
from redressal.core.antispam import human_check_data

PASSWORD = "correct horse battery staple"


def signup_data(**overrides) -> dict:
    data = {
        "username": "asha_k",
        "email": "Asha.K@Example.com",
        "password1": "a quiet orange kettle 42",
        "password2": "a quiet orange kettle 42",
        "city": "Lucknow",
        "state": "Uttar Pradesh",
        "country": "in",
        **human_check_data(SignUpForm),
    }
    data.update(overrides)
    return data


def link_in(message) -> str:
    """The path and query of the one link a plain-text e-mail asks the person to open."""
    (link,) = {link for link in re.findall(r"https?://\S+", message.body) if "/accounts/" in link}
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")
