from __future__ import annotations

from django import forms

from redressal.complaints.forms import MultiplePhotoField
from redressal.discussion.models import Comment
from redressal.discussion.services import COMMENT_MAX, COMMENT_PHOTOS_MAX


class CommentForm(forms.Form):
    kind = forms.ChoiceField(
        choices=Comment.Kind.choices,
        initial=Comment.Kind.NEUTRAL,
        widget=forms.RadioSelect,
        label="I want to submit",
    )
    body = forms.CharField(
        label="Your comment", max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = MultiplePhotoField(
        max_count=COMMENT_PHOTOS_MAX, help_text=f"Up to {COMMENT_PHOTOS_MAX} photos."
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply", max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
