"""Whatever people do, in whatever order, every stored counter equals the real count.

A state machine files (or drafts, publishes and edits) complaints and reviews, some held
until their author verifies an e-mail address or their company is listed, resolves,
deletes, votes and withdraws votes, comments, replies, deletes comments and attaches photos
to posts and comments (processed at once, later, or failing), through the services only.
Invalid steps are part of the game: the service refuses them and the counters must still be
right. Each run happens inside a savepoint that is rolled back, so every run starts from nothing.
"""

from __future__ import annotations

from collections import Counter
from contextlib import nullcontext, suppress

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    precondition,
    rule,
    run_state_machine_as_test,
)

from redressal.accounts import services as accounts
from redressal.accounts.tests.factories import UserFactory
from redressal.companies.models import Company
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints import services
from redressal.complaints.counters import recount
from redressal.complaints.models import Complaint, HelpfulVote, Photo, Visibility
from redressal.complaints.tasks import process_photo
from redressal.core.errors import DomainError
from redressal.discussion import services as discussion
from redressal.discussion.models import Comment
from redressal.insights.models import Category
from redressal.insights.tests.factories import CategoryFactory
from redressal.tests_support import committed, jpeg_bytes, png_bytes

PNG = png_bytes((4, 3))
# A JPEG whose header is whole and whose pixels are not: accepted, then failed by its task.
CUT_SHORT = (lambda whole: whole[: len(whole) // 2])(jpeg_bytes((40, 30)))

# An index into whatever list the rule picks from (taken modulo its length).
index = st.integers(min_value=0, max_value=50)
# Who acts: None is the post's or comment's own author, a number is one of the people.
actor = st.one_of(st.none(), st.integers(min_value=0, max_value=2))


class CounterMachine(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        # The third person has not verified their e-mail yet: what they post is held.
        self.people = [*UserFactory.create_batch(2), UserFactory(email_verified_at=None)]
        # The third company is proposed and not listed yet: posts about it are held too.
        self.companies = [
            *CompanyFactory.create_batch(2),
            CompanyFactory(is_listed=False, proposed_by=self.people[0]),
        ]
        self.categories = CategoryFactory.create_batch(2)
        self.posts: list[Complaint] = []
        self.comments: list[Comment] = []

    def teardown(self):
        # Checked once a run ends rather than after every step: each prefix of a run is a
        # run of its own, and one recount costs more than all the steps together.
        try:
            self.recount_finds_nothing_to_fix()
            self.counters_match_a_count_by_hand()
        finally:
            transaction.set_rollback(True)
            self._savepoint.__exit__(None, None, None)

    def _post(self, i: int) -> Complaint:
        return self.posts[i % len(self.posts)]

    def _comment(self, i: int) -> Comment:
        return self.comments[i % len(self.comments)]

    def _who(self, who: int | None, owner_id: int):
        if who is None:
            return next(p for p in self.people if p.pk == owner_id)
        return self.people[who]

    # --- Rules ----------------------------------------------------------------------------

    @rule(
        author=st.integers(0, 2),
        company=st.integers(0, 2),
        kind=st.sampled_from(Complaint.Kind.values),
        rating=st.one_of(st.none(), st.integers(min_value=0, max_value=6)),
        category=st.one_of(st.none(), st.integers(0, 1)),
        title=st.sampled_from(["Refund not received", "Great service", "", "x" * 161]),
        draft=st.booleans(),
    )
    def file(self, author, company, kind, rating, category, title, draft):
        try:
            post = services.file_complaint(
                author=self.people[author],
                company=self.companies[company],
                kind=kind,
                rating=rating,
                category=None if category is None else self.categories[category],
                title=title,
                body="What happened, in detail.",
                draft=draft,
            )
        except DomainError:
            return
        self.posts.append(post)

    @rule(who=st.integers(0, 2))
    def verify_email(self, who):
        with suppress(DomainError):
            accounts.verify_email(user=self.people[who])

    @precondition(lambda self: self.posts)
    @rule(post=index, who=actor)
    def publish_draft(self, post, who):
        post = self._post(post)
        with suppress(DomainError):
            services.publish_draft(complaint=post, author=self._who(who, post.author_id))

    @precondition(lambda self: self.posts)
    @rule(
        post=index,
        who=actor,
        rating=st.one_of(st.none(), st.integers(min_value=0, max_value=6)),
        category=st.one_of(st.none(), st.integers(0, 1)),
    )
    def edit(self, post, who, rating, category):
        post = self._post(post)
        with suppress(DomainError):
            services.edit_complaint(
                complaint=post,
                author=self._who(who, post.author_id),
                title="Edited title",
                body="What happened, told again.",
                rating=rating,
                category=None if category is None else self.categories[category],
            )

    @precondition(lambda self: self.posts)
    @rule(post=index, who=actor)
    def resolve(self, post, who):
        post = self._post(post)
        with suppress(DomainError):
            services.mark_resolved(complaint=post, author=self._who(who, post.author_id))

    @precondition(lambda self: self.posts)
    @rule(post=index, who=actor)
    def delete(self, post, who):
        post = self._post(post)
        with suppress(DomainError):
            services.delete_complaint(complaint=post, author=self._who(who, post.author_id))

    @precondition(lambda self: self.posts)
    @rule(post=index, who=actor)
    def vote(self, post, who):
        post = self._post(post)
        with suppress(DomainError):
            services.vote_helpful(complaint=post, user=self._who(who, post.author_id))

    @precondition(lambda self: self.posts)
    @rule(post=index, who=actor)
    def withdraw_vote(self, post, who):
        post = self._post(post)
        with suppress(DomainError):
            services.withdraw_helpful_vote(complaint=post, user=self._who(who, post.author_id))

    @precondition(lambda self: self.posts)
    @rule(post=index, who=actor, broken=st.booleans(), at_once=st.booleans())
    def attach_photo(self, post, who, broken, at_once):
        """A photo processed at once, or left waiting for its task; perhaps one whose decoding
        will fail."""
        post = self._post(post)
        image = SimpleUploadedFile("p.jpg", CUT_SHORT if broken else PNG)
        with suppress(DomainError), committed() if at_once else nullcontext():
            services.attach_photo(
                complaint=post, author=self._who(who, post.author_id), image=image
            )

    @precondition(lambda self: self.posts)
    @rule()
    def process_waiting_photos(self):
        for pk in Photo.objects.filter(state=Photo.State.PROCESSING).values_list("pk", flat=True):
            with committed():
                process_photo.call(pk)

    @precondition(lambda self: self.posts)
    @rule(post=index, who=st.integers(0, 2), body=st.sampled_from(["Same here.", " "]))
    def comment(self, post, who, body):
        try:
            made = discussion.post_comment(
                complaint=self._post(post), author=self.people[who], body=body
            )
        except DomainError:
            return
        self.comments.append(made)

    @precondition(lambda self: self.comments)
    @rule(parent=index, who=st.integers(0, 2), elsewhere=st.one_of(st.none(), index))
    def reply(self, parent, who, elsewhere):
        parent = self._comment(parent)
        # Mostly under the parent's own complaint; sometimes, wrongly, under another one.
        complaint = parent.complaint if elsewhere is None else self._post(elsewhere)
        try:
            made = discussion.post_comment(
                complaint=complaint, author=self.people[who], body="Did it work?", parent=parent
            )
        except DomainError:
            return
        self.comments.append(made)

    @precondition(lambda self: self.comments)
    @rule(comment=index, who=actor)
    def attach_comment_photo(self, comment, who):
        comment = self._comment(comment)
        image = SimpleUploadedFile("c.png", PNG, content_type="image/png")
        with suppress(DomainError), committed():
            discussion.attach_comment_photo(
                comment=comment, author=self._who(who, comment.author_id), image=image
            )

    @precondition(lambda self: self.comments)
    @rule(comment=index, who=actor)
    def delete_comment(self, comment, who):
        comment = self._comment(comment)
        with suppress(DomainError):
            discussion.delete_comment(comment=comment, author=self._who(who, comment.author_id))

    # --- What must always hold ------------------------------------------------------------

    def recount_finds_nothing_to_fix(self):
        report = recount(dry_run=True)
        assert report.total == 0, report.examples

    def counters_match_a_count_by_hand(self):
        # A second opinion that shares no code with recount.
        posts = list(Complaint.objects.values())
        published = [p for p in posts if p["visibility"] == Visibility.PUBLISHED]
        for company in Company.objects.all():
            mine = [p for p in published if p["company_id"] == company.pk]
            complaints = [p for p in mine if p["kind"] == Complaint.Kind.COMPLAINT]
            ratings = [p["rating"] for p in mine if p["rating"]]
            assert company.complaints_count == len(complaints)
            assert company.resolved_count == sum(p["status"] == "resolved" for p in complaints)
            assert company.reviews_count == len(mine) - len(complaints)
            assert company.with_photos_count == sum(p["photos_count"] > 0 for p in mine)
            assert (company.rating_sum, company.rating_count) == (sum(ratings), len(ratings))
        for category in Category.objects.all():
            assert category.complaints_count == sum(
                p["category_id"] == category.pk for p in published
            )
        votes = Counter(HelpfulVote.objects.values_list("complaint_id", flat=True))
        photos = Counter(
            Photo.objects.filter(comment__isnull=True, state=Photo.State.READY).values_list(
                "complaint_id", flat=True
            )
        )
        comments = Counter(Comment.objects.published().values_list("complaint_id", flat=True))
        for p in posts:
            assert p["helpful_count"] == votes[p["id"]]
            assert p["photos_count"] == photos[p["id"]]
            assert p["comments_count"] == comments[p["id"]]


@pytest.mark.django_db(transaction=False)
def test_counters_stay_right_after_any_sequence_of_actions():
    run_state_machine_as_test(
        CounterMachine,
        settings=settings(
            max_examples=50,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
