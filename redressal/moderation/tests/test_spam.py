from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from redressal.accounts.tests.factories import UserFactory
from redressal.complaints.models import Complaint, Visibility
from redressal.complaints.tests.factories import ComplaintFactory
from redressal.discussion.models import Comment
from redressal.discussion.tests.factories import CommentFactory
from redressal.moderation.spam import Signal, has_link, spam_signals

pytestmark = pytest.mark.django_db

COPIED = "Very bad service from this courier, my parcel is lost and nobody answers the phone."


def codes(signals: list[Signal]) -> list[str]:
    return [signal.code for signal in signals]


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


def backdate(post, **kwargs):
    type(post).objects.filter(pk=post.pk).update(created_at=ago(**kwargs))


def old_account_with_history():
    author = UserFactory(date_joined=ago(days=60))
    backdate(ComplaintFactory(author=author), days=30)
    return author


# Links from new accounts.


@pytest.mark.parametrize(
    "text",
    [
        "Get your refund at https://refund-desk.example.com today",
        "Visit www.refund-desk.info for help",
        "Contact cheapdeals.in for the best price",
        "Short link bit.ly/3xYz for details",
        "Join t.me/refundhelp now",
        "Go to EXAMPLE.COM",
    ],
)
def test_text_with_a_web_address_has_a_link(text):
    assert has_link(text)


@pytest.mark.parametrize(
    "text",
    [
        "Write to care.team@example.com or support@shop.co.in for help",
        "I waited two weeks.In the end nobody called.",
        "The phone costs Rs.15,999 and is rated 3.5 stars, e.g. by me.",
        "Delivered by [protected] on 12.05.2024",
    ],
)
def test_text_without_a_web_address_has_no_link(text):
    assert not has_link(text)


def test_links_from_an_account_created_hours_ago_are_flagged():
    author = UserFactory(date_joined=ago(hours=2))

    signals = spam_signals(author=author, text="Best offers at www.cheap-phones.xyz")

    assert signals == [Signal("new_account_links", "Links from an account created 2 hours ago")]


def test_links_from_an_old_account_without_an_old_complaint_are_flagged():
    author = UserFactory(date_joined=ago(days=60))
    ComplaintFactory(author=author)  # published today: no history yet

    signals = spam_signals(author=author, text="Best offers at www.cheap-phones.xyz")

    assert codes(signals) == ["new_account_links"]
    assert "no complaint published over a week ago" in signals[0].message


def test_links_from_an_old_account_with_history_are_not_flagged():
    author = old_account_with_history()

    assert spam_signals(author=author, text="Their site amazon.in says otherwise") == []


def test_email_addresses_from_a_new_account_are_not_links():
    author = UserFactory(date_joined=ago(hours=2))

    assert spam_signals(author=author, text="I wrote to care@example.com twice") == []


# The same text by someone else.


def test_complaint_text_copied_by_another_account_is_flagged():
    original = ComplaintFactory(body=COPIED)
    copier = old_account_with_history()

    signals = spam_signals(author=copier, text=COPIED)

    assert codes(signals) == ["same_text_elsewhere"]
    assert f"complaint #{original.pk}" in signals[0].message


def test_copied_comment_with_other_spacing_case_and_digits_is_flagged():
    comment = CommentFactory(body=COPIED)
    copier = old_account_with_history()
    text = (
        "VERY bad service  from this courier,my parcel 123 is lost - and nobody answers the phone"
    )

    signals = spam_signals(author=copier, text=text)

    assert codes(signals) == ["same_text_elsewhere"]
    assert f"comment #{comment.pk}" in signals[0].message


def test_a_complaint_copied_under_another_title_is_held_for_review():
    original = ComplaintFactory(title="Parcel lost", body=COPIED)
    copy = ComplaintFactory(author=old_account_with_history(), title="Courier", body=COPIED)
    assert copy.visibility == Visibility.HELD
    assert f"complaint #{original.pk}" in copy.spam_signals[0]["message"]


def test_an_edited_text_is_compared_as_it_now_reads():
    from redressal.complaints import services

    post = ComplaintFactory(body="A first version of my complaint about the refund it never paid.")
    services.edit_complaint(complaint=post, author=post.author, title=post.title, body=COPIED)
    signals = spam_signals(author=old_account_with_history(), text=COPIED)
    assert codes(signals) == ["same_text_elsewhere"]


def test_the_same_text_by_the_same_author_is_not_flagged():
    author = old_account_with_history()
    ComplaintFactory(author=author, body=COPIED)
    CommentFactory(author=author, body=COPIED)

    assert spam_signals(author=author, text=COPIED) == []


def test_short_texts_repeated_by_others_are_not_flagged():
    CommentFactory(body="Same problem here, no refund yet.")

    assert (
        spam_signals(author=old_account_with_history(), text="Same problem here, no refund yet.")
        == []
    )


def test_text_copied_from_a_deleted_or_old_post_is_not_flagged():
    deleted = ComplaintFactory(body=COPIED)
    Complaint.objects.filter(pk=deleted.pk).update(visibility=Visibility.DELETED)
    backdate(CommentFactory(body=COPIED), days=31)

    assert spam_signals(author=old_account_with_history(), text=COPIED) == []


# Velocity.


def post_many(author, *, complaints, comments):
    for _ in range(complaints):
        ComplaintFactory(author=author)
    for _ in range(comments):
        CommentFactory(author=author)


def test_five_posts_in_ten_minutes_are_fine():
    author = old_account_with_history()
    post_many(author, complaints=2, comments=3)

    assert spam_signals(author=author, text="One more comment.") == []


def test_six_posts_in_ten_minutes_are_flagged():
    author = old_account_with_history()
    post_many(author, complaints=2, comments=4)

    signals = spam_signals(author=author, text="One more comment.")

    assert signals == [Signal("velocity", "6 complaints and comments in the last 10 minutes")]


def test_drafts_do_not_count_towards_velocity():
    author = old_account_with_history()
    post_many(author, complaints=2, comments=3)
    ComplaintFactory(author=author, draft=True)

    assert spam_signals(author=author, text="One more comment.") == []


def test_twenty_one_posts_in_a_day_are_flagged():
    author = old_account_with_history()
    post_many(author, complaints=1, comments=20)
    Comment.objects.filter(author=author).update(created_at=ago(hours=3))

    signals = spam_signals(author=author, text="One more comment.")

    assert signals == [Signal("velocity", "21 complaints and comments in the last 24 hours")]


def test_twenty_posts_in_a_day_are_fine():
    author = old_account_with_history()
    post_many(author, complaints=0, comments=20)
    Comment.objects.filter(author=author).update(created_at=ago(hours=3))

    assert spam_signals(author=author, text="One more comment.") == []


# Spam phrases.


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Click Here to get your refund", '"click here"'),
        ("Want a job? Work from home   and earn!", '"work from home and earn"'),
        ("Get 100% cashback on every order", '"100% cashback"'),
        ("Ghar baithe paise kamaye, abhi join karo", '"ghar baithe paise kamaye"'),
        ("घर बैठे कमाएं रोज़ 5000", '"घर बैठे कमाएं"'),
    ],
)
def test_known_spam_phrases_are_flagged(text, phrase):
    signals = spam_signals(author=old_account_with_history(), text=text)

    assert codes(signals) == ["spam_phrases"]
    assert phrase in signals[0].message


def test_every_phrase_found_is_listed_once():
    signals = spam_signals(
        author=old_account_with_history(), text="WhatsApp me. whatsapp me! Or click here."
    )

    assert signals == [Signal("spam_phrases", 'Spam phrases: "whatsapp me", "click here"')]


@pytest.mark.parametrize(
    "text",
    [
        "Use a doubleclick hereafter to open the settings",
        "I sent a whatsapp message to the store",
        "I called their customer care number five times",
    ],
)
def test_a_phrase_inside_longer_words_or_honest_text_is_not_flagged(text):
    assert spam_signals(author=old_account_with_history(), text=text) == []


def test_signals_add_up():
    author = UserFactory(date_joined=ago(minutes=30))
    post_many(author, complaints=0, comments=6)

    signals = spam_signals(author=author, text="Click here: bit.ly/free-money")

    assert codes(signals) == ["new_account_links", "velocity", "spam_phrases"]


def test_the_checks_read_the_database_once(django_assert_num_queries):
    author = old_account_with_history()
    CommentFactory(body=COPIED)
    post_many(author, complaints=1, comments=5)

    with django_assert_num_queries(1):
        signals = spam_signals(author=author, text=COPIED)

    assert codes(signals) == ["same_text_elsewhere", "velocity"]
