from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone


class CompanyQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_listed=True)

    def most_complained_about(self):
        return self.listed().order_by("-complaints_count", "name")


class Company(models.Model):
    class Industry(models.TextChoices):
        PHONES_ELECTRONICS = "phones-electronics", "Phones and electronics"
        TELECOM = "telecom", "Telecom and internet"
        BANKS_PAYMENTS = "banks-payments", "Banks and payments"
        ECOMMERCE_DELIVERY = "ecommerce-delivery", "E-commerce and delivery"
        AIRLINES = "airlines", "Airlines and travel"
        INSURANCE = "insurance", "Insurance"
        FOOD_DELIVERY = "food-delivery", "Food delivery and restaurants"
        AUTOMOBILES = "automobiles", "Automobiles"
        APPLIANCES = "appliances", "Home appliances"
        EDUCATION = "education", "Education"
        UTILITIES = "utilities", "Electricity, gas and water"
        OTHER = "other", "Other"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    aliases = models.JSONField(
        default=list, blank=True, help_text="Other names people use for the company."
    )
    industry = models.CharField(max_length=32, choices=Industry.choices, default=Industry.OTHER)
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    phone = models.CharField("customer care phone", max_length=40, blank=True)
    email = models.EmailField("customer care e-mail", blank=True)
    address = models.CharField("registered office", max_length=255, blank=True)
    logo = models.ImageField(upload_to="logos/", blank=True)
    is_listed = models.BooleanField(
        default=True, help_text="Unlisted companies (proposed, merged) stay out of directories."
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_companies",
        help_text="Who asked to add this company; unlisted until a moderator lists it.",
    )

    # Counters kept by the services in the same transaction as the change; `recount` repairs.
    complaints_count = models.PositiveIntegerField(default=0)
    resolved_count = models.PositiveIntegerField(default=0)
    reviews_count = models.PositiveIntegerField(default=0)
    with_photos_count = models.PositiveIntegerField(
        default=0, help_text="Published posts with at least one photo."
    )
    rating_sum = models.PositiveIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    # Moved on by every change to what the company's pages show (companies.page_cache): stored
    # copies of those pages are keyed by it, so every app server sees a change at commit.
    page_generation = models.PositiveBigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "companies"
        indexes = [
            # Home page: the most complained-about companies.
            models.Index(
                fields=["-complaints_count", "name"],
                name="company_most_complained_idx",
                condition=Q(is_listed=True),
            ),
            # Directory: A-Z, optionally within one industry.
            models.Index(fields=["name"], name="company_name_idx", condition=Q(is_listed=True)),
            models.Index(
                fields=["industry", "name"],
                name="company_industry_name_idx",
                condition=Q(is_listed=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_count__lte=models.F("complaints_count")),
                name="company_resolved_within_complaints",
            ),
            models.CheckConstraint(
                condition=Q(rating_sum__lte=models.F("rating_count") * 5)
                & Q(rating_sum__gte=models.F("rating_count")),
                name="company_rating_sum_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("companies:detail", kwargs={"slug": self.slug})

    @property
    def is_claimed(self) -> bool:
        return self.claimed_at is not None

    @property
    def unresolved_count(self) -> int:
        return self.complaints_count - self.resolved_count

    @property
    def posts_count(self) -> int:
        """Everything the company page lists: complaints and reviews."""
        return self.complaints_count + self.reviews_count

    @property
    def rating(self) -> float | None:
        if not self.rating_count:
            return None
        return round(self.rating_sum / self.rating_count, 1)

    @property
    def initial(self) -> str:
        return self.name[:1].upper()


class Representative(models.Model):
    """A user verified to speak for a company."""

    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        AGENT = "agent", "Agent"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="representatives")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="representations"
    )
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.AGENT)
    title = models.CharField(max_length=80, blank=True, help_text='e.g. "Customer care lead"')
    verified_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "user"], name="one_representation_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.company}"


class ClaimRequest(models.Model):
    """Someone asking to represent a company, verified by a work e-mail link or a moderator."""

    class Method(models.TextChoices):
        EMAIL = "email", "Link to a work e-mail address"
        MODERATOR = "moderator", "Review by a moderator"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        VERIFIED = "verified", "Verified by e-mail"
        APPROVED = "approved", "Approved by a moderator"
        REJECTED = "rejected", "Rejected by a moderator"
        EXPIRED = "expired", "Replaced or expired"

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="claim_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claim_requests"
    )
    email = models.EmailField("work e-mail address")
    title = models.CharField("job title", max_length=80)
    method = models.CharField(max_length=10, choices=Method.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Random, stored only while the e-mailed link may still be used: cleared when it is.
    nonce = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The moderator who approved or rejected the request.",
    )
    reason = models.TextField(blank=True, help_text="The moderator's reason, shown to the asker.")

    class Meta:
        indexes = [
            # Moderators' queue: requests waiting for a moderator, oldest first.
            models.Index(
                fields=["created_at"],
                name="claim_moderator_queue_idx",
                condition=Q(status="pending", method="moderator"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "user"],
                condition=Q(status="pending"),
                name="one_pending_claim_per_user",
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="claim_decided_unless_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "rejected"]) | ~Q(reason=""),
                name="claim_moderator_decision_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(nonce="") | Q(status="pending", method="email"),
                name="claim_nonce_only_while_link_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.company} ({self.get_status_display()})"


class Invitation(models.Model):
    """An owner inviting someone, by e-mail address, to answer for the company as an agent."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Random, stored while the link may be used: cleared when accepted or withdrawn.
    nonce = models.CharField(max_length=32, blank=True)

    class Meta:
        indexes = [
            # Team page: a company's invitations still open, newest first.
            models.Index(
                fields=["company", "-created_at"],
                name="invitation_open_idx",
                condition=~Q(nonce=""),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "company",
                condition=~Q(nonce=""),
                name="one_open_invitation_per_address",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(nonce=""),
                name="invitation_accepted_is_closed",
            ),
            models.CheckConstraint(
                condition=Q(accepted_by__isnull=True) | Q(accepted_at__isnull=False),
                name="invitation_accepted_by_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.company}"

    @property
    def is_open(self) -> bool:
        return bool(self.nonce)
