import factory
from django.utils import timezone

from redressal.accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    city = "Pune"
    state = "Maharashtra"
    country = "IN"
    password = factory.django.Password("correct horse battery staple")
    # Most tests are about verified people; pass email_verified_at=None for the others.
    email_verified_at = factory.LazyFunction(timezone.now)
