from __future__ import annotations

import factory

from redressal.accounts.tests.factories import UserFactory
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion import services
from redressal.discussion.models import Comment


class CommentFactory(factory.Factory):
    class Meta:
        model = Comment

    complaint = factory.SubFactory(ComplaintFactory)
    author = factory.SubFactory(UserFactory)
    kind = Comment.Kind.NEUTRAL
    body = factory.Sequence(lambda n: f"Same problem here, comment {n}.")
    parent = None

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.post_comment(**kwargs)
