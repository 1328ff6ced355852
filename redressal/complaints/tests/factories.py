"""Factories that go through the services, so counters stay right in every test."""

from __future__ import annotations

import factory

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints import services
from redressal.complaints.models import Complaint


class ComplaintFactory(factory.Factory):
    class Meta:
        model = Complaint

    company = factory.SubFactory(CompanyFactory)
    author = factory.SubFactory(UserFactory)
    kind = Complaint.Kind.COMPLAINT
    title = factory.Sequence(lambda n: f"Refund not received for order {n}")
    # Different words each time: one author's near-identical posts are refused as duplicates.
    body = factory.Faker("paragraph", nb_sentences=4)
    product = "Redmi Note 8 Pro"
    rating = None
    category = None

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.file_complaint(**kwargs)

    @classmethod
    def _build(cls, model_class, **kwargs):
        return model_class(**kwargs)


class ReviewFactory(ComplaintFactory):
    kind = Complaint.Kind.REVIEW
    title = factory.Sequence(lambda n: f"Good service at the store {n}")
    rating = 4
