from __future__ import annotations

import pytest

from redressal.core.templatetags.redressal import helpful_phrase, plural_count, public_text


def test_public_text_keeps_paragraphs_and_line_breaks():
    assert public_text("First line\nsecond line\n\nNew paragraph") == (
        "<p>First line<br>second line</p>\n<p>New paragraph</p>"
    )


def test_public_text_escapes_markup_before_marking_hidden_spans():
    html = public_text('<b onclick="x()">[protected]</b> and [censored] but not [other]')
    assert "<b" not in html
    assert "&lt;b onclick=&quot;x()&quot;&gt;" in html
    assert '<span class="hidden-span protected"' in html
    assert '<span class="hidden-span censored"' in html
    assert "[other]" in html


def test_public_text_cuts_long_text_after_the_word_limit():
    html = public_text("one two\n\nthree four five", 3)
    assert html == "<p>one two</p>\n<p>three …</p>"
    assert public_text("one two", 3) == "<p>one two</p>"
    assert public_text("one two three", 3) == "<p>one two three</p>"


@pytest.mark.parametrize(
    ("count", "phrase"),
    [
        (0, "Be the first to find this helpful"),
        (1, "1 person found this helpful"),
        (2, "2 people found this helpful"),
        (1234, "1,234 people found this helpful"),
    ],
)
def test_helpful_count_reads_naturally(count, phrase):
    assert helpful_phrase(count) == phrase


def test_plural_count_picks_the_right_word():
    assert plural_count(1, "photo,photos") == "1 photo"
    assert plural_count(3, "photo,photos") == "3 photos"
