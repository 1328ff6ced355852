"""What the moderators' pages read: the queue of open reports and held posts, and the log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, Count, F, Q, QuerySet, Value

from redressal.complaints.models import Complaint, HoldReason, Photo, Visibility
from redressal.discussion.models import Comment
from redressal.moderation.models import ModerationAction, Report

QUEUE_KINDS = {"all": "Everything", "reports": "Reports", "held": "Held posts"}


@dataclass
class QueueItem:
    """One line of the queue: a report, or a post held for a moderator."""

    kind: str  # "report", "complaint" or "comment"
    at: datetime
    complaint: Complaint  # the post, or the post the comment or photo is on
    report: Report | None = None
    comment: Comment | None = None
    photo: Photo | None = None
    open_reports: int = 0

    @property
    def post(self) -> Complaint | Comment:
        """What an action on this line acts on: the comment, or else the complaint."""
        if self.photo is not None:
            return self.photo.comment or self.photo.complaint
        return self.comment or self.complaint

    @property
    def post_kind(self) -> str:
        return "comment" if isinstance(self.post, Comment) else "complaint"

    @property
    def link(self) -> str:
        url = self.complaint.get_absolute_url()
        if self.photo is not None:
            return f"{url}#photo-{self.photo.pk}"
        if self.comment is not None:
            return f"{url}#comment-{self.comment.pk}"
        return url


def _rows(queryset: QuerySet, kind: str) -> QuerySet:
    # Every branch of the union selects the same three columns in the same order.
    return (
        queryset.order_by()
        .annotate(q_kind=Value(kind, output_field=CharField()), q_id=F("pk"), q_at=F("created_at"))
        .values_list("q_kind", "q_id", "q_at")
    )


def held_for_moderation(model) -> QuerySet:
    return model.objects.filter(
        visibility=Visibility.HELD, held_reason__in=(HoldReason.MODERATION, HoldReason.REVIEW)
    )


def queue_rows(kind: str = "all") -> QuerySet:
    """(kind, id, date) of what waits for a moderator, oldest first.

    Page through it, then load the page's lines with `queue_items`.
    """
    parts = []
    if kind in ("all", "reports"):
        parts.append(_rows(Report.objects.filter(status=Report.Status.OPEN), "report"))
    if kind in ("all", "held"):
        parts.append(_rows(held_for_moderation(Complaint), "complaint"))
        parts.append(_rows(held_for_moderation(Comment), "comment"))
    first, *others = parts
    return (
        first.union(*others, all=True).order_by("q_at", "q_kind", "q_id")
        if others
        else (first.order_by("q_at", "q_id"))
    )


def queue_items(rows) -> list[QueueItem]:
    """The queue lines for one page of `queue_rows`, in a fixed number of queries."""
    rows = list(rows)
    wanted: dict[str, list[int]] = {"report": [], "complaint": [], "comment": []}
    for kind, pk, _at in rows:
        wanted[kind].append(pk)
    reports = complaints = comments = {}
    if wanted["report"]:
        reports = Report.objects.select_related(
            "reporter",
            "complaint__company",
            "complaint__author",
            "comment__author",
            "comment__complaint__company",
            "comment__complaint__author",
            "photo__complaint__company",
            "photo__complaint__author",
            "photo__comment__author",
        ).in_bulk(wanted["report"])
    if wanted["complaint"]:
        complaints = Complaint.objects.select_related("company", "author").in_bulk(
            wanted["complaint"]
        )
    if wanted["comment"]:
        comments = Comment.objects.select_related(
            "author", "complaint__company", "complaint__author"
        ).in_bulk(wanted["comment"])

    items = []
    for kind, pk, at in rows:
        if kind == "report":
            report = reports.get(pk)
            if report is None:
                continue
            photo = report.photo
            comment = report.comment or (photo.comment if photo else None)
            complaint = report.complaint or (photo or comment).complaint
            items.append(QueueItem(kind, at, complaint, report, comment, photo))
        elif kind == "complaint" and pk in complaints:
            items.append(QueueItem(kind, at, complaints[pk]))
        elif kind == "comment" and pk in comments:
            comment = comments[pk]
            items.append(QueueItem(kind, at, comment.complaint, comment=comment))
    _count_open_reports(items)
    return items


def _target_key(item: QueueItem) -> tuple[str, int]:
    if item.photo is not None:
        return "photo", item.photo.pk
    if item.comment is not None:
        return "comment", item.comment.pk
    return "complaint", item.complaint.pk


def _count_open_reports(items: list[QueueItem]) -> None:
    keys = {_target_key(item) for item in items}
    if not keys:
        return
    on = Q()
    for field in ("complaint", "comment", "photo"):
        ids = [pk for kind, pk in keys if kind == field]
        if ids:
            on |= Q(**{f"{field}_id__in": ids})
    counts = {}
    open_reports = (
        Report.objects.filter(on, status=Report.Status.OPEN)
        .order_by()
        .values_list("complaint_id", "comment_id", "photo_id")
        .annotate(n=Count("pk"))
    )
    for complaint_id, comment_id, photo_id, n in open_reports:
        if photo_id:
            counts["photo", photo_id] = n
        elif comment_id:
            counts["comment", comment_id] = n
        else:
            counts["complaint", complaint_id] = n
    for item in items:
        item.open_reports = counts.get(_target_key(item), 0)


def audit_log(*, moderator_id: int | None = None, action: str = "") -> QuerySet:
    entries = ModerationAction.objects.select_related(
        "moderator", "report", "complaint", "comment__complaint", "user"
    )
    if moderator_id:
        entries = entries.filter(moderator_id=moderator_id)
    if action:
        entries = entries.filter(action=action)
    return entries.order_by("-created_at", "-id")
