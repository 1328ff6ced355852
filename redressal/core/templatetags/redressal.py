"""Filters the pages share: public text with its hidden spans, counts as people say them."""

from __future__ import annotations

import re
import zlib

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_HIDDEN = re.compile(r"\[(protected|censored)\]")
_HIDDEN_TITLES = {
    "protected": "Hidden from the public to protect personal data",
    "censored": "Hidden because it breaks the community rules",
}


def _mark_hidden(match: re.Match) -> str:
    kind = match.group(1)
    return f'<span class="hidden-span {kind}" title="{_HIDDEN_TITLES[kind]}">[{kind}]</span>'


def _first_words(text: str, limit: int) -> str:
    """The text cut after `limit` words, keeping its line breaks."""
    words = list(re.finditer(r"\S+", text))
    if len(words) <= limit:
        return text
    return text[: words[limit - 1].end()] + " …"


@register.filter(is_safe=True)
def public_text(value: str, word_limit: int | None = None) -> SafeString:
    """Escape a person's text, keep its paragraphs and show the hidden spans as such."""
    text = str(value or "").strip()
    if word_limit:
        text = _first_words(text, int(word_limit))
    rendered = []
    for paragraph in re.split(r"\n\s*\n", text):
        if paragraph.strip():
            html = _HIDDEN.sub(_mark_hidden, escape(paragraph.strip())).replace("\n", "<br>")
            rendered.append(f"<p>{html}</p>")
    return mark_safe("\n".join(rendered))  # noqa: S308 - every piece above was escaped


@register.filter
def helpful_phrase(count: int) -> str:
    count = int(count or 0)
    if count == 0:
        return "Be the first to find this helpful"
    if count == 1:
        return "1 person found this helpful"
    return f"{count:,} people found this helpful"


@register.filter
def plural_count(count: int, words: str) -> str:
    """`{{ n|plural_count:"photo,photos" }}` → "1 photo", "3 photos"."""
    one, many = words.split(",")
    count = int(count or 0)
    return f"{count:,} {one if count == 1 else many}"


@register.filter
def avatar_hue(name: str) -> int:
    return zlib.crc32(str(name).encode()) % 360


@register.filter
def stars(rating) -> str:
    if not rating:
        return ""
    full = round(float(rating))
    return "★" * full + "☆" * (5 - full)
