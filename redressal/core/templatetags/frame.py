"""Tags for the frame every page shares (base.html): its fixed links, worked out once.

The header and footer link to the same few pages on every request. `{% url %}` and
`{% static %}` work each of them out afresh, which on a page served from stored parts is a
noticeable share of the work; these remember them for the process's life (per script prefix,
and forgotten when a test changes the URLs or the storage).
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse

register = template.Library()


@lru_cache(maxsize=256)
def _url(name: str, prefix: str) -> str:
    return reverse(name)


@lru_cache(maxsize=256)
def _asset(path: str) -> str:
    return staticfiles_storage.url(path)


@register.simple_tag
def fixed_url(name: str) -> str:
    """`{% url name %}` for a URL without arguments."""
    return _url(name, get_script_prefix())


@register.simple_tag
def asset(path: str) -> str:
    """`{% static path %}`."""
    return _asset(path)


@receiver(setting_changed)
def _forget(*, setting: str, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "STATIC_URL", "STORAGES", "FORCE_SCRIPT_NAME"}:
        _url.cache_clear()
        _asset.cache_clear()
