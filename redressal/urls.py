from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from redressal.api.api import api
from redressal.complaints import media
from redressal.core import views as core_views

urlpatterns = [
    path("", include("redressal.core.urls")),
    path("companies/", include("redressal.companies.urls")),
    path("complaints/", include("redressal.complaints.urls")),
    # Before accounts/, whose last pattern takes any name under it as a username.
    path("accounts/tokens/", include("redressal.api.urls")),
    path("accounts/", include("redressal.accounts.urls")),
    path("reports/", include("redressal.moderation.urls")),
    path("moderation/", include("redressal.moderation.queue_urls")),
    path("notifications/", include("redressal.notifications.urls")),
    path("business/claim/", include("redressal.companies.claim_urls", namespace="claims")),
    path("business/", include("redressal.companies.business_urls", namespace="business")),
    path("search/", include("redressal.search.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("-/ok", core_views.ok, name="ok"),
    path("-/health", core_views.health, name="health"),
]

if settings.SERVE_MEDIA:
    urlpatterns += media.urlpatterns()
