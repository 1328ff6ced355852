from __future__ import annotations

from django.contrib import admin

from redressal.companies.page_cache import company_changed
from redressal.complaints import cards
from redressal.discussion.models import Comment


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "short_body",
        "kind",
        "complaint",
        "author",
        "reply_to",
        "official_company",
        "visibility",
        "created_at",
    )
    list_select_related = ("complaint", "author", "official_company")
    list_filter = ("kind", "visibility", ("official_company", admin.EmptyFieldListFilter))
    search_fields = ("id__exact", "complaint__id__exact", "author__username", "body")
    # Moving a comment, or changing whether it shows, would skew the complaint's comments_count.
    readonly_fields = (
        "complaint",
        "parent",
        "author",
        "visibility",
        "held_reason",
        "created_at",
        "edited_at",
    )
    fields = (
        "complaint",
        "parent",
        "author",
        "kind",
        "body",
        "official_company",
        "visibility",
        "held_reason",
        "created_at",
        "edited_at",
    )
    autocomplete_fields = ("official_company",)
    ordering = ("-id",)
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting takes the replies along and leaves comments_count wrong.
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The complaint's page shows the comment, kept for signed-out visitors and cached.
        cards.post_changed(obj.complaint_id)
        company_changed(obj.complaint.company_id)

    @admin.display(description="reply to")
    def reply_to(self, comment: Comment):
        # The id alone: naming the parent would cost a query per row.
        return comment.parent_id or "—"

    @admin.display(description="comment")
    def short_body(self, comment: Comment) -> str:
        return comment.body[:80]
