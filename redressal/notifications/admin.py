from django.contrib import admin

from redressal.notifications.models import Follow, FollowUp, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "recipient", "complaint_id", "status", "attempts", "created_at")
    list_filter = ("status", "kind")
    search_fields = ("recipient__username", "recipient__email")
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ("id", "complaint_id", "stage", "answer", "created_at", "answered_at")
    list_filter = ("stage", "answer")
    readonly_fields = [f.name for f in FollowUp._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "complaint_id", "created_at")
    raw_id_fields = ("user", "complaint")
