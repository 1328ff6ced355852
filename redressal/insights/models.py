from __future__ import annotations

from django.db import models


class Category(models.Model):
    """What a complaint is about ("Refund", "Delivery", "Warranty and repair"...)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=90, unique=True)
    description = models.CharField(max_length=255, blank=True)
    complaints_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CompanyNumbers(models.Model):
    """A company's record of answering and resolving, computed from the rows by a task.

    Pages read this row instead of counting a company's complaints on every view.
    """

    company = models.OneToOneField(
        "companies.Company", on_delete=models.CASCADE, related_name="numbers"
    )
    data = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "company numbers"

    def __str__(self) -> str:
        return f"Numbers of {self.company} at {self.computed_at:%Y-%m-%d %H:%M}"
