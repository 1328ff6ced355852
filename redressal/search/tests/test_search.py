"""Full-text search: the same tests pass on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.tests.factories import CompanyFactory
from redressal.complaints import services as complaint_services
from redressal.complaints.models import Complaint
from redressal.insights.models import Category
from redressal.moderation import services as moderation
from redressal.search.index import index_company, index_complaint, index_later
from redressal.search.query import MAX_TERMS, PER_PAGE, SearchQuery, parse
from redressal.search.selectors import search

pytestmark = pytest.mark.django_db


def titles(text="", **kwargs) -> list[str]:
    return [hit.complaint.title for hit in search(SearchQuery(text=text, **kwargs)).hits]


def test_title_and_body_match_ranks_above_a_single_mention_in_the_body(post):
    post(
        title="Phone arrived late",
        body="The courier was slow but the handset works. One warranty question remains.",
    )
    post(
        title="Warranty refused for my phone",
        body="The service centre refused the warranty claim although the warranty is valid.",
    )
    assert titles("warranty") == ["Warranty refused for my phone", "Phone arrived late"]


def test_newest_sort_puts_the_latest_first(post):
    first = post(title="Battery drains fast", body="The battery drains within two hours.")
    second = post(title="Battery swollen", body="The battery is swollen after a month.")
    Complaint.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=3))
    index_complaint(first.pk)
    assert titles("battery", sort="newest") == [second.title, first.title]


def test_relevance_ranks_the_newest_matches_a_reader_can_reach(post, monkeypatch):
    from redressal.search.backends import get_backend

    best = post(title="Warranty warranty warranty", body="Warranty refused, warranty void.")
    for n, colour in enumerate(("red", "blue", "green")):
        post(
            title=f"Screen problem {n}",
            body=f"The warranty card was missing from the {colour} box.",
        )
    assert titles("warranty")[0] == best.title
    # Ranking stops at the newest matches: a word in a tenth of a million complaints must
    # not cost a hundred times a rare one. The oldest, best match falls outside the window.
    monkeypatch.setattr(get_backend(), "RANKED_MATCHES", 3)
    assert titles("warranty") == ["Screen problem 2", "Screen problem 1", "Screen problem 0"]


def test_word_forms_match(post):
    post(title="Waiting on my money", body="They promised refunds twice and paid nothing.")
    assert titles("refund") == ["Waiting on my money"]
    assert titles("REFUNDED") == ["Waiting on my money"]


def test_hindi_words_are_found(post):
    post(title="रिफंड नहीं मिला", body="मेरा रिफंड अभी तक नहीं आया, कृपया मदद करें।")
    post(title="Screen cracked", body="The screen cracked on the first day of use.")
    assert titles("रिफंड") == ["रिफंड नहीं मिला"]
    assert titles("मदद") == ["रिफंड नहीं मिला"]
    [hit] = search(SearchQuery(text="मदद")).hits
    assert "<mark>मदद</mark>" in hit.snippet


def test_company_aliases_and_product_are_searched(post):
    post(
        title="Speaker crackles", body="The speaker crackles at high volume.", product="Note 8 Pro"
    )
    assert titles("redmi") == ["Speaker crackles"]
    assert titles("xiaomi speaker") == ["Speaker crackles"]
    assert titles("note 8") == ["Speaker crackles"]


def test_updates_are_searched_and_kept_in_step(post):
    complaint = post(title="Charger broken", body="The charger stopped working after a week.")
    complaint_services.add_update(
        complaint=complaint, author=complaint.author, body="The replacement adapter also failed."
    )
    index_complaint(complaint.pk)
    assert titles("adapter") == ["Charger broken"]


def test_phrases_and_exclusions(post):
    post(title="Order not received", body="My order was never delivered to my house.")
    post(title="Wrong order received", body="I received a different order, not delivered right.")
    assert titles('"never delivered"') == ["Order not received"]
    assert titles("order -different") == ["Order not received"]
    assert titles("order delivered -never") == ["Wrong order received"]


def test_exclusions_alone_search_nothing(post):
    post(title="Order not received", body="My order was never delivered to my house.")
    page = search(SearchQuery(text="-order"))
    assert page.hits == [] and not page.searched


def test_snippets_mark_hits_and_escape_everything(post):
    post(
        title="Script in the text",
        body='The invoice says <script>alert("x")</script> next to the refund & tax amount.',
    )
    [hit] = search(SearchQuery(text="refund")).hits
    assert "<mark>refund</mark>" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "&amp; tax" in hit.snippet


def test_user_text_cannot_forge_highlights(post):
    post(title="Sentinels", body="Odd text \ue000<b>bold</b>\ue001 around the refund.")
    [hit] = search(SearchQuery(text="refund")).hits
    assert "<b>" not in hit.snippet
    assert hit.snippet.count("<mark>") == 1


def test_filters(post):
    other = CompanyFactory(name="Samsung India", slug="samsung-india")
    refund = Category.objects.create(name="Refund", slug="refund")
    a = post(
        title="Refund late from Xiaomi", body="The refund is late by a month.", category=refund
    )
    b = post(title="Refund late from Samsung", body="The refund is late by a week.", company=other)
    Complaint.objects.filter(pk=b.pk).update(
        status=Complaint.Status.ANSWERED, created_at=timezone.now() - timedelta(days=40)
    )
    Complaint.objects.filter(pk=a.pk).update(photos_count=1)
    index_complaint(b.pk)

    assert titles("refund", company_id=other.pk) == [b.title]
    assert titles("refund", category_id=refund.pk) == [a.title]
    assert titles("refund", status="answered") == [b.title]
    assert titles("refund", has_photos=True) == [a.title]
    today = timezone.localdate()
    assert titles("refund", date_from=today - timedelta(days=1)) == [a.title]
    assert titles("refund", date_to=today - timedelta(days=30)) == [b.title]
    assert titles("refund", date_from=today, date_to=today) == [a.title]


def test_private_text_is_never_found(post):
    post(
        title="Card charged twice",
        body="Call me on 9876543210 about the double charge.",
        private_details="My account password is zanzibarquokka.",
    )
    complaint = Complaint.objects.get()
    assert "9876543210" in complaint.original_body
    assert titles("charge") == ["Card charged twice"]
    assert titles("9876543210") == []
    assert titles("zanzibarquokka") == []


def test_only_published_complaints_are_found(post, company):
    unverified = UserFactory(email_verified_at=None)
    post(title="Held refund story", body="A held refund story.", author=unverified)
    post(title="Draft refund story", body="A draft refund story.", draft=True)
    deleted = post(title="Deleted refund story", body="A deleted refund story.")
    complaint_services.delete_complaint(complaint=deleted, author=deleted.author)
    index_complaint(deleted.pk)
    assert set(Complaint.objects.values_list("visibility", flat=True)) == {
        "held",
        "draft",
        "deleted",
    }
    assert titles("refund") == []


def test_hidden_complaints_disappear_and_come_back_when_restored(post):
    moderator = UserFactory(is_staff=True)
    complaint = post(title="Rude staff", body="The store staff were rude about my refund.")
    moderation.hide_post(moderator=moderator, post=complaint, reason="Checking.")
    # The index lags until the task runs; the query itself already refuses hidden posts.
    assert titles("refund") == []
    index_complaint(complaint.pk)
    assert titles("refund") == []
    complaint.refresh_from_db()
    moderation.restore_post(moderator=moderator, post=complaint, reason="Fine.")
    index_complaint(complaint.pk)
    assert titles("refund") == ["Rude staff"]


def test_edits_replace_the_old_words(post):
    complaint = post(title="Fridge noisy", body="The compressor rattles loudly every night.")
    complaint_services.edit_complaint(
        complaint=complaint,
        author=complaint.author,
        title="Fridge noisy",
        body="The door seal leaks cold air every night.",
    )
    index_complaint(complaint.pk)
    assert titles("seal") == ["Fridge noisy"]
    assert titles("compressor") == []


def test_index_complaint_is_idempotent_and_forgets_missing_rows(post):
    complaint = post(title="Fridge noisy", body="The compressor rattles loudly every night.")
    index_complaint(complaint.pk)
    index_complaint(complaint.pk)
    assert titles("compressor") == ["Fridge noisy"]
    index_complaint(10**12)


def test_index_later_runs_after_commit(post, django_capture_on_commit_callbacks):
    complaint = post(title="Fridge noisy", body="The compressor rattles loudly every night.")
    Complaint.objects.filter(pk=complaint.pk).update(body="The hinge squeaks every night.")
    with django_capture_on_commit_callbacks(execute=True):
        index_later(complaint)
    assert titles("hinge") == ["Fridge noisy"]


def test_reindex_command_rebuilds_everything(post):
    complaint = post(title="Fridge noisy", body="The compressor rattles loudly every night.")
    Complaint.objects.filter(pk=complaint.pk).update(body="The thermostat is broken.")
    call_command("reindex", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert titles("thermostat") == ["Fridge noisy"]
    assert titles("compressor") == []


def test_pages_of_twenty_with_a_next_page(post, company):
    user = UserFactory()
    for n in range(PER_PAGE + 1):
        complaint = Complaint.objects.create(
            company=company, author=user, title=f"Pagination case {n}", slug="p", body="word"
        )
        index_complaint(complaint.pk)
    first = search(SearchQuery(text="pagination"))
    assert len(first.hits) == PER_PAGE and first.has_next
    second = search(SearchQuery(text="pagination", page=2))
    assert len(second.hits) == 1 and not second.has_next and second.has_previous
    beyond = search(SearchQuery(text="pagination", page=3))
    assert beyond.hits == [] and not beyond.has_next
    assert search(SearchQuery(text="pagination", page=10**9)).hits == []


BAD_QUERIES = [
    "",
    "   ",
    "refund " * 1000,
    "x" * 5000,
    '"',
    '""',
    '"unclosed phrase',
    "*",
    "refund*",
    "NEAR(refund late, 2)",
    "title:refund",
    "^refund",
    "(refund OR late) AND NOT",
    "refund AND",
    "OR",
    "NOT refund",
    "-",
    "--refund",
    "- - -",
    "'; DROP TABLE complaints_complaint; --",
    "1' OR '1'='1",
    "refund\x00late",
    "\ud800refund",
    "!!! ??? ...",
    "<script>alert(1)</script>",
    "\ue000refund\ue001",
    "ref:und",
    "a & b | c ! d <-> e",
    "{refund}",
]


@pytest.mark.parametrize("text", BAD_QUERIES)
def test_bad_input_never_fails(post, text):
    post(title="Refund late", body="The refund is late by a month.")
    page = search(SearchQuery(text=text))
    assert len(page.hits) <= PER_PAGE
    assert Complaint.objects.exists()


def test_long_queries_are_cut_short():
    parsed = parse(" ".join(f"word{n}" for n in range(1000)))
    assert len(parsed.terms) == MAX_TERMS
    assert len(parse("x" * 5000).terms[0].text) == 200


def test_query_parsing():
    parsed = parse('refund "not received" -spam -"fake news" "single"')
    assert [(t.text, t.negated, t.phrase) for t in parsed.terms] == [
        ("refund", False, False),
        ("not received", False, True),
        ("spam", True, False),
        ("fake news", True, True),
        ("single", False, False),
    ]


def test_date_filters_take_whole_days(post):
    complaint = post(title="Late night refund", body="The refund came at midnight.")
    day = timezone.localtime(complaint.created_at).date()
    assert titles("refund", date_from=day, date_to=day) == ["Late night refund"]
    assert titles("refund", date_to=day - timedelta(days=1)) == []
    assert titles("refund", date_from=date(2000, 1, 1)) == ["Late night refund"]


def test_a_renamed_company_is_found_by_its_new_names(post, company):
    post(title="Speaker crackles", body="The speaker crackles at high volume.")
    company.aliases = ["Poco"]
    company.save()
    index_company(company.pk)
    assert titles("poco") == ["Speaker crackles"]
    assert titles("redmi") == []


def test_rows_left_behind_never_show_another_complaint(post, company):
    old = post(title="Fridge noisy", body="The compressor rattles loudly every night.")
    # What a test database flush, or a hard delete and a reused id, leaves: a row whose
    # complaint is gone, or is now a different complaint.
    Complaint.objects.filter(pk=old.pk).update(
        title="Other", body="Other text.", created_at=timezone.now() - timedelta(days=1)
    )
    assert titles("compressor") == []
