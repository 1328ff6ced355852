from __future__ import annotations

from django import forms

from redressal.moderation.models import Report
from redressal.moderation.services import DETAILS_MAX


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
