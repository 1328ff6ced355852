"""Turns the story templates into posts, comments and updates, from one seeded random source."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.text import slugify

from redressal.core.demo import corpus, stories

PROTECTED = "[protected]"
HINDI_SHARE = 0.05
SWEAR_SHARE = 0.02
# Rough exchange rates, only so US and UK posters quote believable amounts.
CURRENCY = {"IN": ("₹ ", 1), "US": ("$", 83), "GB": ("£", 105)}
AMOUNT_RANGES = {
    corpus.PHONES: (899, 64_999),
    corpus.TELECOM: (199, 4_999),
    corpus.BANKS: (500, 1_50_000),
    corpus.SHOPS: (249, 24_999),
    corpus.AIRLINES: (3_499, 48_000),
    corpus.INSURANCE: (4_000, 3_50_000),
}
DATE_FORMATS = ("%d %B %Y", "%d/%m/%Y", "%d.%m.%Y", "%d %b")
PRIVATE_LABEL = {
    corpus.PHONES: "IMEI",
    corpus.TELECOM: "Mobile number",
    corpus.BANKS: "Account number",
    corpus.SHOPS: "Order number",
    corpus.AIRLINES: "PNR",
    corpus.INSURANCE: "Policy number",
    corpus.UTILITIES: "Consumer number",
}


@dataclass(frozen=True)
class Author:
    id: int
    username: str
    name: str
    city: str
    state: str
    country: str


@dataclass
class Post:
    title: str
    body: str
    private_details: str
    product: str
    category: str
    hindi: bool = False


def indian_grouping(amount: int) -> str:
    """14999 -> "14,999"; 124999 -> "1,24,999" (lakh grouping, as Indian posters write)."""
    text = str(amount)
    if len(text) <= 3:
        return text
    head, tail = text[:-3], text[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join(groups) + "," + tail


class Storyteller:
    def __init__(self, rng: random.Random):
        self.rng = rng
        hindi_by_category = {entry[0]: entry for entry in stories.HINDI}
        self.hindi = {
            industry: [hindi_by_category[c] for c, _, _ in problems if c in hindi_by_category]
            or [hindi_by_category["Refund"]]
            for industry, problems in stories.PROBLEMS.items()
        }

    # --- pieces ---------------------------------------------------------------------------

    def amount(self, industry: str, country: str) -> str:
        low, high = AMOUNT_RANGES.get(industry, (299, 19_999))
        rupees = self.rng.randint(low, high)
        rupees = rupees - rupees % 100 + self.rng.choice((99, 0, 49, 0))
        symbol, rate = CURRENCY.get(country, CURRENCY["IN"])
        if rate == 1:
            return symbol + indian_grouping(rupees)
        return f"{symbol}{max(rupees // rate, 5):,}" + self.rng.choice(("", ".99", ".00"))

    def past_date(self, before: datetime, country: str) -> str:
        day = before - timedelta(days=self.rng.randint(3, 60))
        if country == "US":
            return day.strftime("%B %d, %Y").replace(" 0", " ")
        return day.strftime(self.rng.choice(DATE_FORMATS)).lstrip("0")

    def product(self, industry: str, brand: str) -> str:
        return self.rng.choice(corpus.PRODUCTS[industry]).format(brand=brand)

    def fields(self, *, company, industry, product, author: Author, when: datetime) -> dict:
        rng = self.rng
        return {
            "company": company,
            "brand": company.split()[0],
            "product": product,
            "amount": self.amount(industry, author.country),
            "date": self.past_date(when, author.country),
            "weeks": rng.randint(2, 9),
            "days": rng.randint(4, 45),
            "n": rng.randint(3, 14),
            "city": author.city or "my city",
            "p": PROTECTED,
            "author": author.username,
        }

    def private_details(self, industry: str, author: Author) -> str:
        rng = self.rng
        label = PRIVATE_LABEL.get(industry, "Reference")
        if label == "IMEI":
            value = "35" + "".join(rng.choices("0123456789", k=13))
        elif label == "PNR":
            value = "".join(rng.choices("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", k=6))
        elif label == "Order number":
            value = "OD" + "".join(rng.choices("0123456789", k=16))
        else:
            value = "".join(rng.choices("0123456789", k=12))
        if author.country == "US":
            phone = f"+1 (555) 01{rng.randint(0, 99):02d}"
        elif author.country == "GB":
            phone = f"07700 900{rng.randint(0, 999):03d}"
        else:
            phone = f"+91 9{rng.randint(0, 999_999_999):09d}"
        email = slugify(author.username).replace("-", ".")
        return f"{label}: {value}; Phone: {phone}; E-mail: {email}@mail.example"

    # --- posts ----------------------------------------------------------------------------

    def complaint(self, *, company: str, industry: str, author: Author, when: datetime) -> Post:
        rng = self.rng
        product = self.product(industry, company.split()[0])
        f = self.fields(
            company=company, industry=industry, product=product, author=author, when=when
        )
        private = self.private_details(industry, author)
        if author.country == "IN" and rng.random() < HINDI_SHARE:
            category, title, body = rng.choice(self.hindi[industry])
            return Post(title, body.format(**f), private, product, category, hindi=True)
        category, titles, cores = rng.choice(stories.PROBLEMS[industry])
        title = rng.choice(titles).format(**f)
        paragraphs = [rng.choice(stories.OPENINGS).format(**f), rng.choice(cores).format(**f)]
        if rng.random() < 0.6:
            paragraphs.append(rng.choice(stories.ESCALATIONS).format(**f))
        ask = rng.choice(stories.ASKS).format(**f)
        if rng.random() < SWEAR_SHARE:
            ask = rng.choice(stories.SWEARS) + " " + ask
        paragraphs.append(ask)
        paragraphs = [p for p in paragraphs if p]
        # Some people write one block, others paragraphs.
        body = (" " if rng.random() < 0.45 else "\n\n").join(paragraphs)
        return Post(title[:160], body, private, product, category)

    def review(self, *, company: str, industry: str, author: Author, when: datetime, rating: int):
        product = self.product(industry, company.split()[0])
        f = self.fields(
            company=company, industry=industry, product=product, author=author, when=when
        )
        tone = "good" if rating >= 4 else "mixed" if rating == 3 else "bad"
        titles, bodies = stories.REVIEWS[tone]
        body = self.rng.choice(bodies).format(**f)
        return Post(self.rng.choice(titles).format(**f)[:160], body, "", product, "")

    def review_rating(self) -> int:
        return self.rng.choices((1, 2, 3, 4, 5), weights=(35, 15, 15, 15, 20))[0]

    # --- around a post --------------------------------------------------------------------

    def comment(self, kind: str, *, product: str, city: str, when: datetime) -> str:
        return self.rng.choice(stories.COMMENTS[kind]).format(
            product=product,
            city=city or "my city",
            weeks=self.rng.randint(2, 9),
            date=self.past_date(when, "IN"),
        )

    def reply(self) -> str:
        return self.rng.choice(stories.REPLIES)

    def official(self, *, author: str, product: str) -> str:
        return self.rng.choice(stories.OFFICIAL).format(author=author, product=product, p=PROTECTED)

    def proposal(self) -> str:
        return self.rng.choice(stories.PROPOSALS)

    def update(self, mood: str, *, company: str) -> str:
        return self.rng.choice(stories.UPDATES[mood]).format(
            company=company, days=self.rng.randint(3, 30), weeks=self.rng.randint(2, 8)
        )
