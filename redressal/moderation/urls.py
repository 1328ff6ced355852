from django.urls import path

from redressal.moderation import views

app_name = "moderation"

urlpatterns = [
    path("<str:kind>/<int:pk>/", views.report, name="report"),
]
