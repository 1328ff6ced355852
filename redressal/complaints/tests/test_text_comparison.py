"""The shortcut for plain ASCII texts in the duplicate and copy checks finds the same words as
the full Unicode path: a text compared with a copy of itself that takes the other path (an
em dash, a separator outside ASCII, at its end) reads alike."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from redressal.complaints.duplicates import _words
from redressal.moderation.spam import normalise_for_comparison, text_fingerprint

ascii_texts = st.text(alphabet=string.printable, max_size=300)
UNICODE_SEPARATOR = " \u2014"


@given(ascii_texts)
def test_duplicate_words_of_an_ascii_text_are_the_unicode_ones(text):
    assert _words(text) == _words(text + UNICODE_SEPARATOR)


@given(ascii_texts)
def test_copy_check_words_of_an_ascii_text_are_the_unicode_ones(text):
    assert normalise_for_comparison(text) == normalise_for_comparison(text + UNICODE_SEPARATOR)


def test_copies_in_any_case_spacing_digits_or_punctuation_share_a_fingerprint():
    text = "Very bad service from this courier, my parcel is lost and nobody answers."
    copy = "VERY bad service  from this courier,my parcel 123 is lost - and nobody answers!"
    assert text_fingerprint(text) == text_fingerprint(copy) == text_fingerprint(copy + " —")
    assert text_fingerprint(text) != text_fingerprint(text.replace("lost", "late"))
