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


_WORD = re.compile(r"\S+")


def _first_words(text: str, limit: int) -> str:
    """The text cut after `limit` words, keeping its line breaks (reads no further)."""
    last = None
    for count, word in enumerate(_WORD.finditer(text), start=1):
        if count > limit:
            return text[: last.end()] + " …"
        last = word
    return text


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


def _with_marks(text: str, spans) -> str:
    """Escaped `text` with each span in a <mark> that says why the public does not see it."""
    from redressal.moderation.text import KIND_LABELS

    parts = []
    position = 0
    for start, end, kind in sorted(spans or [], key=lambda span: span[0]):
        if start < position or end > len(text):
            continue  # spans of an older text: show the text unmarked rather than garbled
        label = KIND_LABELS.get(kind, "personal data")
        parts.append(escape(text[position:start]))
        parts.append(
            f'<mark class="private-span" title="Hidden from the public: {escape(label)}">'
            f"{escape(text[start:end])}</mark>"
        )
        position = end
    parts.append(escape(text[position:]))
    return "".join(parts)


@register.simple_tag
def private_text(original: str, spans, inline: bool = False) -> SafeString:
    """An original text for those allowed to read it, its protected parts marked."""
    html = _with_marks(str(original or ""), spans).strip()
    if inline:
        return mark_safe(html)  # noqa: S308 - built from escaped pieces
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", html) if p.strip()]
    return mark_safe(  # noqa: S308 - built from escaped pieces
        "\n".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)
    )


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


@register.filter
def percent(share) -> str:
    """0.4567 → "46%"; no share (nothing to divide) → "n/a"."""
    return "n/a" if share is None else f"{round(float(share) * 100)}%"


@register.simple_tag
def weekly_chart(weekly, company_name: str) -> SafeString:
    from redressal.insights.charts import weekly_bars

    return weekly_bars(weekly, label=f"Complaints about {company_name} per week")
