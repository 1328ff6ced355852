from django.urls import path

from redressal.companies import business_views as views

app_name = "business"

urlpatterns = [
    path("<slug:slug>/", views.inbox, name="inbox"),
    path("<slug:slug>/export.csv", views.export, name="export"),
    path("<slug:slug>/assign/<int:pk>/", views.assign, name="assign"),
]
