from django.urls import path

from redressal.accounts import views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("settings/", views.settings_page, name="settings"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    # "resend" and "sent" come before <token>, which would otherwise take them.
    path("verify/resend/", views.resend_verification, name="resend_verification"),
    path("verify/sent/", views.verification_sent, name="verification_sent"),
    path("verify/<str:token>/", views.verify_email, name="verify_email"),
    # Last: every other name under /accounts/ is a person (sign-up reserves the words above).
    path("<str:username>/", views.profile, name="profile"),
]
