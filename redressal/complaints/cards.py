"""Complaint cards as lists show them, rendered once and kept in each process's memory.

Rendering a card (author, tags, public text, thumbnails, updates) costs far more than reading
it: a company page of twenty cards spent most of its time there. So each card is stored as
HTML under a key made of everything that can change it, all read with the list's own query:
the post's `card_revision` (a random number that `post_changed` moves in the transaction of
every service that changes what the card shows: text, photos, updates, status, visibility;
the services that publish, hide or delete a comment move it too, for the complaint page's
stored discussion), its counts, and its author's and category's names. A stored card can
be missing, never stale, so nothing about it needs sharing between processes or clearing.

A stored card is the one an anonymous visitor sees. For a signed-in visitor the "Found this
helpful?" part, which depends on who is looking, is rendered afresh in its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db.models import QuerySet
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from redressal.companies.page_cache import shown_digest
from redressal.complaints.models import Complaint, new_card_revision
from redressal.complaints.selectors import voted_ids

# What a listed post is read as (`keyed`): its card's key (besides the revision, the counts
# and the author's and category's names it shows) and what a signed-in visitor's "helpful"
# part needs.
KEYED_FIELDS = (
    "pk",
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
    """`posts` read as named rows of what `render` needs to find their stored cards (and
    `also`): plain tuples, not model instances, since a list builds twenty of them a page."""
    return posts.values_list(*KEYED_FIELDS, *also, named=True)


@dataclass(frozen=True)
class _StoredCard:
    before_helpful: str
    helpful: str
    after_helpful: str


def render(request, posts: list) -> list[tuple[object, SafeString]]:
    """The cards of published `posts` (rows from `keyed`) as `request`'s visitor sees them,
    each with its row. A post hidden or deleted since the list was read is left out."""
    store = caches["cards"]
    keys = {post.pk: _key(post, post.author__username, post.category__name) for post in posts}
    found: dict[str, _StoredCard] = store.get_many(keys.values())
    missing = [pk for pk, key in keys.items() if key not in found]
    if missing:
        made = {}
        for post in _full_rows(missing):
            # Stored under the key of the row it was made from: if the post changed since the
            # list was read, its newer card is shown and kept under its newer key.
            category = post.category.name if post.category_id else None
            keys[post.pk] = _key(post, post.author.username, category)
            made[keys[post.pk]] = _render_stored(post)
        store.set_many(made)
        found.update(made)
    own_part = _own_part(request, posts)
    cards = []
    for post in posts:
        card = found.get(keys[post.pk])
        if card is None:
            continue
        middle = own_part(post) if own_part else card.helpful
        html = mark_safe(card.before_helpful + middle + card.after_helpful)  # noqa: S308
        cards.append((post, html))
    return cards


def _own_part(request, posts: list):
    """For a signed-in visitor, what renders their own "helpful" part of a card: their vote,
    and a form with their CSRF token. None for an anonymous one, who gets the stored part."""
    if not request.user.is_authenticated:
        return None
    voted = voted_ids(posts, request.user)
    template = get_template("complaints/partials.html#helpful")

    def own_part(post) -> str:
        viewed = SimpleNamespace(
            pk=post.pk,
            author_id=post.author_id,
            visibility=post.visibility,
            helpful_count=post.helpful_count,
            voted=post.pk in voted,
        )
        return template.render({"post": viewed}, request)

    return own_part


def _full_rows(ids: list[int]) -> QuerySet:
    # Published only: a post hidden since the list was read is left out, not shown.
    return Complaint.objects.published().filter(pk__in=ids).as_cards()


def _key(post, author: str, category: str | None) -> str:
    """The key of `post`'s card (a row from `keyed` or a Complaint), given the names it shows."""
    names = shown_digest(author, category or "")
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
