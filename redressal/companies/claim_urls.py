from django.urls import path

from redressal.companies import claim_views as views

app_name = "claims"

# Fixed words first: a company slug could be any of them.
urlpatterns = [
    path("requests/", views.requests_queue, name="requests"),
    path("requests/<int:pk>/decide/", views.decide, name="decide"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("<slug:slug>/", views.claim, name="claim"),
    path("<slug:slug>/team/", views.team, name="team"),
    path("<slug:slug>/team/invite/", views.invite, name="invite"),
    path("<slug:slug>/team/invitations/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/team/<int:pk>/remove/", views.remove, name="remove"),
]
