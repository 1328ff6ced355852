"""Complaint cards as lists show them, rendered once and kept in each process's memory.

Rendering a card (author, tags, public text, thumbnails, updates) costs far more than reading
it: a company page of twenty cards spent most of its time there. So each card is stored as
HTML under a key made of everything that can change it, all read with the list's own query:
the post's `card_revision` (a random number that `post_changed` moves in the transaction of
every service that changes what the card shows: text, photos, updates, status, visibility),
its counts, and its author's and category's names. A stored card can be missing, never
stale, so nothing about it needs sharing between processes or clearing.

A stored card is the one an anonymous visitor sees. For a signed-in visitor the "Found this
helpful?" part, which depends on who is looking, is rendered afresh in its place.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db.models import QuerySet
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from redressal.complaints.models import Complaint, new_card_revision
from redressal.complaints.selectors import mark_voted

# What a card's key is made of (besides its revision), and what a signed-in visitor's
# "helpful" part needs.
KEYED_FIELDS = (
    "id",
    "slug",
    "author_id",
    "visibility",
    "card_revision",
    "helpful_count",
    "comments_count",
    "photos_count",
    "author__username",
    "category__name",
)

# The card template marks where the viewer's own part goes when asked to (`split_helpful`).
_HELPFUL_START = "<!--helpful-->"
_HELPFUL_END = "<!--/helpful-->"


def post_changed(complaint_id: int) -> None:
    """Call inside the transaction that changes what the post's card shows."""
    Complaint.objects.filter(pk=complaint_id).update(card_revision=new_card_revision())


def keyed(posts: QuerySet, *also: str) -> QuerySet:
    """`posts` reading only what `render` needs to find their stored cards (and `also`)."""
    related = {"author", "category", *(name.split("__")[0] for name in also if "__" in name)}
    return posts.select_related(*related).only(*KEYED_FIELDS, *also)


@dataclass(frozen=True)
class _StoredCard:
    before_helpful: str
    helpful: str
    after_helpful: str


def render(request, posts: list[Complaint]) -> list[tuple[Complaint, SafeString]]:
    """The cards of published `posts` (rows from `keyed`, or full ones) as `request`'s visitor
    sees them, each with its post. A post hidden or deleted since the list was read is left
    out."""
    store = caches["cards"]
    keys = {post.pk: _key(post) for post in posts}
    found: dict[str, _StoredCard] = store.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        made = {}
        for post in _full_rows(missing):
            # Stored under the key of the row it was made from: if the post changed since the
            # list was read, its newer card is shown and kept under its newer key.
            keys[post.pk] = _key(post)
            made[keys[post.pk]] = _render_stored(post)
        store.set_many(made)
        found.update(made)
    # A signed-in visitor's own part: their vote, and a form with their CSRF token.
    own_part = None
    if request.user.is_authenticated:
        mark_voted(posts, request.user)
        own_part = get_template("complaints/partials.html#helpful")
    cards = []
    for post in posts:
        card = found.get(keys[post.pk])
        if card is None:
            continue
        middle = own_part.render({"post": post}, request) if own_part else card.helpful
        html = mark_safe(card.before_helpful + middle + card.after_helpful)  # noqa: S308
        cards.append((post, html))
    return cards


def _full_rows(ids: list[int]) -> QuerySet:
    # Published only: a post hidden since the list was read is left out, not shown.
    return Complaint.objects.published().filter(pk__in=ids).as_cards()


def _key(post: Complaint) -> str:
    author = post.author.username
    category = post.category.name if post.category_id else ""
    names = hashlib.blake2b(f"{author}\0{category}".encode(), digest_size=8).hexdigest()
    return (
        f"card:{post.pk}:{post.card_revision}:{post.helpful_count}:{post.comments_count}:"
        f"{post.photos_count}:{names}"
    )


def _render_stored(post: Complaint) -> _StoredCard:
    html = get_template("complaints/partials.html#card").render(
        {"post": post, "user": AnonymousUser(), "split_helpful": True}
    )
    before, rest = html.split(_HELPFUL_START, 1)
    helpful, after = rest.split(_HELPFUL_END, 1)
    return _StoredCard(before, helpful, after)
