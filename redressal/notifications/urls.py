from django.urls import path

from redressal.notifications import views

app_name = "notifications"

urlpatterns = [
    path("settings/", views.email_settings, name="settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("resolved/<str:token>/", views.follow_up, name="follow_up"),
]
