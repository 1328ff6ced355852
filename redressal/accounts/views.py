from __future__ import annotations

import contextlib

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from redressal.accounts import selectors, services
from redressal.accounts.forms import (
    LoginForm,
    PasswordResetRequestForm,
    PlaceForm,
    ResendVerificationForm,
    SignUpForm,
)
from redressal.accounts.services import LinkProblem
from redressal.complaints.models import HoldReason
from redressal.core.errors import DomainError
from redressal.core.ratelimit import (
    RateLimited,
    check_rate,
    check_rate_for,
    client_ip,
    form_refused,
    too_many_requests,
)
from redressal.core.redirects import safe_next_url

POSTS_PER_PAGE = 10
COMMENTS_PER_PAGE = 10


# New verification links share the budget of the other e-mails about an account.
RESEND_RATE = "password_reset"


def _requested_next(request: HttpRequest) -> str:
    return request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""


class SafeNextMixin:
    """Django's auth views, with `next` checked by the one helper the whole site uses."""

    def get_redirect_url(self):
        return safe_next_url(self.request, _requested_next(self.request), fallback="")


# --- Sign-up, log-in, log-out -------------------------------------------------------------


def signup(request: HttpRequest) -> HttpResponse:
    next_url = safe_next_url(request, _requested_next(request), fallback="")
    if request.user.is_authenticated:
        return redirect(next_url or "core:home")
    form = SignUpForm(request.POST or None)
    limited = None
    if request.method == "POST" and form.is_valid():
        try:
            # Only complete sign-ups count: a typo in the form costs nothing.
            check_rate(request, "signup")
            user = form.sign_up()
        except RateLimited as error:
            form.add_error(None, error.message)
            limited = error
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                f"Welcome, {user.username}! We sent a link to {user.email}: follow it to "
                "verify your address, and what you post goes public.",
            )
            return redirect(next_url or reverse("accounts:profile", args=[user.username]))
    context = {"form": form, "next": next_url}
    return form_refused(render(request, "accounts/signup.html", context), limited)


class LoginView(SafeNextMixin, auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_invalid(self, form):
        return form_refused(super().form_invalid(form), form.rate_limited)


class LogoutView(SafeNextMixin, auth_views.LogoutView):
    """POST only (Django refuses GET), so no link or image can log anyone out."""


# --- Passwords ----------------------------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        email = form.cleaned_data["email"].lower()
        try:
            check_rate_for("password_reset", user=email, ip=client_ip(self.request))
        except RateLimited as error:
            form.add_error(None, error.message)
            return form_refused(self.form_invalid(form), error)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


# --- E-mail verification ------------------------------------------------------------------

_LINK_PROBLEM_STATUS = {
    LinkProblem.INVALID: 400,
    LinkProblem.EXPIRED: 410,
    LinkProblem.USED: 410,
    LinkProblem.STALE: 410,
}


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the e-mail. Works logged in or not, once, for three days."""
    check = services.check_verification_token(token)
    if check.problem is not None:
        context = {
            "problem": check.problem.value,
            "token": token,
            "resend_form": ResendVerificationForm(),
        }
        return render(
            request,
            "accounts/verify_problem.html",
            context,
            status=_LINK_PROBLEM_STATUS[check.problem],
        )
    try:
        verification = services.verify_email(user=check.user)
    except DomainError:
        # Followed twice at the same moment: the other request verified it.
        return render(request, "accounts/verify_problem.html", {"problem": "used"}, status=410)
    return render(request, "accounts/verify_done.html", {"verification": verification})


@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    """A new verification link: for the logged-in person, an old link's owner, or an address."""
    email = ""
    if request.user.is_authenticated:
        target = request.user
    elif token := request.POST.get("token"):
        target = services.check_verification_token(token).user
    else:
        target = None
        form = ResendVerificationForm(request.POST)
        if not form.is_valid():
            context = {"problem": "invalid", "resend_form": form}
            return render(request, "accounts/verify_problem.html", context, status=400)
        email = form.cleaned_data["email"].lower()
    try:
        check_rate_for(RESEND_RATE, user=target or email, ip=client_ip(request))
    except RateLimited as error:
        return too_many_requests(request, error)
    if not request.user.is_authenticated:
        # The same answer whatever happened, so the page tells nothing about any account.
        if target is None:
            services.request_verification_email_for(email=email)
        elif not target.is_email_verified:
            with contextlib.suppress(DomainError):
                services.request_verification_email(user=target)
        return redirect("accounts:verification_sent")
    try:
        sent = services.request_verification_email(user=target)
    except DomainError as error:
        messages.info(request, error.message)
    else:
        if sent:
            messages.success(
                request, f"A new link is on its way to {target.email}. It works for three days."
            )
        else:
            messages.info(request, "We sent a link a moment ago: please check your inbox.")
    fallback = reverse("accounts:settings")
    return redirect(safe_next_url(request, _requested_next(request), fallback=fallback))


def verification_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/verification_sent.html")


# --- Profile and settings -----------------------------------------------------------------


def profile(request: HttpRequest, username: str) -> HttpResponse:
    person = selectors.get_profile_user(username)
    if username != person.username:
        return redirect("accounts:profile", person.username, permanent=True)
    is_self = request.user.is_authenticated and request.user.pk == person.pk
    posts = Paginator(selectors.published_posts_by(person), POSTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    comments = Paginator(selectors.published_comments_by(person), COMMENTS_PER_PAGE).get_page(
        request.GET.get("comments")
    )
    context = {
        "person": person,
        "is_self": is_self,
        "posts": posts,
        "comments": comments,
        "HoldReason": HoldReason,
    }
    if is_self:
        context["held_posts"] = list(selectors.held_posts_of(person))
        context["held_comments"] = list(selectors.held_comments_of(person))
    return render(request, "accounts/profile.html", context)


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {"city": user.city, "state": user.state, "country": user.country}
    form = PlaceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_place(user=user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, "Saved. New posts will show your new place.")
            return redirect("accounts:settings")
    return render(request, "accounts/settings.html", {"form": form})
