"""Who may see which complaint: one helper for pages and the API alike."""

from __future__ import annotations

from django.http import Http404

from redressal.companies.models import Representative
from redressal.complaints.models import Complaint, PrivateAccess, Visibility
from redressal.core.roles import is_moderator


def can_see(user, complaint: Complaint) -> bool:
    if complaint.visibility == Visibility.PUBLISHED:
        return True
    if is_moderator(user):
        return True
    is_author = user.is_authenticated and user.pk == complaint.author_id
    return is_author and complaint.visibility != Visibility.DELETED


def get_complaint_for(request, pk: int, *, author_only: bool = False) -> Complaint:
    """The complaint `request.user` may see, or a 404 that does not say whether it exists."""
    try:
        complaint = Complaint.objects.with_listing_relations().get(pk=pk)
    except Complaint.DoesNotExist:
        raise Http404("No such complaint.") from None
    user = request.user
    if not can_see(user, complaint):
        raise Http404("No such complaint.")
    if author_only and not (user.is_authenticated and user.pk == complaint.author_id):
        raise Http404("No such complaint.")
    return complaint


AUTHOR = "author"


def private_role(user, complaint: Complaint, *, author_id: int | None = None) -> str | None:
    """Why `user` may read the private text of a post about `complaint`'s company.

    "author" (of the complaint, or of `author_id`'s comment), a PrivateAccess role for the
    company's verified representatives and moderators, or None for everyone else.
    """
    if not user.is_authenticated:
        return None
    if user.pk == (complaint.author_id if author_id is None else author_id):
        return AUTHOR
    if is_moderator(user):
        return PrivateAccess.Role.MODERATOR
    if Representative.objects.filter(user=user, company_id=complaint.company_id).exists():
        return PrivateAccess.Role.REPRESENTATIVE
    return None


def can_see_private(user, complaint: Complaint) -> bool:
    """The author, moderators and the company's verified representatives, nobody else."""
    return private_role(user, complaint) is not None


def has_private_text(complaint: Complaint) -> bool:
    return bool(complaint.original_title or complaint.original_body or complaint.private_details)
