import factory
from django.utils import timezone

from redressal.companies.models import Company, Representative


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Acme Mobiles {n}")
    slug = factory.Sequence(lambda n: f"acme-mobiles-{n}")
    industry = Company.Industry.PHONES_ELECTRONICS
    website = factory.LazyAttribute(lambda c: f"https://{c.slug}.example.com")
    phone = "1800 123 4567"
    email = factory.LazyAttribute(lambda c: f"care@{c.slug}.example.com")


class RepresentativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representative

    company = factory.SubFactory(CompanyFactory)
    user = factory.SubFactory("redressal.accounts.tests.factories.UserFactory")
    role = Representative.Role.OWNER
    verified_at = factory.LazyFunction(timezone.now)
