from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from redressal.accounts import services
from redressal.accounts.models import User
from redressal.core.errors import DomainError


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = (
        "username",
        "email",
        "city",
        "state",
        "country",
        "is_active",
        "is_staff",
        "date_joined",
    )
    search_fields = ("username", "email", "first_name", "last_name")
    list_filter = (
        "is_active",
        "is_staff",
        "is_superuser",
        ("email_verified_at", admin.EmptyFieldListFilter),
    )
    # Verifying publishes the posts held for it, which only the verification link does.
    readonly_fields = ("last_login", "date_joined", "email_verified_at")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Place (city and state are public)", {"fields": ("city", "state", "country")}),
        ("E-mail verification", {"fields": ("email_verified_at",)}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Place", {"fields": ("email", "city", "state", "country")}),
    )
    # Millions of people: no unfiltered COUNT(*) and no facet counts on every page.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ("verify_email",)

    def has_delete_permission(self, request, obj=None):
        # Deleting a person would take their helpful votes with them and leave the stored
        # counters wrong; moderators deactivate accounts instead.
        return False

    @admin.action(
        description="Mark e-mail verified and publish what they posted while waiting",
        permissions=("change",),
    )
    def verify_email(self, request, queryset):
        verified = 0
        for user in queryset:
            try:
                services.verify_email(user=user)
            except DomainError as error:
                self.message_user(request, f"{user}: {error.message}", messages.WARNING)
            else:
                verified += 1
        if verified:
            self.message_user(request, f"Verified {verified} e-mail address(es).")
