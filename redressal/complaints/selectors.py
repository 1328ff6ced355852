from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from redressal.complaints.models import Complaint, HelpfulVote


def published_complaint(pk: int) -> Complaint:
    """The complaint page's main row; raises Complaint.DoesNotExist unless it is public."""
    return Complaint.objects.published().with_listing_relations().get(pk=pk)


def newest_posts(limit: int) -> QuerySet:
    return (
        Complaint.objects.published()
        .with_listing_relations()
        .prefetch_related("photos", "updates")
        .order_by("-created_at", "-id")[:limit]
    )


def mark_voted(posts: list[Complaint], user) -> list[Complaint]:
    """Set `post.voted` on each post: whether `user` found it helpful (one query)."""
    voted: set[int] = set()
    if user.is_authenticated and posts:
        voted = set(
            HelpfulVote.objects.filter(user=user, complaint__in=[p.pk for p in posts]).values_list(
                "complaint_id", flat=True
            )
        )
    for post in posts:
        post.voted = post.pk in voted
    return posts


@dataclass
class Thread:
    comment: object
    replies: list = field(default_factory=list)


@dataclass
class Discussion:
    official: list[Thread]
    threads: list[Thread]
    kind_counts: list[tuple[str, int]]

    def comments(self):
        for thread in (*self.official, *self.threads):
            yield thread.comment
            yield from thread.replies


def discussion_for(complaint: Complaint) -> Discussion:
    """Comments of one complaint, in one query: official responses apart, replies in threads."""
    from redressal.discussion.models import Comment

    comments = (
        Comment.objects.published()
        .filter(complaint=complaint)
        .select_related("author", "official_company")
        .prefetch_related("photos")
        .order_by("created_at", "id")
    )
    threads: dict[int, Thread] = {}
    orphans = []
    counts = {kind: 0 for kind in Comment.Kind.values}
    for comment in comments:
        if comment.parent_id is None:
            threads[comment.pk] = Thread(comment)
            if not comment.is_official:
                counts[comment.kind] += 1
        else:
            orphans.append(comment)
    for reply in orphans:
        # A reply whose parent was removed stays out of sight with it.
        if reply.parent_id in threads:
            threads[reply.parent_id].replies.append(reply)
    official = [t for t in threads.values() if t.comment.is_official]
    others = [t for t in threads.values() if not t.comment.is_official]
    kind_counts = [(label, counts[kind]) for kind, label in Comment.Kind.choices]
    return Discussion(official=official, threads=others, kind_counts=kind_counts)
