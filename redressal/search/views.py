from __future__ import annotations

from django.shortcuts import render

from redressal.complaints.models import Complaint
from redressal.insights.models import Category
from redressal.search.forms import SearchForm, page_number
from redressal.search.selectors import search


def results(request):
    form = SearchForm(request.GET)
    page = None
    if form.is_valid():
        page = search(form.search_query(page_number(request.GET.get("page"))))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "page": page,
            "company": form.company,
            "categories": Category.objects.all(),
            "statuses": Complaint.Status.choices,
            "base_query": params.urlencode(),
        },
        status=200,
    )
