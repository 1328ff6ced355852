"""Who may see which complaint: one helper for pages and the API alike."""

from __future__ import annotations

from django.http import Http404

from redressal.companies.models import Representative
from redressal.complaints.models import Complaint, Visibility
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


def can_see_private(user, complaint: Complaint) -> bool:
    """The author, moderators and the company's verified representatives, nobody else."""
    if not user.is_authenticated:
        return False
    if user.pk == complaint.author_id or is_moderator(user):
        return True
    return Representative.objects.filter(user=user, company_id=complaint.company_id).exists()
