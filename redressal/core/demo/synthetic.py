"""Bulk synthetic data for scale work: many companies, one of them much bigger than the rest."""

from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils.text import slugify

from redressal.accounts.models import User
from redressal.companies.models import Company, Representative
from redressal.core.demo import corpus
from redressal.core.demo.corpus import _words
from redressal.core.demo.images import make_image
from redressal.core.demo.loader import CompanyPlan, Loader, Profile
from redressal.core.demo.people import People, ensure_categories
from redressal.core.demo.tables import reset_sequences

END = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
START = END - timedelta(days=7 * 365)
SYLLABLES = _words(
    "zen vo kai ro lu mo ra vex ta rang pix el no va tel ink ja ldi nim bus sam park pay "
    "setu kar ta baz aar dak iya ship tez sky route megh kav ach dhr uv urj ali qui ston"
)
SUFFIX = {
    corpus.PHONES: ("Mobiles", "Electronics", "Devices"),
    corpus.TELECOM: ("Telecom", "Broadband", "Fibre"),
    corpus.BANKS: ("Bank", "Pay", "Finserv"),
    corpus.SHOPS: ("Mart", "Kart", "Express", "Logistics"),
    corpus.AIRLINES: ("Airways", "Air", "Holidays"),
    corpus.INSURANCE: ("Insurance", "Assurance", "General"),
    corpus.FOOD: ("Foods", "Kitchen"),
    corpus.AUTOS: ("Motors", "Cars"),
    corpus.APPLIANCES: ("Appliances", "Home"),
    corpus.EDUCATION: ("Academy", "Classes"),
    corpus.UTILITIES: ("Power", "Gas"),
}
PROFILE = Profile(
    review_share=0.07, comment_share=0.2, max_comments=3, reply_share=0.2, vote_share=0.2,
    max_votes=4, photo_share=0.02, max_photos=3, update_share=0.05, unpublished_share=0.005,
    answer_share=0.2, chunk=5000,
)  # fmt: skip
POOL_SIZE = 24


@dataclass
class Plan:
    complaints: int
    companies: int
    largest: int


def post_counts(plan: Plan) -> list[int]:
    """Posts per company: the largest gets exactly `largest`, the rest a long tail below it."""
    rest = plan.complaints - plan.largest
    others = plan.companies - 1
    if others <= 0:
        return [plan.complaints]
    weights = [1 / (rank + 5) for rank in range(others)]
    total = sum(weights)
    cap = max(plan.largest - 1, 0)
    if cap * others < rest:
        raise ValueError("The largest company must be at least as big as any other.")
    counts = [min(cap, int(rest * w / total)) for w in weights]
    left = rest - sum(counts)
    index = others - 1
    while left > 0:
        # The remainder goes to the smallest companies first, one each, round and round.
        if counts[index] < cap:
            counts[index] += 1
            left -= 1
        index = index - 1 if index > 0 else others - 1
    return [plan.largest, *counts]


def _name(rng: random.Random, industry: str) -> str:
    stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{stem} {rng.choice(SUFFIX[industry])}"


@contextmanager
def fast_sqlite():
    """During the load only: SQLite does not wait for the disk after every commit."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        (setting,) = cursor.fetchone()
        cursor.execute("PRAGMA synchronous=OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous={int(setting)}")


def generate(plan: Plan, *, seed: int = 1, say=print) -> tuple[int, int]:
    """Returns how many posts, and how many rows in all, were written."""
    counts = post_counts(plan)
    rng = random.Random(seed)
    categories = ensure_categories()
    people = People(rng, password=make_password(None), unique_suffix=True)
    say("Making people…")
    crowd = people.crowd(min(max(plan.complaints // 20, 200), 50_000), START)
    industries = list(SUFFIX)
    first_id = (Company.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    plans, reps, batch = [], [], []
    say(f"Making {plan.companies:,} companies…")
    for offset, posts in enumerate(counts):
        industry = corpus.PHONES if offset == 0 else rng.choice(industries)
        name = _name(rng, industry)
        pk = first_id + offset
        claimed_at = START + timedelta(days=rng.randint(100, 2000))
        claimed = offset == 0 or rng.random() < 0.1
        batch.append(
            Company(
                id=pk, name=name, slug=f"{slugify(name)}-{pk}", industry=industry,
                website=f"https://www.{slugify(name).replace('-', '')}{pk}.example",
                claimed_at=claimed_at if claimed else None,
            )
        )  # fmt: skip
        company_plan = CompanyPlan(
            id=pk, name=name, industry=industry, posts=posts,
            resolve_rate=rng.uniform(0.03, 0.3), market="any",
        )  # fmt: skip
        if claimed:
            rep = people.person("IN", claimed_at)
            company_plan.reps.append(rep)
            reps.append(Representative(company_id=pk, user_id=rep.id, role="owner",
                                       verified_at=claimed_at))  # fmt: skip
        plans.append(company_plan)
        if len(batch) >= 2000:
            people.flush()
            Company.objects.bulk_create(batch)
            batch = []
    people.flush()
    Company.objects.bulk_create(batch)
    Representative.objects.bulk_create(reps, batch_size=2000)
    reset_sequences([User, Company, Representative])

    pool = [
        make_image(f"generated/photos/pool-{i}", label, i, random.Random(i))
        for i, label in enumerate(
            p.format(brand="Sample") for p in rng.sample(corpus.PRODUCTS[corpus.SHOPS], 12) * 2
        )
    ][:POOL_SIZE]

    def photos(product: str, count: int):
        return [pool[rng.randrange(len(pool))] for _ in range(count)]

    def progress(done: int, total: int) -> None:
        if done == total or done % 100_000 < PROFILE.chunk:
            say(f"  {done:,} / {total:,} posts")

    loader = Loader(
        rng=rng, companies=plans, authors=crowd, categories=categories, profile=PROFILE,
        photos=photos, start=START, end=END, progress=progress,
    )  # fmt: skip
    with fast_sqlite():
        posts = loader.run()
    return posts, loader.rows_written


def update_statistics() -> None:
    """Let the query planner see what a bulk load wrote (it chooses indexes by these figures).

    PostgreSQL samples each table, and outside a transaction also vacuums them: rows loaded
    in bulk are otherwise vacuumed in the background by autovacuum in the first minutes of
    use, and each first read of a page sets its rows' hint bits. SQLite reads every index
    whole (about 2 s per million complaints): figures from a sample (analysis_limit)
    misjudge the partial indexes, and the planner then sorted a million rows for the home
    page instead of reading its index.
    """
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
