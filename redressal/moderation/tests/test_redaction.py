from __future__ import annotations

import itertools

import pytest

from redressal.moderation.text import PROTECTED, find_personal_data, process, redact


def kinds(text: str) -> list[tuple[str, str]]:
    return [(span.kind, span.text) for span in find_personal_data(text)]


@pytest.mark.parametrize(
    ("text", "kind", "item"),
    [
        ("call me on +91 98200 12345 today", "phone", "+91 98200 12345"),
        ("call me on 098200-12345 today", "phone", "098200-12345"),
        ("my number 9820012345, evenings", "phone", "9820012345"),
        ("office (022) 2345 6789 ask for Ravi", "phone", "(022) 2345 6789"),
        ("landline 020-25536789 please", "phone", "020-25536789"),
        ("US number (415) 555-0134 works", "phone", "(415) 555-0134"),
        ("UK mobile +44 7911 123456 too", "phone", "+44 7911 123456"),
        ("UK drama-range +44 7700 900123 too", "phone", "+44 7700 900123"),
        ("write to ravi.kulkarni@example.com now", "email", "ravi.kulkarni@example.com"),
        ("or priya_sharma84@mailbox.example.in.", "email", "priya_sharma84@mailbox.example.in"),
        ("spelled ravi [at] example [dot] com", "email", "ravi [at] example [dot] com"),
        ("card 4111 1111 1111 1111 charged", "card", "4111 1111 1111 1111"),
        ("card 5500-0000-0000-0004 charged", "card", "5500-0000-0000-0004"),
        ("card 4111111111111111 charged", "card", "4111111111111111"),
        ("IMEI 490154203237518 blocked", "imei", "490154203237518"),
        ("IMEI: 35 209900 176148 1 on the box", "imei", "35 209900 176148 1"),
        ("refund to a/c no. 50100123456789 please", "bank_account", "50100123456789"),
        ("account number is 123456789012 at SBI", "bank_account", "123456789012"),
        ("खाता संख्या 50100123456789 में भेजें", "bank_account", "50100123456789"),
        ("pay ravi.k@okaxis for it", "upi", "ravi.k@okaxis"),
        ("UPI 9820012345@paytm please", "upi", "9820012345@paytm"),
        ("Aadhaar 2345 6789 0124 was copied", "aadhaar", "2345 6789 0124"),
        ("Aadhaar 234567890124 was copied", "aadhaar", "234567890124"),
        ("PAN ABCPE1234F uploaded", "pan", "ABCPE1234F"),
        ("GSTIN 27AAPFU0939F1ZV on the bill", "gstin", "27AAPFU0939F1ZV"),
        ("SSN 123-45-6789 printed", "ssn", "123-45-6789"),
        ("social security number: 123 45 6789", "ssn", "123 45 6789"),
        ("my order OD451234567890123456 never arrived", "reference", "OD451234567890123456"),
        ("order id: 402-1234567-1234567 wrong item", "reference", "402-1234567-1234567"),
        ("txn id SBINR52024031212345 failed", "reference", "SBINR52024031212345"),
        ("ticket #SR12345678 closed", "reference", "SR12345678"),
        ("invoice no: INV/2024/00123 lacks GST", "reference", "INV/2024/00123"),
        ("serial number R58N12345XYZ differs", "reference", "R58N12345XYZ"),
        ("PNR 4512367890 refund pending", "reference", "4512367890"),
        ("PNR X7K2QM cancelled", "reference", "X7K2QM"),
        ("FMPP1234567890 was cancelled", "reference", "FMPP1234567890"),
        ("ऑर्डर नंबर OD4123456789 है", "reference", "OD4123456789"),
        ("शिकायत संख्या CS20240311 पर कुछ नहीं", "reference", "CS20240311"),
    ],
)
def test_each_kind_of_personal_data_is_found(text, kind, item):
    assert (kind, item) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "The phone cost ₹14,999 and the charger Rs. 1,200/-.",
        "I paid $499.99 and £20 on 12/03/2024.",
        "Refund of 1.5 lakh, or 20000 rupees, pending since 2024-03-12.",
        "Delivery on 12 March between 10:30 am and 1 pm.",
        "Redmi Note 8 Pro 8gb+128gb and Galaxy S23 both overheat.",
        "The 108cm TV is not 55 inch; the X5 2023 came instead.",
        "After v2.3.1, Android 14 and MIUI 12.5.4 the camera broke.",
        "Battery down to 78% in 3 weeks; I bought 2 phones in 2019.",
        "I live in Pune 411001; my US ZIP is 94107; London SW1A branch.",
        "Flights 6E 2134 and AI 101 were late.",
        "Customer care 1800-123-4567 and toll free 1800 419 0001 never answer.",
        "Their US helpline 1-800-555-0199 is always busy.",
        "IFSC SBIN0001234, model RMX3085, router at 192.168.1.1.",
        "Invoice total ₹1,49,999.00 including 18% GST, ordered 01.02.2024.",
        "हेल्पलाइन 1800-123-4567 पर कोई नहीं उठाता, कीमत ₹14,999 थी।",
    ],
)
def test_clean_look_alikes_stay_untouched(text):
    assert find_personal_data(text) == []
    assert redact(text).public_text == text


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("call 98200\u200b12345 now", "98200\u200b12345"),
        ("call 98\u200c200\u200d123\u206045 now", "98\u200c200\u200d123\u206045"),
        ("फ़ोन ९८२००१२३४५ पर करें", "९८२००१२३४५"),
        (
            "mobile \uff19\uff18\uff12\uff10\uff10\uff11\uff12\uff13\uff14\uff15 please",
            "\uff19\uff18\uff12\uff10\uff10\uff11\uff12\uff13\uff14\uff15",
        ),
        ("call 9 8 2 0 0 1 2 3 4 5 now", "9 8 2 0 0 1 2 3 4 5"),
        ("call 98 20 01 23 45 now", "98 20 01 23 45"),
        ("call 98200.12345 now", "98200.12345"),
        ("call 9820O12345 now", "9820O12345"),
        ("call 98200l2345 now", "98200l2345"),
        ("pls call9820012345 urgently", "9820012345"),
        ("mob.9820012345 after six", "9820012345"),
    ],
)
def test_obfuscated_phone_numbers_are_found_on_the_original_text(text, item):
    spans = find_personal_data(text)
    assert [(s.kind, s.text) for s in spans] == [("phone", item)]
    assert text[spans[0].start : spans[0].end] == item


def test_aadhaar_in_devanagari_digits_is_found():
    assert kinds("आधार २३४५ ६७८९ ०१२४ माँगा") == [("aadhaar", "२३४५ ६७८९ ०१२४")]


def test_numbers_failing_their_check_digit_are_not_cards_or_aadhaar():
    assert kinds("code 4111 1111 1111 1112 and 2345 6789 0123") == []


def test_a_customers_own_mobile_is_personal_but_the_toll_free_number_is_not():
    text = "Called 1800-123-4567 twice; call me back on 9820012345."
    assert kinds(text) == [("phone", "9820012345")]


def test_redaction_replaces_each_item_and_keeps_the_original_offsets():
    text = "My order OD451234567890123456 never arrived, call me on +91 98200 12345."
    result = redact(text)
    assert result.public_text == "My order [protected] never arrived, call me on [protected]."
    for span in result.spans:
        assert text[span.start : span.end] == span.text


def test_text_that_is_only_personal_data_becomes_only_markers():
    result = redact("9820012345 ravi.k@example.com")
    assert result.public_text == f"{PROTECTED} {PROTECTED}"


def test_author_can_mark_a_missed_item_private():
    text = "My flat is 4B Sunrise Towers, Baner."
    start = text.index("4B")
    result = redact(text, extra_private=[(start, start + len("4B Sunrise Towers"))])
    assert result.public_text == "My flat is [protected], Baner."
    assert [(s.kind, s.text) for s in result.spans] == [("marked", "4B Sunrise Towers")]


def test_author_can_unmark_a_false_alarm():
    text = "Complaint number CS20240311 filed, call 9820012345."
    start = text.index("CS2024")
    result = redact(text, keep_public=[(start, start + 3)])
    assert result.public_text == "Complaint number CS20240311 filed, call [protected]."


def test_overlapping_marks_merge_into_one_marker():
    text = "call 9820012345 now"
    result = redact(text, extra_private=[(3, 8)])
    assert result.public_text == "cal[protected] now"


def test_process_redacts_then_censors():
    result = process("Order OD4123456789 never came, shit service, call 9820012345")
    assert (
        result.public_text == "Order [protected] never came, [censored] service, call [protected]"
    )
    assert [s.kind for s in result.spans] == ["reference", "phone"]


def test_a_100000_character_text_is_redacted_completely():
    sentence = "Order OD4123456789 late; call +91 98200 12345 or ravi.k@example.com. ₹14,999 paid. "
    text = (sentence * (100_000 // len(sentence) + 1))[:100_000]
    result = redact(text)
    repeats = text.count("ravi.k@example.com")
    assert sum(s.kind == "email" for s in result.spans) == repeats
    assert sum(s.kind == "phone" for s in result.spans) == text.count("98200 12345")
    assert "98200" not in result.public_text and "@" not in result.public_text
    assert result.public_text.count("₹14,999") == text.count("₹14,999")


def test_a_100000_character_run_of_digits_is_handled():
    text = ("98 2-0.0 1 " * 10_000)[:100_000]
    spans = find_personal_data(text)
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
