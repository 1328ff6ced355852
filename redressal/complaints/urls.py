from django.urls import path

from redressal.complaints.views import actions, pages, posting
from redressal.discussion import views as discussion
from redressal.notifications import views as notifications

app_name = "complaints"

urlpatterns = [
    path("new/", posting.new, name="new"),
    path("<int:pk>/", pages.permalink, name="permalink"),
    path("<int:pk>/preview/", posting.preview, name="preview"),
    path("<int:pk>/edit/", posting.edit, name="edit"),
    path("<int:pk>/delete/", posting.delete, name="delete"),
    path("<int:pk>/updates/", actions.add_update, name="add_update"),
    path("<int:pk>/resolve/", actions.resolve, name="resolve"),
    path("<int:pk>/answer/", actions.answer, name="answer"),
    path("<int:pk>/propose/", actions.propose, name="propose"),
    path("<int:pk>/confirm/", actions.confirm, name="confirm"),
    path("<int:pk>/dispute/", actions.dispute, name="dispute"),
    path("<int:pk>/helpful/", actions.toggle_helpful, name="helpful"),
    path("<int:pk>/comments/", discussion.post, name="comment"),
    path("<int:pk>/follow/", notifications.toggle_follow, name="follow"),
    path("<int:pk>/<str:slug>/", pages.detail, name="detail"),
]
