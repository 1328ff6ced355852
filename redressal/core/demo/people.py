"""Fictional people and the categories, shared by the demo and `generate`."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db.models import Max
from django.utils.text import slugify

from redressal.accounts.models import User
from redressal.core.demo import corpus
from redressal.core.demo.text import Author
from redressal.insights.models import Category

MARKETS = {
    "IN": (corpus.INDIAN_FIRST, corpus.INDIAN_LAST, corpus.INDIAN_PLACES),
    "US": (corpus.US_FIRST, corpus.US_LAST, corpus.US_PLACES),
    "GB": (corpus.UK_FIRST, corpus.UK_LAST, corpus.UK_PLACES),
}


def ensure_categories() -> dict[str, int]:
    existing = {c.name: c.pk for c in Category.objects.all()}
    missing = [
        Category(name=name, slug=slugify(name), description=description)
        for name, description in corpus.CATEGORIES
        if name not in existing
    ]
    Category.objects.bulk_create(missing)
    return {c.name: c.pk for c in Category.objects.all()}


def _username(rng: random.Random, first: str, last: str) -> str:
    style = rng.randrange(6)
    if style == 0:
        return f"{first}{last[0]}"
    if style == 1:
        return f"{first.lower()}.{last.lower()}"
    if style == 2:
        return f"{first}{rng.randint(1, 99)}"
    if style == 3:
        return f"{first.lower()}_{last[:1].lower()}{rng.randint(1970, 2004)}"
    if style == 4:
        return f"{first} {last[0]}."
    return f"{last.lower()}{first[:1].lower()}"


class People:
    """Makes users with explicit ids; `flush` writes them in batches."""

    def __init__(self, rng: random.Random, *, password: str, unique_suffix: bool):
        self.rng = rng
        self.password = password
        # `generate` adds to a database that may hold anyone: the id keeps names unique.
        self.unique_suffix = unique_suffix
        self.next_id = (User.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        self.taken = set() if unique_suffix else set(User.objects.values_list("username", flat=1))
        self.pending: list[User] = []

    def person(
        self, market: str, joined: datetime, *, username: str = "", staff: bool = False
    ) -> Author:
        rng = self.rng
        first_names, last_names, places = MARKETS[market]
        first, last = rng.choice(first_names), rng.choice(last_names)
        city, state = rng.choice(places)
        pk, self.next_id = self.next_id, self.next_id + 1
        if not username:
            username = _username(rng, first, last)
            if self.unique_suffix:
                username = f"{first.lower()}{last[0].lower()}{pk}"
        base = username
        while username.lower() in self.taken:
            username = f"{base}{rng.randint(1, 999)}"
        self.taken.add(username.lower())
        self.pending.append(
            User(
                id=pk, username=username[:150], first_name=first, last_name=last,
                email=f"{slugify(username)}@mail.example", password=self.password, city=city,
                state=state, country=market, is_staff=staff, date_joined=joined,
            )
        )  # fmt: skip
        if len(self.pending) >= 5000:
            self.flush()
        return Author(pk, username, f"{first} {last}", city, state, market)

    def crowd(self, count: int, start: datetime, shares=(0.86, 0.08, 0.06)) -> dict:
        """`count` people, mostly in India, joined over the first years of `start`."""
        crowd: dict[str, list[Author]] = {"IN": [], "US": [], "GB": []}
        for _ in range(count):
            market = self.rng.choices(("IN", "US", "GB"), weights=shares)[0]
            joined = start + timedelta(days=self.rng.randint(-400, 900))
            crowd[market].append(self.person(market, joined))
        return crowd

    def flush(self) -> None:
        User.objects.bulk_create(self.pending, batch_size=1000)
        self.pending = []
