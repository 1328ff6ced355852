from __future__ import annotations

from django import forms

from redressal.companies.models import Company
from redressal.complaints.models import Complaint
from redressal.insights.models import Category
from redressal.search.query import SORTS, SearchQuery


class SearchForm(forms.Form):
    q = forms.CharField(required=False, strip=True)
    company = forms.SlugField(required=False, max_length=140)
    category = forms.SlugField(required=False, max_length=90)
    status = forms.ChoiceField(required=False, choices=[("", "Any"), *Complaint.Status.choices])
    photos = forms.BooleanField(required=False, label="With photos")
    date_from = forms.DateField(required=False, label="From")
    date_to = forms.DateField(required=False, label="To")
    sort = forms.ChoiceField(
        required=False, choices=[(s, s.title()) for s in SORTS], initial="relevance"
    )

    def __init__(self, data, *args, **kwargs):
        data = data.copy()
        # The address keeps ISO dates as from= and to=.
        for short, name in (("from", "date_from"), ("to", "date_to")):
            if short in data and name not in data:
                data[name] = data[short]
        super().__init__(data, *args, **kwargs)
        self.company = None
        self.category = None

    def clean_company(self):
        slug = self.cleaned_data["company"]
        if slug:
            self.company = Company.objects.filter(slug=slug).first()
            if self.company is None:
                raise forms.ValidationError("No company has this address.")
        return slug

    def clean_category(self):
        slug = self.cleaned_data["category"]
        if slug:
            self.category = Category.objects.filter(slug=slug).first()
            if self.category is None:
                raise forms.ValidationError("There is no such category.")
        return slug

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def search_query(self, page: int) -> SearchQuery:
        data = self.cleaned_data
        return SearchQuery(
            text=data.get("q") or "",
            company_id=self.company.pk if self.company else None,
            category_id=self.category.pk if self.category else None,
            status=data.get("status") or "",
            has_photos=bool(data.get("photos")),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=data.get("sort") or "relevance",
            page=page,
        )


def page_number(value) -> int:
    """The page asked for; anything that is not a plain positive number means the first."""
    try:
        page = int(str(value)[:6])
    except (TypeError, ValueError):
        return 1
    return page if page >= 1 else 1
