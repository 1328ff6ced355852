"""What the database holds, to show that a refused action changed nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from redressal.companies.models import Company
from redressal.complaints.models import Complaint, HelpfulVote, Photo, StatusChange, Update
from redressal.core.errors import DomainError
from redressal.discussion.models import Comment
from redressal.insights.models import Category

MODELS = (Company, Category, Complaint, Update, Photo, HelpfulVote, StatusChange, Comment)


def stored() -> dict[str, list[dict]]:
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in MODELS}


@contextmanager
def refused(code: str | None = None, *, field: str | None = None) -> Iterator:
    """The block must raise DomainError (with this code and field) and change no stored row."""
    before = stored()
    with pytest.raises(DomainError) as info:
        yield info
    if code is not None:
        assert info.value.code == code
    if field is not None:
        assert info.value.field == field
    assert stored() == before
