"""What a profile page shows: a person's public posts, and to themselves what still waits."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from redressal.accounts.models import User
from redressal.complaints.models import Complaint, Visibility
from redressal.discussion.models import Comment


def get_profile_user(username: str) -> User:
    """The active person with this username, in any case; 404 for anyone else."""
    user = User.objects.filter(username__iexact=username, is_active=True).first()
    if user is None:
        raise Http404("No such person.")
    return user


def published_posts_by(user: User) -> QuerySet[Complaint]:
    # Served by complaint_author_idx (author, -created_at).
    return (
        Complaint.objects.published()
        .filter(author=user)
        .with_listing_relations()
        .as_cards()
        .order_by("-created_at", "-id")
    )


def published_comments_by(user: User) -> QuerySet[Comment]:
    # Served by comment_author_idx (author, -created_at); a comment under a post that is
    # no longer public is not public either.
    return (
        Comment.objects.published()
        .filter(author=user, complaint__visibility=Visibility.PUBLISHED)
        .select_related("complaint", "complaint__company")
        .order_by("-created_at", "-id")
    )


def held_posts_of(user: User) -> QuerySet[Complaint]:
    """Only for the author: posts waiting for their e-mail verification or a moderator."""
    return (
        Complaint.objects.filter(author=user, visibility=Visibility.HELD)
        .select_related("company")
        .order_by("-created_at", "-id")
    )


def held_comments_of(user: User) -> QuerySet[Comment]:
    """Only for the author: comments waiting for their e-mail verification or a moderator."""
    return (
        Comment.objects.filter(author=user, visibility=Visibility.HELD)
        .select_related("complaint")
        .order_by("-created_at", "-id")
    )
