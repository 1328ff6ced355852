from __future__ import annotations

from django import forms

from redressal.accounts.models import User
from redressal.complaints.services import BODY_MAX
from redressal.moderation.models import ModerationAction, Report
from redressal.moderation.services import DETAILS_MAX, REASON_MAX, SUSPENSION_DAYS_MAX


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=Report.Reason.choices, widget=forms.RadioSelect, label="What is wrong?"
    )
    details = forms.CharField(
        max_length=DETAILS_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Anything that helps a moderator decide (required for “Something else”).",
    )


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Reason")
        kwargs.setdefault(
            "help_text", "Kept in the log; the author reads it. Never name the reporter."
        )
        super().__init__(max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 2}), **kwargs)


class PostActionForm(forms.Form):
    """A decision on a post, a comment or a report, posted from the queue."""

    action = forms.ChoiceField(
        choices=[
            ("publish", "Publish"),
            ("hide", "Hide"),
            ("restore", "Restore"),
            ("dismiss", "Dismiss the report"),
        ]
    )
    target_kind = forms.ChoiceField(choices=[("complaint", "complaint"), ("comment", "comment")])
    target_id = forms.IntegerField(min_value=1)
    report = forms.IntegerField(min_value=1, required=False)
    reason = ReasonField()


class UserActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("warn", "Warn"), ("suspend", "Suspend"), ("unsuspend", "Lift the suspension")]
    )
    days = forms.IntegerField(
        min_value=1, max_value=SUSPENSION_DAYS_MAX, required=False, label="Days"
    )
    report = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    reason = ReasonField()

    def clean(self):
        data = super().clean()
        if data.get("action") == "suspend" and not data.get("days"):
            self.add_error("days", "For how many days?")
        return data


class RedactionForm(forms.Form):
    body = forms.CharField(
        label="Public text",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="What the public reads. The author's private original is not changed.",
    )
    report = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)
    reason = ReasonField()


class LogFilterForm(forms.Form):
    moderator = forms.ModelChoiceField(
        queryset=User.objects.filter(is_staff=True).order_by("username"),
        required=False,
        empty_label="Any moderator",
    )
    action = forms.ChoiceField(
        choices=[("", "Any action"), *ModerationAction.Action.choices], required=False
    )
