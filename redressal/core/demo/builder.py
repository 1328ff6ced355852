"""The demo site: the same fictional companies, people and posts on every build."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.text import slugify

from redressal.accounts.models import User
from redressal.companies.models import Company, Representative
from redressal.complaints.models import Complaint, HelpfulVote, Photo, StatusChange, Update
from redressal.core.demo import corpus
from redressal.core.demo.images import make_image
from redressal.core.demo.loader import CompanyPlan, Loader, Profile
from redressal.core.demo.people import People, ensure_categories
from redressal.core.demo.tables import reset_sequences
from redressal.discussion.models import Comment
from redressal.insights.models import Category

SEED = 20261101
BASE = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
START = BASE - timedelta(days=7 * 365)
FLAGSHIP = "Zenvo Mobiles"
FLAGSHIP_POSTS = 6250  # after the few deleted or hidden, a little over 6,100 stay published
OTHER_POSTS = 3350
PEOPLE = 3000
CLAIMED = {
    "Zenvo Mobiles", "Bharat Telelink", "KartNow", "PaySetu", "Skyroute Airways",
    "Kavach General Insurance", "Jaldi Fibre", "Suvidha Bank", "Tiffinly", "Northgate Home Energy",
}  # fmt: skip
MARKET = {"Northgate Home Energy": "GB", "Quillstone Bank": "GB", "Harbor Lane Mobile": "US"}
PHOTO_DIR = "demo/photos"
VARIANTS = 3


@dataclass
class DemoResult:
    companies: int
    posts: int
    titles: list[str]


def is_present() -> bool:
    return Company.objects.filter(slug=slugify(FLAGSHIP)).exists()


def wipe() -> None:
    """Remove the demo's posts, companies and people (superusers stay)."""
    with transaction.atomic():
        for model in (Photo, HelpfulVote, StatusChange, Update):
            model.objects.all().delete()
        Comment.objects.filter(parent__isnull=False).delete()
        Comment.objects.all().delete()
        Complaint.objects.all().delete()
        Representative.objects.all().delete()
        Company.objects.all().delete()
        Category.objects.all().delete()
        User.objects.filter(is_superuser=False).delete()


def _post_counts(rng: random.Random, names: list[str], scale: float) -> dict[str, int]:
    others = [n for n in names if n != FLAGSHIP]
    rng.shuffle(others)
    weights = [1 / (rank + 3) ** 0.9 for rank in range(len(others))]
    total = sum(weights)
    counts = {
        n: max(3, round(OTHER_POSTS * scale * w / total))
        for n, w in zip(others, weights, strict=True)
    }
    counts[FLAGSHIP] = max(20, round(FLAGSHIP_POSTS * scale))
    return counts


def _photo_pool():
    cache: dict[str, list] = {}

    def photos(product: str, count: int):
        pool = cache.get(product)
        if pool is None:
            name = f"{PHOTO_DIR}/{slugify(product) or 'photo'}"
            pool = cache[product] = [
                make_image(f"{name}-{v}", product, v, random.Random(f"{name}-{v}"))
                for v in range(VARIANTS)
            ]
        return [pool[i % VARIANTS] for i in range(count)]

    return photos


def build(*, scale: float = 1.0, progress=lambda done, total: None, keep_titles=50):
    rng = random.Random(SEED)
    categories = ensure_categories()
    people = People(rng, password=make_password("demo"), unique_suffix=False)
    crowd = people.crowd(max(60, round(PEOPLE * scale)), START)
    for name in ("moderator.asha", "moderator.tom"):
        people.person("IN" if "asha" in name else "GB", START, username=name, staff=True)

    names = [row[0] for row in corpus.COMPANIES]
    counts = _post_counts(rng, names, scale)
    companies, plans, reps = [], [], []
    next_id = (Company.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for offset, (name, industry, aliases, office, description) in enumerate(corpus.COMPANIES):
        domain = slugify(name).replace("-", "") + ".example"
        claimed_at = START + timedelta(days=rng.randint(200, 1800)) if name in CLAIMED else None
        company = Company(
            id=next_id + offset, name=name, slug=slugify(name), aliases=aliases,
            industry=industry, description=description, website=f"https://www.{domain}",
            phone=f"1800 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            email=f"care@{domain}", address=f"{rng.randint(2, 98)}, Corporate Park, {office}",
            claimed_at=claimed_at,
        )  # fmt: skip
        companies.append(company)
        plan = CompanyPlan(
            id=company.id, name=name, industry=industry, posts=counts[name],
            resolve_rate=0.045 if name == FLAGSHIP else rng.uniform(0.08, 0.35),
            market=MARKET.get(name, "IN"),
        )  # fmt: skip
        if claimed_at:
            brand = name.split()[0].lower()
            for index, role in enumerate(("owner", "agent", "agent")[: rng.randint(2, 3)]):
                username = f"{brand}_care" if index == 0 else f"{brand}_support{index}"
                rep = people.person(plan.market if plan.market != "any" else "IN", claimed_at,
                                    username=username)  # fmt: skip
                plan.reps.append(rep)
                title = "Customer care lead" if role == "owner" else "Customer care executive"
                reps.append(Representative(company_id=company.id, user_id=rep.id, role=role,
                                           title=title, verified_at=claimed_at))  # fmt: skip
        plans.append(plan)
    people.flush()
    Company.objects.bulk_create(companies)
    Representative.objects.bulk_create(reps)
    reset_sequences([User, Company])

    loader = Loader(
        rng=rng, companies=plans, authors=crowd, categories=categories,
        profile=Profile(duplicate_share=0.004), photos=_photo_pool(), start=START, end=BASE,
        progress=progress,
    )  # fmt: skip
    posts = loader.run(keep_titles=keep_titles)
    _ensure_admin()
    return DemoResult(companies=len(companies), posts=posts, titles=loader.titles)


def _ensure_admin() -> None:
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@mail.example", "admin")


def remove_photos() -> None:
    if default_storage.exists(PHOTO_DIR):
        _, files = default_storage.listdir(PHOTO_DIR)
        for name in files:
            default_storage.delete(f"{PHOTO_DIR}/{name}")
