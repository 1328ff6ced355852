from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from redressal.companies import services
from redressal.companies.models import ClaimRequest, Company, Invitation, Representative
from redressal.companies.page_cache import company_changed
from redressal.core.errors import DomainError
from redressal.search.index import index_company_later

COUNTERS = (
    "complaints_count",
    "resolved_count",
    "reviews_count",
    "with_photos_count",
    "rating_sum",
    "rating_count",
)


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    autocomplete_fields = ("user",)
    fields = ("user", "role", "title", "verified_at", "created_at")
    readonly_fields = ("created_at",)


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "industry",
        "is_listed",
        "complaints_count",
        "resolved_count",
        "reviews_count",
        "rating",
        "claimed_at",
        "posts",
    )
    list_filter = ("is_listed", "industry", ("claimed_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("name",)
    inlines = (RepresentativeInline,)
    # Counters move only through the services (`manage.py recount` repairs them).
    readonly_fields = (
        *COUNTERS,
        "rating",
        "is_listed",
        "claimed_at",
        "proposed_by",
        "last_activity_at",
        "created_at",
    )
    actions = ("list_proposed_companies",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "aliases", "industry", "description", "logo")}),
        ("Contacts", {"fields": ("website", "phone", "email", "address")}),
        ("Listing", {"fields": ("is_listed", "proposed_by", "claimed_at")}),
        (
            "Counters (kept by the site; run recount to repair)",
            {"fields": (*COUNTERS, "rating", "last_activity_at", "created_at")},
        ),
    )
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    @admin.action(description="List the selected proposed companies (publishes their posts)")
    def list_proposed_companies(self, request, queryset):
        for company in queryset:
            try:
                services.list_company(company=company, moderator=request.user)
            except DomainError as error:
                self.message_user(request, error.message, messages.WARNING)
            else:
                self.message_user(request, f"{company.name} is listed.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        company_changed(obj.pk)
        if not change or {"name", "aliases"} & set(form.changed_data):
            # Posts are found by their company's name and aliases.
            index_company_later(obj)

    @admin.display(description="rating")
    def rating(self, company: Company) -> str:
        return "—" if company.rating is None else f"{company.rating} ({company.rating_count})"

    @admin.display(description="posts")
    def posts(self, company: Company):
        url = reverse("admin:complaints_complaint_changelist")
        return format_html('<a href="{}?company__id__exact={}">posts</a>', url, company.pk)


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    list_display = ("user", "company", "role", "title", "verified_at")
    list_filter = ("role",)
    list_select_related = ("user", "company")
    search_fields = ("user__username", "user__email", "company__name")
    autocomplete_fields = ("user", "company")
    readonly_fields = ("created_at",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the claim services: the admin shows them, never edits them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ClaimRequest)
class ClaimRequestAdmin(ReadOnlyAdmin):
    list_display = ("company", "user", "email", "title", "method", "status", "created_at")
    list_filter = ("status", "method")
    list_select_related = ("company", "user")
    search_fields = ("company__name", "user__username", "email")
    # The nonce stays out of sight: with the signing key it would make a working link.
    exclude = ("nonce",)
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("company", "email", "invited_by", "created_at", "accepted_at", "accepted_by")
    list_select_related = ("company", "invited_by", "accepted_by")
    list_filter = (("accepted_at", admin.EmptyFieldListFilter),)
    search_fields = ("company__name", "email")
    exclude = ("nonce",)
    show_full_result_count = False
