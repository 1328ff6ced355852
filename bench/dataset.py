"""The benchmark's datasets: building them, and what the goals need on top of `generate`.

`generate` makes the bulk (companies, people, posts, comments). The goals also need a few
things it does not make, added here through the site's own services and kept with the
dataset (each step checks what is there first, so a kept dataset is topped up, not doubled):

- bench accounts (`bench-0000`…) with verified e-mail addresses, for filings, votes and
  comments through the API; their personal API tokens are made afresh on every run;
- a complaint with exactly 200 published comments and one with none, about the largest
  company, by bench accounts;
- the largest company's numbers (`insights.numbers`), computed as the task worker would, so
  that its first page shows them as in production (the benchmark runs no worker);
- a common and a rare search word, counted in the published complaints' titles and bodies
  (kept in `bench/data/<dataset>.words.json`: counting is slow on a large dataset).
"""

from __future__ import annotations

import json
import random
import re
import secrets
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.server import BenchError

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data"

BENCH_USERS = 1000
USERNAME = "bench-{:04d}"
DISCUSSED_TITLE = "Bench: two hundred comments on a refund that never came"
QUIET_TITLE = "Bench: a complaint nobody has commented on yet"
DISCUSSED_COMMENTS = 200
TOKEN_NAME = "bench"  # noqa: S105 (a label, not a secret)
COMMON_SHARE = 0.10  # the common search word is in about this share of published complaints
# The rare one is the rarest word that still fills the first page of results: a word in two
# complaints would compare a page of two results with one of twenty, not two searches.
RARE_MIN = 20
WORDS_VERSION = 6  # bump when the way words are chosen changes: kept choices are redone

# Filler for the texts the bench posts: every text is a fresh draw, so no two are alike (the
# site refuses an author's near-duplicates and holds text someone else already posted).
WORDS = (  # noqa: SIM905 (a list literal would take a hundred lines)
    "account agent amount answer app april asked august balance bank bill booking branch "
    "call card care cashback centre charge charged cheque claim complaint contacted courier "
    "credit customer damaged date deducted delay delivered delivery deposit email engineer "
    "escalated executive exchange failed fault feedback fine form given help helpline "
    "installation invoice issue item june late letter manager march message money monday "
    "month mobile never number office order package paid payment pending phone plan policy "
    "poor product promised provider reached receipt received refund registered rejected "
    "repair replaced replacement reply request resolved response return returned service "
    "shipment shop showroom since staff status still store support team technician ticket "
    "told transaction transfer unable update visit waiting warranty week weeks working wrong"
).split()


def random_text(rng: random.Random, words: int) -> str:
    """Plain sentences of random words: unique, free of links, digits and spam phrases."""
    sentences, left = [], words
    while left > 0:
        n = min(left, rng.randint(6, 14))
        sentence = " ".join(rng.choice(WORDS) for _ in range(n))
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
        left -= n
    return " ".join(sentences)


def random_title(rng: random.Random) -> str:
    return random_text(rng, rng.randint(5, 9)).rstrip(".")


@dataclass
class Dataset:
    name: str
    url: str
    marker: Path  # written once the dataset is complete: a run with --keep reuses it
    backend: str
    postgres_url: str = ""
    path: Path | None = None

    @property
    def words_file(self) -> Path:
        return self.marker.with_suffix(".words.json")

    def exists(self) -> bool:
        if not self.marker.exists():
            return False
        if self.path is not None:
            return self.path.exists()
        return self._postgres_exists()

    def remove(self) -> None:
        self.marker.unlink(missing_ok=True)
        self.words_file.unlink(missing_ok=True)
        if self.path is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        else:
            self._postgres(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def create(self) -> None:
        self.remove()
        DATA.mkdir(parents=True, exist_ok=True)
        if self.path is None:
            self._postgres(f'CREATE DATABASE "{self.name}"')

    def backend_pids(self) -> set[int]:
        """PostgreSQL's server processes for this database: the server's share of the work."""
        if self.path is not None:
            return set()
        import psycopg

        with psycopg.connect(f"{self.postgres_url}/postgres", autocommit=True) as conn:
            rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.name])
            return {pid for (pid,) in rows}

    def vacuum(self, say) -> None:
        """PostgreSQL: clear what earlier runs left, as autovacuum does on a server left to run.

        Every filing, vote and comment updates its company's row, and its counters are indexed
        (the directory's "most complained"), so each update leaves a dead row version and a
        dead entry in each of the table's indexes: a few thousand a run. Without a vacuum
        between runs, as on a server with autovacuum off, the next run reads the company
        through them, and filings cost more run after run.
        """
        if self.path is not None:
            return
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            (autovacuum,) = conn.execute("SHOW autovacuum").fetchone()
            started = time.monotonic()
            conn.execute("VACUUM (ANALYZE)")
        say(
            f"Vacuumed {self.name} in {time.monotonic() - started:,.1f} s"
            f" (the server's autovacuum is {autovacuum})."
        )

    def _postgres_exists(self) -> bool:
        import psycopg

        with psycopg.connect(f"{self.postgres_url}/postgres", autocommit=True) as conn:
            row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name])
            return row.fetchone() is not None

    def _postgres(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.postgres_url}/postgres", autocommit=True) as conn:
            conn.execute(sql)


def dataset_for(args) -> Dataset:
    size = f"{args.complaints}-{args.companies}"
    if args.database == "sqlite":
        path = DATA / f"sqlite-{size}.sqlite3"
        return Dataset(
            name=path.name,
            url=f"sqlite:///{path}",
            marker=DATA / f"sqlite-{size}.ready",
            backend="sqlite",
            path=path,
        )
    name = f"redressal_bench_{size.replace('-', '_')}"
    base = args.postgres_url.rstrip("/")
    return Dataset(
        name=name,
        url=f"{base}/{name}",
        marker=DATA / f"postgres-{name}.ready",
        backend="postgres",
        postgres_url=base,
    )


# --- What the goals need (run in the benchmark's process, after django.setup()) -----------


@dataclass
class Extras:
    users: list[int]  # bench accounts' ids
    tokens: list[str]  # one personal API token per bench account, same order
    discussed: object  # the complaint with 200 comments
    quiet: object  # the complaint with none
    words: dict  # {"common": {...}, "rare": {...}}
    seconds: float


def prepare_extras(dataset: Dataset, company, *, say=print) -> Extras:
    """Add what the goals need (once per dataset) and issue this run's API tokens."""
    started = time.monotonic()
    rng = random.Random()
    users = _bench_users(say)
    discussed = _complaint(company, users[0], DISCUSSED_TITLE, rng)
    quiet = _complaint(company, users[1], QUIET_TITLE, rng)
    _fill_discussion(discussed, users, rng, say)
    tokens = _issue_tokens(users)
    _compute_numbers(company, say)
    words = _search_words(dataset, say)
    return Extras(
        users=[user.pk for user in users],
        tokens=tokens,
        discussed=discussed,
        quiet=quiet,
        words=words,
        seconds=time.monotonic() - started,
    )


def _compute_numbers(company, say) -> None:
    from redressal.insights.numbers import refresh_numbers

    say(f"Computing the numbers of {company.slug}…")
    refresh_numbers(company=company)


def _bench_users(say) -> list:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from redressal.accounts.models import User

    names = [USERNAME.format(i) for i in range(BENCH_USERS)]
    have = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    missing = [name for name in names if name not in have]
    if missing:
        say(f"Adding {len(missing):,} bench accounts…")
        # A month old and verified: their posts go public at once, as a regular's would.
        joined = timezone.now() - timezone.timedelta(days=30)
        password = make_password(None)
        User.objects.bulk_create(
            [
                User(
                    username=name,
                    email=f"{name}@bench.invalid",
                    password=password,
                    city="Pune",
                    state="Maharashtra",
                    date_joined=joined,
                    email_verified_at=joined,
                )
                for name in missing
            ],
            batch_size=500,
        )
        _reset_user_sequence()
    by_name = {user.username: user for user in User.objects.filter(username__in=names)}
    return [by_name[name] for name in names]


def _reset_user_sequence() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    from redressal.accounts.models import User

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [User]):
            cursor.execute(sql)


def _complaint(company, author, title: str, rng: random.Random):
    from redressal.complaints import services
    from redressal.complaints.models import Complaint

    existing = Complaint.objects.published().filter(author=author, title=title).first()
    if existing is not None:
        return existing
    return services.file_complaint(
        author=author, company=company, title=title, body=random_text(rng, 80)
    )


def _fill_discussion(complaint, users: list, rng: random.Random, say) -> None:
    from redressal.discussion import services
    from redressal.discussion.models import Comment

    published = Comment.objects.filter(complaint=complaint, visibility="published")
    have = published.count()
    if have > DISCUSSED_COMMENTS:
        raise RuntimeError(f"complaint {complaint.pk} has {have} comments, not 200")
    if have < DISCUSSED_COMMENTS:
        say(f"Adding {DISCUSSED_COMMENTS - have} comments to complaint {complaint.pk}…")
    # One comment per account, so that none of them looks like a flood.
    for user in users[2 + have : 2 + DISCUSSED_COMMENTS]:
        services.post_comment(complaint=complaint, author=user, body=random_text(rng, 30))
    have = published.count()
    if have != DISCUSSED_COMMENTS:
        raise RuntimeError(f"complaint {complaint.pk} has {have} published comments, not 200")
    complaint.refresh_from_db()


def _issue_tokens(users: list) -> list[str]:
    """A fresh token per bench account (a token is shown once: earlier runs' are revoked)."""
    from django.utils import timezone

    from redressal.api.models import ApiToken
    from redressal.api.services import PREFIX_SHOWN, TOKEN_PREFIX, hash_token

    now = timezone.now()
    ApiToken.objects.filter(user__in=users, name=TOKEN_NAME, revoked_at__isnull=True).update(
        revoked_at=now
    )
    made, tokens = [], []
    for user in users:
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        tokens.append(secret)
        made.append(
            ApiToken(
                user=user,
                name=TOKEN_NAME,
                prefix=secret[:PREFIX_SHOWN],
                hashed_key=hash_token(secret),
                created_at=now,
            )
        )
    ApiToken.objects.bulk_create(made, batch_size=500)
    return tokens


_WORD = re.compile(r"[a-z]{5,}")


def _search_words(dataset: Dataset, say) -> dict:
    """A word in about 10% of published complaints and a rare one, with their counts.

    Counted over every published complaint: about fifteen seconds a million, kept in the
    words file (the counts used to be estimated from a sample of 100,000).
    """
    if dataset.words_file.exists():
        words = json.loads(dataset.words_file.read_text())
        if words.get("version") == WORDS_VERSION:
            return words
    from redressal.companies.models import Company
    from redressal.complaints.models import Complaint

    say("Choosing the search words…")
    # Not the bench's own words (its posts would move the counts run after run), nor a word
    # of a company's name: the largest company alone is in 10% of complaints, and a name
    # is a question for the company search rather than for the complaints' text.
    filler = set(WORDS) | set(_WORD.findall(f"{DISCUSSED_TITLE} {QUIET_TITLE}".lower()))
    for name in Company.objects.values_list("name", flat=True).iterator(chunk_size=5000):
        filler.update(_WORD.findall(name.lower()))
    frequency: Counter = Counter()
    total = 0
    texts = Complaint.objects.published().values_list("title", "body")
    for title, body in texts.iterator(chunk_size=5000):
        frequency.update(set(_WORD.findall(f"{title} {body}".lower())) - filler)
        total += 1
    if not frequency:
        raise BenchError("the published complaints have no word to search for")
    common, seen = min(
        frequency.items(), key=lambda item: (abs(item[1] / total - COMMON_SHARE), item)
    )
    # Rarest first; on a tiny dataset where no word fills a page, the most frequent one.
    ranked = sorted(frequency.items(), key=lambda item: (item[1], item[0]))
    rare_word, rare_count = next((item for item in ranked if item[1] >= RARE_MIN), ranked[-1])
    words = {
        "version": WORDS_VERSION,
        "published": total,
        "common": {"word": common, "complaints": seen, "share": round(seen / total, 4)},
        "rare": {"word": rare_word, "complaints": rare_count},
    }
    dataset.words_file.write_text(json.dumps(words, indent=2) + "\n")
    return words
