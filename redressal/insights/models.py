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
