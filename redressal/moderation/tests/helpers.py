"""Putting things in the moderation queue for tests."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from redressal.accounts.tests.factories import UserFactory
from redressal.complaints.models import HoldReason, Visibility
from redressal.moderation.models import Report
from redressal.moderation.services import file_report


def hold_for_moderation(post):
    type(post).objects.filter(pk=post.pk).update(
        visibility=Visibility.HELD, held_reason=HoldReason.MODERATION
    )
    post.refresh_from_db()
    return post


def report(target, *, ago_minutes=0, reason=Report.Reason.SPAM, details="", reporter=None):
    made = file_report(
        reporter=reporter or UserFactory(), target=target, reason=reason, details=details
    )
    Report.objects.filter(pk=made.pk).update(
        created_at=timezone.now() - timedelta(minutes=ago_minutes)
    )
    return made
