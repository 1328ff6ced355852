from django.urls import path

from redressal.companies import views

app_name = "companies"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("lookup/", views.lookup, name="lookup"),
    path("<slug:slug>/", views.detail, name="detail"),
]
