from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured

from redressal.core import antispam
from redressal.core.antispam import HONEYPOT, RENDERED_AT, HumanCheckMixin, human_check_data

START = 1_700_000_000.0


class CommentForm(HumanCheckMixin, forms.Form):
    body = forms.CharField()


class ReportForm(HumanCheckMixin, forms.Form):
    reason = forms.CharField()


class FakeClock:
    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _production_wait(settings):
    # The test settings turn the wait off for every other form test.
    settings.MIN_FORM_FILL_SECONDS = 3


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock(START)
    monkeypatch.setattr(antispam, "time", fake)
    return fake


def _rendered_stamp(form: forms.Form) -> str:
    return form[RENDERED_AT].value()


def _submit(form_class=CommentForm, **data) -> forms.Form:
    return form_class(data={"body": "The refund never came.", HONEYPOT: "", **data})


def test_a_person_who_takes_their_time_gets_through(clock):
    stamp = _rendered_stamp(CommentForm())
    clock.now += 20
    form = _submit(**{RENDERED_AT: stamp})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"body": "The refund never came."}


def test_the_honeypot_is_hidden_from_people_and_their_tools():
    html = str(CommentForm())
    assert 'aria-hidden="true"' in html
    assert 'class="visually-hidden"' in html
    assert f'name="{HONEYPOT}"' in html
    assert 'tabindex="-1"' in html
    assert 'autocomplete="off"' in html
    assert f'type="hidden" name="{RENDERED_AT}"' in html
    form = CommentForm()
    assert [field.name for field in form.visible_fields()] == ["body"]
    assert {field.name for field in form.hidden_fields()} == {HONEYPOT, RENDERED_AT}


def _error_codes(form: forms.Form) -> list[str]:
    assert not form.is_valid()
    return [error.code for error in form.non_field_errors().as_data()]


def test_a_filled_honeypot_is_refused(clock):
    stamp = _rendered_stamp(CommentForm())
    clock.now += 20
    form = _submit(**{RENDERED_AT: stamp, HONEYPOT: "http://cheap-pills.example"})
    assert _error_codes(form) == ["honeypot"]
    assert form.non_field_errors() == ["Sorry, we couldn't accept this form. Please try again."]


@pytest.mark.parametrize("stamp", [None, "", "1700000000.000", "1700000000.000:forged"])
def test_a_missing_or_forged_stamp_is_refused(clock, stamp):
    data = {} if stamp is None else {RENDERED_AT: stamp}
    assert _error_codes(_submit(**data)) == ["form_tampered"]


def test_a_stamp_from_another_form_is_refused(clock):
    stamp = _rendered_stamp(ReportForm())
    clock.now += 20
    assert _error_codes(_submit(**{RENDERED_AT: stamp})) == ["form_tampered"]


def test_an_altered_stamp_is_refused(clock):
    stamp = _rendered_stamp(CommentForm())
    older = stamp.replace(str(int(START)), str(int(START) - 60), 1)
    assert older != stamp
    assert _error_codes(_submit(**{RENDERED_AT: older})) == ["form_tampered"]


def test_a_form_sent_back_too_quickly_is_refused(clock):
    stamp = _rendered_stamp(CommentForm())
    clock.now += 2.5
    form = _submit(**{RENDERED_AT: stamp})
    assert _error_codes(form) == ["too_fast"]


def test_the_minimum_fill_time_can_be_turned_off_for_tests(clock, settings):
    settings.MIN_FORM_FILL_SECONDS = 0
    assert _submit(**human_check_data(CommentForm)).is_valid()


def test_an_expired_form_keeps_what_was_typed_and_can_be_sent_again(clock):
    stamp = _rendered_stamp(CommentForm())
    clock.now += 86400 + 1
    form = _submit(**{RENDERED_AT: stamp})
    assert _error_codes(form) == ["form_expired"]
    assert form.non_field_errors() == ["This form expired, please submit it again."]
    assert form["body"].value() == "The refund never came."
    fresh = _rendered_stamp(form)
    assert fresh != stamp

    clock.now += 30
    assert _submit(**{RENDERED_AT: fresh}).is_valid()


def test_the_stamp_is_taken_when_the_form_is_rendered(clock, settings):
    form = CommentForm()
    clock.now += 600  # the form object was built long before the page was drawn
    stamp = _rendered_stamp(form)
    clock.now += 2
    assert _error_codes(_submit(**{RENDERED_AT: stamp})) == ["too_fast"]


def test_a_subclass_clean_still_runs_after_a_failed_check(clock):
    class ShoutingForm(CommentForm):
        def clean(self):
            cleaned_data = super().clean()
            self.add_error("body", "Please don't shout.")
            return cleaned_data

    form = ShoutingForm(data={"body": "HELLO", HONEYPOT: "spam"})
    assert not form.is_valid()
    assert form.errors["body"] == ["Please don't shout."]
    assert [e.code for e in form.non_field_errors().as_data()] == ["honeypot"]


def test_a_form_with_a_field_of_the_same_name_is_a_configuration_error():
    class CompanyForm(HumanCheckMixin, forms.Form):
        homepage = forms.URLField()

    with pytest.raises(ImproperlyConfigured):
        CompanyForm()
