from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from redressal.complaints.models import Complaint, HelpfulVote, Visibility


def published_complaint(pk: int) -> Complaint:
    """The complaint page's main row; raises Complaint.DoesNotExist unless it is public."""
    return Complaint.objects.published().with_listing_relations().get(pk=pk)


def newest_posts() -> QuerySet:
    """What is new across the site."""
    return Complaint.objects.published().order_by("-created_at", "-id")


def gallery(complaint: Complaint, viewer) -> list:
    """The post's own photos: the ready ones, and for its author also those still processing
    or failed (each page shows those as such)."""
    photos = complaint.photos.filter(comment__isnull=True)
    if not (viewer.is_authenticated and viewer.pk == complaint.author_id):
        photos = photos.ready()
    return list(photos)


def voted_ids(posts, user) -> set[int]:
    """The ids of those of `posts` (anything with a `pk`) that `user` found helpful (one
    query, none for an anonymous visitor)."""
    if not (user.is_authenticated and posts):
        return set()
    return set(
        HelpfulVote.objects.filter(user=user, complaint__in=[p.pk for p in posts]).values_list(
            "complaint_id", flat=True
        )
    )


def mark_voted(posts: list[Complaint], user) -> list[Complaint]:
    """Set `post.voted` on each post: whether `user` found it helpful (one query)."""
    voted = voted_ids(posts, user)
    for post in posts:
        post.voted = post.pk in voted
    return posts


@dataclass
class Thread:
    comment: object
    replies: list = field(default_factory=list)


# Top-level comments per page of a complaint's discussion; their replies come with them. Ten
# keep a page with a long discussion within half as much again as one with none.
THREADS_PER_PAGE = 10


@dataclass
class Discussion:
    official: list[Thread]
    threads: list[Thread]
    kind_counts: list[tuple[str, int]]
    page: int = 1
    has_next: bool = False

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.has_next else None

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    def comments(self):
        for thread in (*self.official, *self.threads):
            yield thread.comment
            yield from thread.replies


def discussion_for(
    complaint: Complaint, *, page: int = 1, per_page: int = THREADS_PER_PAGE, including=None
) -> Discussion:
    """One page of a complaint's comments, oldest first, with the official responses apart.

    A page reads its top-level comments by the complaint's comment index, then their replies:
    what it costs does not grow with the rest of the discussion. `including`, a comment just
    posted, has its thread added at the end when it is on another page.
    """
    from redressal.discussion.models import Comment

    published = (
        Comment.objects.published()
        .filter(complaint=complaint)
        .select_related("author", "official_company")
        .prefetch_related("photos")
        .order_by("created_at", "id")
    )
    top = published.filter(parent__isnull=True)
    start = (page - 1) * per_page
    chosen = list(top.filter(official_company__isnull=True)[start : start + per_page + 1])
    has_next = len(chosen) > per_page
    chosen = chosen[:per_page]
    if including is not None and including.visibility == Visibility.PUBLISHED:
        thread_id = including.parent_id or including.pk
        if thread_id not in {c.pk for c in chosen} and not including.is_official:
            chosen += list(top.filter(pk=thread_id))
    official = list(top.filter(official_company__isnull=False))
    threads = {comment.pk: Thread(comment) for comment in (*official, *chosen)}
    for reply in published.filter(parent_id__in=list(threads)):
        threads[reply.parent_id].replies.append(reply)
    return Discussion(
        official=[threads[c.pk] for c in official],
        threads=[threads[c.pk] for c in chosen],
        kind_counts=_kind_counts(complaint),
        page=page,
        has_next=has_next,
    )


def _kind_counts(complaint: Complaint) -> list[tuple[str, int]]:
    from redressal.discussion.models import Comment

    counts = dict(
        Comment.objects.published()
        .filter(complaint=complaint, parent__isnull=True, official_company__isnull=True)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(label, counts.get(kind, 0)) for kind, label in Comment.Kind.choices]


def page_of_comment(comment) -> int:
    """The page of the discussion that shows `comment` (a reply shows with its thread)."""
    from redressal.discussion.models import Comment

    thread = comment.parent if comment.parent_id else comment
    if thread.is_official:
        return 1
    earlier = (
        Comment.objects.published()
        .filter(complaint_id=thread.complaint_id, parent__isnull=True)
        .filter(official_company__isnull=True)
        .filter(
            Q(created_at__lt=thread.created_at) | Q(created_at=thread.created_at, id__lt=thread.pk)
        )
        .count()
    )
    return earlier // THREADS_PER_PAGE + 1
