"""The complaints admin: read-mostly, because counters and statuses move only through services.

Tables here reach millions of rows, so list pages skip the unfiltered COUNT(*) and facet
counts, order by the primary key, join what they show in one query, and never filter on a
foreign key whose choices would list a whole table.
"""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from redressal.companies.page_cache import company_changed
from redressal.complaints import cards
from redressal.complaints.models import (
    Complaint,
    HelpfulVote,
    Photo,
    Revision,
    StatusChange,
    Update,
)


class BigTableAdmin(admin.ModelAdmin):
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    # The primary key index serves this order; a date order would sort the whole table.
    ordering = ("-id",)


class ViewOnlyMixin:
    """For audit rows and rows behind stored counters: the admin may look, never touch."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def thumbnail(photo: Photo, *, size: int = 80):
    if not photo.image and not photo.thumbnail:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-width:{}px;max-height:{}px">',
        photo.thumbnail_url,
        photo.caption,
        size,
        size,
    )


class StatusChangeInline(ViewOnlyMixin, admin.TabularInline):
    model = StatusChange
    fields = ("created_at", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    extra = 0


class UpdateInline(ViewOnlyMixin, admin.StackedInline):
    model = Update
    fields = ("created_at", "body")
    readonly_fields = fields
    extra = 0


class RevisionInline(ViewOnlyMixin, admin.StackedInline):
    model = Revision
    fields = ("replaced_at", "title", "body", "product", "rating")
    readonly_fields = fields
    extra = 0


class PhotoInline(ViewOnlyMixin, admin.TabularInline):
    model = Photo
    fields = ("preview", "comment_id", "caption", "position", "width", "height", "created_at")
    readonly_fields = fields
    extra = 0

    @admin.display(description="photo")
    def preview(self, photo: Photo):
        return thumbnail(photo)


@admin.register(Complaint)
class ComplaintAdmin(BigTableAdmin):
    list_display = (
        "id",
        "title",
        "kind",
        "company",
        "author",
        "status",
        "visibility",
        "rating",
        "helpful_count",
        "comments_count",
        "photos_count",
        "created_at",
    )
    list_display_links = ("id", "title")
    list_select_related = ("company", "author")
    list_filter = ("kind", "status", "visibility", "category")
    # Never private_details: what the author told only the company stays out of search.
    search_fields = ("id__exact", "title", "author__username", "company__name")
    # Everything that feeds a stored counter or the timeline moves only through the services.
    readonly_fields = (
        "company",
        "author",
        "kind",
        "rating",
        "category",
        "status",
        "visibility",
        "held_reason",
        "private_details",
        "author_city",
        "author_state",
        "helpful_count",
        "comments_count",
        "photos_count",
        "views_count",
        "created_at",
        "edited_at",
        "resolved_at",
        "last_activity_at",
        "links",
    )
    fieldsets = (
        (None, {"fields": ("company", "author", "kind", "title", "slug", "body", "product")}),
        ("Seen only by the author, the company and moderators", {"fields": ("private_details",)}),
        (
            "State (moved by the site, not here)",
            {"fields": ("status", "visibility", "held_reason", "rating", "category", "links")},
        ),
        ("Where the author lived when posting", {"fields": ("author_city", "author_state")}),
        (
            "Counters and dates",
            {
                "fields": (
                    "helpful_count",
                    "comments_count",
                    "photos_count",
                    "views_count",
                    "created_at",
                    "edited_at",
                    "resolved_at",
                    "last_activity_at",
                )
            },
        ),
    )
    inlines = (StatusChangeInline, UpdateInline, PhotoInline, RevisionInline)

    def has_add_permission(self, request):
        # Posts are filed on the site, through the text pipeline and the counters.
        return False

    def has_delete_permission(self, request, obj=None):
        # A hard delete would take votes, comments and photos along and skew every counter.
        return False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the inlines too: the post's card and its company's pages show them.
        cards.post_changed(form.instance.pk)
        company_changed(form.instance.company_id)

    @admin.display(description="related")
    def links(self, complaint: Complaint):
        def changelist(name: str) -> str:
            return reverse(f"admin:{name}_changelist") + f"?complaint__id__exact={complaint.pk}"

        return format_html(
            '<a href="{}">comments</a> · <a href="{}">votes</a> · <a href="{}">reports</a>'
            ' · <a href="{}">view on site</a>',
            changelist("discussion_comment"),
            changelist("complaints_helpfulvote"),
            changelist("moderation_report"),
            complaint.get_absolute_url(),
        )


@admin.register(Update)
class UpdateAdmin(BigTableAdmin):
    list_display = ("id", "complaint", "author", "short_body", "created_at")
    list_select_related = ("complaint", "author")
    search_fields = ("complaint__id__exact", "author__username", "body")
    readonly_fields = ("complaint", "author", "created_at")
    fields = ("complaint", "author", "body", "created_at")

    def has_add_permission(self, request):
        return False

    @admin.display(description="update")
    def short_body(self, update: Update) -> str:
        return update.body[:80]


@admin.register(Photo)
class PhotoAdmin(BigTableAdmin):
    list_display = (
        "id",
        "preview",
        "complaint",
        "on_comment",
        "caption",
        "position",
        "size",
        "state",
        "created_at",
    )
    list_display_links = ("id", "preview")
    list_select_related = ("complaint",)
    list_filter = ("state", ("comment", admin.EmptyFieldListFilter))
    search_fields = ("complaint__id__exact", "comment__id__exact", "caption")
    readonly_fields = (
        "complaint",
        "comment",
        "large_preview",
        "image",
        "thumbnail",
        "width",
        "height",
        "state",
        "failure_reason",
        "created_at",
    )
    fields = (
        "complaint",
        "comment",
        "large_preview",
        "caption",
        "position",
        "state",
        "failure_reason",
        "image",
        "thumbnail",
        "width",
        "height",
        "created_at",
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # The complaint's photos_count and its company's with_photos_count depend on the rows.
        return False

    @admin.display(description="photo")
    def preview(self, photo: Photo):
        return thumbnail(photo)

    @admin.display(description="photo")
    def large_preview(self, photo: Photo):
        return thumbnail(photo, size=320)

    @admin.display(description="on comment")
    def on_comment(self, photo: Photo):
        return photo.comment_id or "—"

    @admin.display(description="size")
    def size(self, photo: Photo) -> str:
        return f"{photo.width}x{photo.height}"


@admin.register(HelpfulVote)
class HelpfulVoteAdmin(ViewOnlyMixin, BigTableAdmin):
    list_display = ("id", "complaint", "user", "created_at")
    list_select_related = ("complaint", "user")
    search_fields = ("complaint__id__exact", "user__username")


@admin.register(StatusChange)
class StatusChangeAdmin(ViewOnlyMixin, BigTableAdmin):
    list_display = ("id", "complaint", "from_status", "to_status", "actor", "created_at")
    list_select_related = ("complaint", "actor")
    list_filter = ("to_status",)
    search_fields = ("complaint__id__exact", "actor__username", "note")


@admin.register(Revision)
class RevisionAdmin(ViewOnlyMixin, BigTableAdmin):
    """What posts said before their authors edited them: kept as evidence, never changed."""

    list_display = ("id", "complaint", "title", "replaced_at")
    list_select_related = ("complaint",)
    # Never private_details, as for complaints.
    search_fields = ("complaint__id__exact", "title")
    fields = ("complaint", "replaced_at", "title", "body", "product", "rating", "private_details")
