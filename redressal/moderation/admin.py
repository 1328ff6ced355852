from __future__ import annotations

from django.contrib import admin
from django.utils import timezone

from redressal.moderation.models import ModerationAction, Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("id", "reason", "status", "target", "reporter", "created_at", "resolved_by")
    list_select_related = ("reporter", "resolved_by")
    list_filter = ("status", "reason")
    date_hierarchy = "created_at"
    search_fields = ("id__exact", "complaint__id__exact", "reporter__username", "details")
    readonly_fields = (
        "reporter",
        "complaint",
        "comment",
        "photo",
        "reason",
        "details",
        "created_at",
        "resolved_at",
        "resolved_by",
    )
    fields = (
        "reporter",
        "complaint",
        "comment",
        "photo",
        "reason",
        "details",
        "status",
        "created_at",
        "resolved_at",
        "resolved_by",
    )
    ordering = ("-id",)
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def has_add_permission(self, request):
        # Reports come from people on the site.
        return False

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            if obj.status == Report.Status.OPEN:
                obj.resolved_at, obj.resolved_by = None, None
            else:
                obj.resolved_at, obj.resolved_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="reported")
    def target(self, report: Report):
        if report.complaint_id:
            return f"complaint #{report.complaint_id}"
        if report.comment_id:
            return f"comment #{report.comment_id}"
        return f"photo #{report.photo_id}"


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    """The audit log: append-only, so the admin can read it and nothing else."""

    list_display = ("created_at", "moderator", "action", "subject", "short_reason")
    list_select_related = ("moderator",)
    list_filter = ("action",)
    date_hierarchy = "created_at"
    search_fields = (
        "moderator__username",
        "user__username",
        "complaint__id__exact",
        "comment__id__exact",
        "reason",
    )
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="subject")
    def subject(self, action: ModerationAction) -> str:
        parts = []
        if action.complaint_id:
            parts.append(f"complaint #{action.complaint_id}")
        if action.comment_id:
            parts.append(f"comment #{action.comment_id}")
        if action.user_id:
            parts.append(f"user #{action.user_id}")
        if action.report_id:
            parts.append(f"report #{action.report_id}")
        return ", ".join(parts) or "—"

    @admin.display(description="reason")
    def short_reason(self, action: ModerationAction) -> str:
        return action.reason[:80]
