from django.urls import path

from redressal.complaints import views

app_name = "complaints"

urlpatterns = [
    path("<int:pk>/", views.permalink, name="permalink"),
    path("<int:pk>/<str:slug>/", views.detail, name="detail"),
]
