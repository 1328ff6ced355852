"""Streams posts with their timelines, comments, votes and photos into the database.

Used by both `manage.py demo` and `manage.py generate`. Posts are written in chunks, one
transaction each, and only the current chunk is held in memory. Every stored counter is
computed as the rows are made: per-post counters go in with the post, per-company and
per-category totals are summed in memory and added once at the end.
"""

from __future__ import annotations

import random
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction

from redressal.companies.models import Company
from redressal.complaints.models import (
    Complaint,
    HelpfulVote,
    Photo,
    StatusChange,
    Update,
    Visibility,
    make_slug,
)
from redressal.core.crypto import encrypt as _encrypt
from redressal.core.demo.corpus import _words
from redressal.core.demo.images import PooledImage
from redressal.core.demo.tables import Table, datetime_adapter, reset_sequences
from redressal.core.demo.text import Author, Storyteller
from redressal.discussion.models import Comment
from redressal.insights.models import Category

S = Complaint.Status
COMMENT_KINDS = (Comment.Kind.COMPLAINT, Comment.Kind.POSITIVE, Comment.Kind.NEUTRAL)


@dataclass
class CompanyPlan:
    id: int
    name: str
    industry: str
    posts: int
    resolve_rate: float = 0.1
    reps: list[Author] = field(default_factory=list)
    market: str = "IN"


@dataclass
class Profile:
    """Shares of posts that get each kind of extra; the demo and `generate` differ."""

    review_share: float = 0.06
    rated_complaint_share: float = 0.15
    comment_share: float = 0.35
    max_comments: int = 4
    reply_share: float = 0.3
    vote_share: float = 0.3
    max_votes: int = 6
    photo_share: float = 0.12
    max_photos: int = 5
    update_share: float = 0.08
    unpublished_share: float = 0.01
    duplicate_share: float = 0.0
    answer_share: float = 0.25
    propose_share: float = 0.06
    dispute_share: float = 0.03
    chunk: int = 2000


class Loader:
    def __init__(
        self,
        *,
        rng: random.Random,
        companies: list[CompanyPlan],
        authors: dict[str, list[Author]],
        categories: dict[str, int],
        profile: Profile,
        photos: Callable[[str, int], list[PooledImage]],
        start: datetime,
        end: datetime,
        progress: Callable[[int, int], None] = lambda done, total: None,
    ):
        self.rng = rng
        self.text = Storyteller(rng)
        self.companies = companies
        self.authors = authors
        self.everyone = [a for market in ("IN", "US", "GB") for a in authors.get(market, [])]
        self.categories = categories
        self.profile = profile
        self.photos = photos
        self.start, self.end = start, end
        self.progress = progress
        self.dt = datetime_adapter()
        self.complaints = Table(
            Complaint,
            _words(
                "id company author kind title slug body private_details rating product category "
                "status visibility author_city author_state helpful_count comments_count "
                "photos_count views_count created_at edited_at first_answered_at resolved_at "
                "last_activity_at"
            ),
        )
        self.comments = Table(
            Comment,
            _words("id complaint author parent kind body official_company visibility created_at"),
        )
        self.updates = Table(Update, _words("complaint author body created_at"))
        self.changes = Table(
            StatusChange, _words("complaint actor from_status to_status note created_at")
        )
        self.votes = Table(HelpfulVote, _words("complaint user created_at"))
        self.photo_rows = Table(
            Photo,
            _words("complaint image thumbnail width height caption position created_at"),
        )
        self.tables = [
            self.complaints,
            self.comments,
            self.updates,
            self.changes,
            self.votes,
            self.photo_rows,
        ]
        # company id -> [complaints, reviews, resolved, with photos, rating sum, rating count]
        self.company_totals: dict[int, list[int]] = {}
        self.company_activity: dict[int, datetime] = {}
        self.category_totals: dict[int, int] = {}
        self.titles: list[str] = []

    # --- the run --------------------------------------------------------------------------

    def run(self, *, keep_titles: int = 0) -> int:
        """Write every planned post; returns how many posts were written."""
        order = array("I")
        for index, plan in enumerate(self.companies):
            order.extend([index] * plan.posts)
        self.rng.shuffle(order)
        total = len(order)
        span = (self.end - self.start).total_seconds()
        written = 0
        for position, index in enumerate(order):
            # Posts arrive in time order across the site, a little irregularly.
            offset = span * (position + self.rng.random()) / max(total, 1)
            when = self.start + timedelta(seconds=offset)
            written += self._post(self.companies[index], when, keep_titles)
            if len(self.complaints.rows) >= self.profile.chunk:
                self._flush()
                self.progress(position + 1, total)
        self._flush()
        self.progress(total, total)
        self._write_totals()
        reset_sequences(table.model for table in self.tables)
        self.rows_written = sum(table.written for table in self.tables)
        return written

    def _flush(self) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            for table in self.tables:
                table.flush(cursor)

    # --- one post -------------------------------------------------------------------------

    def _author_for(self, plan: CompanyPlan) -> Author:
        rng = self.rng
        if plan.market == "any" or rng.random() > 0.92:
            return rng.choice(self.everyone)
        return rng.choice(self.authors.get(plan.market) or self.everyone)

    def _later(self, moment: datetime, low_hours: float, high_hours: float) -> datetime:
        return min(moment + timedelta(hours=self.rng.uniform(low_hours, high_hours)), self.end)

    def _post(self, plan: CompanyPlan, when: datetime, keep_titles: int) -> int:
        rng, p = self.rng, self.profile
        author = self._author_for(plan)
        is_review = rng.random() < p.review_share
        if is_review:
            rating = self.text.review_rating()
            post = self.text.review(
                company=plan.name, industry=plan.industry, author=author, when=when, rating=rating
            )
        else:
            rating = rng.choice((1, 1, 2)) if rng.random() < p.rated_complaint_share else None
            post = self.text.complaint(
                company=plan.name, industry=plan.industry, author=author, when=when
            )
        copies = 2 if (not is_review and rng.random() < p.duplicate_share) else 1
        for copy in range(copies):
            moment = when + timedelta(minutes=7 * copy)
            self._write_post(plan, author, post, is_review, rating, moment)
            if len(self.titles) < keep_titles:
                self.titles.append(post.title)
        return copies

    def _write_post(self, plan, author, post, is_review, rating, when) -> None:
        rng, p, dt = self.rng, self.profile, self.dt
        cid = self.complaints.allocate()
        visibility = Visibility.PUBLISHED
        if rng.random() < p.unpublished_share:
            visibility = rng.choice((Visibility.DELETED, Visibility.HIDDEN))
        status, answered_at, resolved_at, last, official = (
            (S.OPEN, None, None, when, 0) if is_review else self._timeline(cid, plan, author, when)
        )
        comments = 0
        if rng.random() < p.comment_share:
            comments, moment = self._comments(cid, author, post.product, when)
            last = max(last, moment)
        comments += official
        helpful = self._votes(cid, author, when) if rng.random() < p.vote_share else 0
        photos = self._photos(cid, post, when) if rng.random() < p.photo_share else 0
        if rng.random() < p.update_share and not is_review and status != S.RESOLVED:
            moment = self._later(last, 24, 24 * 20)
            body = self.text.update("open", company=plan.name)
            self.updates.add((cid, author.id, body, dt(moment)))
            last = max(last, moment)
        views = int(rng.paretovariate(1.4) * 25) + helpful * rng.randint(8, 30)
        category_id = self.categories.get(post.category)
        self.complaints.add(
            (
                cid, plan.id, author.id, "review" if is_review else "complaint", post.title,
                make_slug(post.title), post.body, encrypt_private(post.private_details), rating,
                post.product, category_id, status, visibility, author.city, author.state, helpful,
                comments, photos, views, dt(when), None, dt(answered_at), dt(resolved_at),
                dt(last),
            )
        )  # fmt: skip
        if visibility != Visibility.PUBLISHED:
            return
        totals = self.company_totals.setdefault(plan.id, [0, 0, 0, 0, 0, 0])
        totals[1 if is_review else 0] += 1
        totals[2] += status == S.RESOLVED
        totals[3] += photos > 0
        if rating:
            totals[4] += rating
            totals[5] += 1
        if last > self.company_activity.get(plan.id, last - timedelta(seconds=1)):
            self.company_activity[plan.id] = last
        if category_id:
            self.category_totals[category_id] = self.category_totals.get(category_id, 0) + 1

    def _timeline(self, cid, plan: CompanyPlan, author: Author, when: datetime):
        """Pick where the complaint ended up and write the steps that led there."""
        rng, p, dt = self.rng, self.profile, self.dt
        roll = rng.random()
        rep = rng.choice(plan.reps) if plan.reps else None
        steps: list[tuple] = []  # (actor, from, to, note)
        if roll < plan.resolve_rate:
            if rep and rng.random() < 0.6:
                steps = [(rep, S.OPEN, S.ANSWERED, ""),
                         (rep, S.ANSWERED, S.RESOLUTION_PROPOSED, self.text.proposal()),
                         (author, S.RESOLUTION_PROPOSED, S.RESOLVED, "")]  # fmt: skip
            else:
                steps = [(author, S.OPEN, S.RESOLVED, "")]
        elif rep and roll < plan.resolve_rate + p.dispute_share:
            steps = [(rep, S.OPEN, S.ANSWERED, ""),
                     (rep, S.ANSWERED, S.RESOLUTION_PROPOSED, self.text.proposal()),
                     (author, S.RESOLUTION_PROPOSED, S.ANSWERED, "Not resolved yet.")]  # fmt: skip
        elif rep and roll < plan.resolve_rate + p.dispute_share + p.propose_share:
            steps = [(rep, S.OPEN, S.ANSWERED, ""),
                     (rep, S.ANSWERED, S.RESOLUTION_PROPOSED, self.text.proposal())]  # fmt: skip
        elif rep and roll < plan.resolve_rate + p.dispute_share + p.propose_share + p.answer_share:
            steps = [(rep, S.OPEN, S.ANSWERED, "")]
        moment, status, answered_at, resolved_at = when, S.OPEN, None, None
        for actor, before, after, note in steps:
            moment = self._later(moment, 2, 24 * 12)
            self.changes.add((cid, actor.id, before, after, note, dt(moment)))
            if after == S.ANSWERED and before == S.OPEN:
                answered_at = moment
                # The company's answer is the official response under the complaint.
                body = self.text.official(author=author.username, product=plan.name)
                self.comments.add(
                    (self.comments.allocate(), cid, actor.id, None, Comment.Kind.NEUTRAL, body,
                     plan.id, Visibility.PUBLISHED, dt(moment))
                )  # fmt: skip
            status = after
        if status == S.RESOLVED:
            resolved_at = moment
        if steps and steps[-1][1] == S.RESOLUTION_PROPOSED and status == S.ANSWERED:
            moment = self._later(moment, 1, 48)
            body = self.text.update("disputed", company=plan.name)
            self.updates.add((cid, author.id, body, dt(moment)))
        elif status == S.RESOLVED and rng.random() < 0.5:
            moment = self._later(moment, 1, 48)
            self.updates.add((cid, author.id, self.text.update("resolved", company=plan.name),
                              dt(moment)))  # fmt: skip
        official = sum(
            1 for _, before, after, _ in steps if (before, after) == (S.OPEN, S.ANSWERED)
        )
        return status, answered_at, resolved_at, moment, official

    def _comments(self, cid, author: Author, product: str, when: datetime):
        rng, p, dt = self.rng, self.profile, self.dt
        count, moment = 0, when
        for _ in range(rng.randint(1, p.max_comments)):
            commenter = rng.choice(self.everyone)
            moment = self._later(moment, 1, 24 * 30)
            kind = rng.choices(COMMENT_KINDS, weights=(40, 20, 40))[0]
            body = self.text.comment(kind, product=product, city=commenter.city, when=moment)
            visible = Visibility.PUBLISHED if rng.random() > 0.02 else Visibility.HIDDEN
            comment_id = self.comments.allocate()
            self.comments.add((comment_id, cid, commenter.id, None, kind, body, None, visible,
                               dt(moment)))  # fmt: skip
            count += visible == Visibility.PUBLISHED
            if visible == Visibility.PUBLISHED and rng.random() < p.reply_share:
                replier = author if rng.random() < 0.7 else rng.choice(self.everyone)
                moment = self._later(moment, 1, 24 * 5)
                self.comments.add(
                    (self.comments.allocate(), cid, replier.id, comment_id, Comment.Kind.NEUTRAL,
                     self.text.reply(), None, Visibility.PUBLISHED, dt(moment))
                )  # fmt: skip
                count += 1
        return count, moment

    def _votes(self, cid, author: Author, when: datetime) -> int:
        rng = self.rng
        size = min(rng.randint(1, self.profile.max_votes), len(self.everyone) - 1)
        voters = {a.id for a in rng.sample(self.everyone, size + 1)} - {author.id}
        voters = sorted(voters)[:size]
        moment = self.dt(self._later(when, 1, 24 * 60))
        for voter in voters:
            self.votes.add((cid, voter, moment))
        return len(voters)

    def _photos(self, cid, post, when: datetime) -> int:
        count = self.rng.randint(1, self.profile.max_photos)
        for position, pooled in enumerate(self.photos(post.product, count)):
            self.photo_rows.add(
                (cid, pooled.image, pooled.thumbnail, pooled.width, pooled.height,
                 f"{post.title} - Image #{position}"[:200], position, self.dt(when))
            )  # fmt: skip
        return count

    # --- totals ---------------------------------------------------------------------------

    def _write_totals(self) -> None:
        quote = connection.ops.quote_name
        company_table = quote(Company._meta.db_table)
        # Table and column names come from the models; values go as parameters.
        sql = (
            f"UPDATE {company_table} SET complaints_count = complaints_count + %s, "  # noqa: S608
            "reviews_count = reviews_count + %s, resolved_count = resolved_count + %s, "
            "with_photos_count = with_photos_count + %s, rating_sum = rating_sum + %s, "
            "rating_count = rating_count + %s, last_activity_at = CASE WHEN "
            "last_activity_at IS NULL OR last_activity_at < %s THEN %s ELSE last_activity_at END "
            "WHERE id = %s"
        )
        rows = []
        for company_id, totals in self.company_totals.items():
            moment = self.dt(self.company_activity.get(company_id))
            rows.append((*totals, moment, moment, company_id))
        category_sql = (
            f"UPDATE {quote(Category._meta.db_table)} "  # noqa: S608
            "SET complaints_count = complaints_count + %s WHERE id = %s"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            if rows:
                cursor.executemany(sql, rows)
            category_rows = [(n, pk) for pk, n in self.category_totals.items()]
            if category_rows:
                cursor.executemany(category_sql, category_rows)


def encrypt_private(text: str) -> str:
    """Raw rows skip the model field, so private text is encrypted here."""
    return _encrypt(text) if text else ""
