"""The page where people make and revoke their personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from redressal.api import services
from redressal.api.forms import TokenForm
from redressal.api.models import ApiToken
from redressal.core.errors import DomainError

# The new token's secret, kept only until the page that shows it once.
NEW_TOKEN_SESSION_KEY = "api_new_token"  # noqa: S105 (a session key)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.create_token(user=request.user, name=form.cleaned_data["name"])
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            # Redirect so a reload cannot make a second token; the secret rides in the session.
            request.session[NEW_TOKEN_SESSION_KEY] = {"id": token.pk, "secret": secret}
            return redirect("tokens:list")
    new = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    return render(
        request,
        "api/tokens.html",
        {
            "form": form if request.method == "POST" else TokenForm(),
            "tokens": ApiToken.objects.filter(user=request.user).order_by("-created_at"),
            "new_token_id": new["id"] if new else None,
            "new_secret": new["secret"] if new else None,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def revoke(request, pk: int):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        services.revoke_token(token=token, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{token.name}” is revoked: programs using it are refused.")
    return redirect("tokens:list")
