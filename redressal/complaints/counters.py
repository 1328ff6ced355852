"""Stored counters: what each published post contributes, moving them, and repairing them.

Pages never count rows: every service that changes a post moves the stored counters in the
same transaction by the difference between what the post contributed before and after.
`recount` recomputes everything from the rows and reports what it had to fix.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import router
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from redressal.companies.models import Company
from redressal.complaints import cards
from redressal.complaints.models import Complaint, HelpfulVote, Photo, Visibility
from redressal.core import stored_sql
from redressal.insights.models import Category

COMPANY_COUNTERS = (
    "complaints_count",
    "reviews_count",
    "resolved_count",
    "with_photos_count",
    "rating_sum",
    "rating_count",
)


def contribution(complaint: Complaint) -> Counter:
    """What one post adds to its company's counters (nothing unless it is published)."""
    counts: Counter = Counter()
    if complaint.visibility != Visibility.PUBLISHED:
        return counts
    if complaint.kind == Complaint.Kind.REVIEW:
        counts["reviews_count"] = 1
    else:
        counts["complaints_count"] = 1
        if complaint.status == Complaint.Status.RESOLVED:
            counts["resolved_count"] = 1
    if complaint.photos_count > 0:
        counts["with_photos_count"] = 1
    if complaint.rating:
        counts["rating_sum"] = complaint.rating
        counts["rating_count"] = 1
    return counts


# What a post contributed before it existed: hand to `move` after creating one.
NEW_POST: tuple[Counter, int | None] = (Counter(), None)


def snapshot(complaint: Complaint) -> tuple[Counter, int | None]:
    """Take before changing a post; hand to `move` afterwards."""
    return contribution(complaint), _category_share(complaint)


def _category_share(complaint: Complaint) -> int | None:
    if complaint.visibility == Visibility.PUBLISHED and complaint.category_id:
        return complaint.category_id
    return None


# Every post filed, published, edited or hidden runs it: written out once, not composed by
# the ORM each time (which cost more than running it).
_MOVE_COMPANY = (
    f'UPDATE "{Company._meta.db_table}" SET '  # noqa: S608 (constants only; values are parameters)
    + "".join(f'"{name}" = "{name}" + %s, ' for name in COMPANY_COUNTERS)
    + '"last_activity_at" = COALESCE(%s, "last_activity_at"),'
    ' "page_generation" = "page_generation" + 1 WHERE "id" = %s'
)


def move(complaint: Complaint, before: tuple[Counter, int | None], *, touch: bool = True) -> None:
    """Move company and category counters by the change in what `complaint` contributes."""
    before_counts, before_category = before
    after_counts = contribution(complaint)
    # Whatever changed about the post, the company's pages and the post's card show it:
    # their copies are done (the page generation goes up).
    stored_sql.execute(
        router.db_for_write(Company),
        _MOVE_COMPANY,
        [
            *(after_counts[name] - before_counts[name] for name in COMPANY_COUNTERS),
            timezone.now() if touch else None,
            complaint.company_id,
        ],
    )
    if before is not NEW_POST:  # a post just made has its own new revision, and no card yet
        cards.post_changed(complaint.pk)
    after_category = _category_share(complaint)
    if before_category != after_category:
        if before_category:
            Category.objects.filter(pk=before_category).update(
                complaints_count=F("complaints_count") - 1
            )
        if after_category:
            Category.objects.filter(pk=after_category).update(
                complaints_count=F("complaints_count") + 1
            )


# --- Repair -------------------------------------------------------------------------------


@dataclass
class RecountReport:
    fixed: dict[str, int] = field(default_factory=dict)
    examples: dict[str, list] = field(default_factory=dict)

    def record(self, counter: str, pk, stored, real) -> None:
        self.fixed[counter] = self.fixed.get(counter, 0) + 1
        examples = self.examples.setdefault(counter, [])
        if len(examples) < 5:
            examples.append((pk, stored, real))

    @property
    def total(self) -> int:
        return sum(self.fixed.values())


def recount(*, dry_run: bool = False) -> RecountReport:
    """Recompute every stored counter from the rows; fix and report the ones that were wrong.

    With `dry_run`, only report: nothing is written.
    """
    report = RecountReport()
    _recount_complaints(report, dry_run=dry_run)
    _recount_companies(report, dry_run=dry_run)
    _recount_categories(report, dry_run=dry_run)
    return report


def _count_of(model, *, filter: Q | None = None) -> Coalesce:
    rows = model.objects.filter(complaint=OuterRef("pk"))
    if filter is not None:
        rows = rows.filter(filter)
    counted = rows.order_by().values("complaint").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _recount_complaints(report: RecountReport, *, dry_run: bool) -> None:
    from redressal.discussion.models import Comment

    real_counts = {
        "helpful_count": _count_of(HelpfulVote),
        "comments_count": _count_of(Comment, filter=Q(visibility=Visibility.PUBLISHED)),
        # The post's own gallery, ready photos only: photos on its comments are not counted.
        "photos_count": _count_of(Photo, filter=Q(comment__isnull=True, state=Photo.State.READY)),
    }
    for counter, real in real_counts.items():
        # The database compares every row and hands back only the wrong ones.
        wrong = (
            Complaint.objects.annotate(real=real)
            .exclude(**{counter: F("real")})
            .values_list("pk", counter, "real")
        )
        for pk, stored, actual in wrong.iterator(chunk_size=2000):
            if not dry_run:
                Complaint.objects.filter(pk=pk).update(**{counter: actual})
            report.record(f"complaint.{counter}", pk, stored, actual)


def _recount_companies(report: RecountReport, *, dry_run: bool) -> None:
    published = Q(complaints__visibility=Visibility.PUBLISHED)
    is_complaint = published & Q(complaints__kind=Complaint.Kind.COMPLAINT)
    real = Company.objects.annotate(
        real_complaints=Count("complaints", filter=is_complaint),
        real_reviews=Count(
            "complaints", filter=published & Q(complaints__kind=Complaint.Kind.REVIEW)
        ),
        real_resolved=Count(
            "complaints",
            filter=is_complaint & Q(complaints__status=Complaint.Status.RESOLVED),
        ),
        real_with_photos=Count("complaints", filter=published & Q(complaints__photos_count__gt=0)),
        real_rating_sum=Coalesce(
            Sum("complaints__rating", filter=published & Q(complaints__rating__isnull=False)),
            0,
        ),
        real_rating_count=Count(
            "complaints", filter=published & Q(complaints__rating__isnull=False)
        ),
    )
    names = {
        "complaints_count": "real_complaints",
        "reviews_count": "real_reviews",
        "resolved_count": "real_resolved",
        "with_photos_count": "real_with_photos",
        "rating_sum": "real_rating_sum",
        "rating_count": "real_rating_count",
    }
    for row in real.values("pk", *COMPANY_COUNTERS, *names.values()).iterator(chunk_size=2000):
        changes = {}
        for counter, real_name in names.items():
            if row[counter] != row[real_name]:
                changes[counter] = row[real_name]
                report.record(f"company.{counter}", row["pk"], row[counter], row[real_name])
        if changes and not dry_run:
            Company.objects.filter(pk=row["pk"]).update(**changes)


def _recount_categories(report: RecountReport, *, dry_run: bool) -> None:
    real = Category.objects.annotate(
        real=Count("complaints", filter=Q(complaints__visibility=Visibility.PUBLISHED))
    ).values_list("pk", "complaints_count", "real")
    for pk, stored, actual in real:
        if stored != actual:
            if not dry_run:
                Category.objects.filter(pk=pk).update(complaints_count=actual)
            report.record("category.complaints_count", pk, stored, actual)
