from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from redressal.companies.models import Company
from redressal.complaints import cards
from redressal.complaints.selectors import newest_posts
from redressal.core.health import run_checks
from redressal.insights.models import Category


@require_safe
def ok(request):
    """The cheapest response through the full stack: the benchmark's ceiling."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_safe
def health(request):
    """200 when the database, the cache and the task queue answer; 503 and which one if not."""
    healthy, checks = run_checks()
    return JsonResponse({"healthy": healthy, "checks": checks}, status=200 if healthy else 503)


@require_safe
def home(request):
    newest = cards.keyed(newest_posts(), "company__name", "company__slug")
    return render(
        request,
        "core/home.html",
        {
            "cards": cards.render(request, list(newest[:10])),
            "top_companies": list(Company.objects.most_complained_about()[:12]),
            "categories": list(Category.objects.filter(complaints_count__gt=0)),
        },
    )


@require_safe
def terms(request):
    return render(request, "core/terms.html")


@require_safe
def privacy(request):
    return render(request, "core/privacy.html")
