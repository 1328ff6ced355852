from __future__ import annotations

import uuid
from dataclasses import dataclass, replace

from django import forms
from django.urls import reverse_lazy

from redressal.complaints import services
from redressal.complaints.models import Complaint
from redressal.complaints.services import BODY_MAX, PHOTOS_MAX, PRIVATE_MAX, TITLE_MAX
from redressal.core.antispam import HumanCheckMixin
from redressal.core.errors import DomainError
from redressal.insights.models import Category
from redressal.moderation.text import KIND_LABELS, PHRASE_MAX, PHRASES_MAX

RATING_CHOICES = [("", "No rating")] + [
    (str(n), f"{n} star{'s' if n > 1 else ''}") for n in range(5, 0, -1)
]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, max_count: int = PHOTOS_MAX, **kwargs):
        kwargs.setdefault("required", False)
        self.max_count = max_count
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > self.max_count:
            raise forms.ValidationError(f"Add at most {self.max_count} photos.")
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files]


class PostFieldsForm(forms.Form):
    """What a complaint or review says: shared by filing and editing."""

    title = forms.CharField(max_length=TITLE_MAX, help_text="Say what went wrong in a line.")
    body = forms.CharField(
        label="Your complaint",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What happened, when, and what you want the company to do.",
    )
    product = forms.CharField(max_length=120, required=False, help_text="e.g. Zenvo Note 8 Pro")
    category = forms.ModelChoiceField(
        queryset=Category.objects.order_by("name"), required=False, empty_label="Choose one"
    )
    rating = forms.TypedChoiceField(
        choices=RATING_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="Required for a review.",
    )
    private_details = forms.CharField(
        label="Private details",
        max_length=PRIVATE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Order number, phone, address…: seen only by you, the company's verified "
            "representatives and moderators. Never shown to the public."
        ),
    )


def new_submission_key() -> str:
    return uuid.uuid4().hex


class ComplaintForm(HumanCheckMixin, PostFieldsForm):
    # Sent again with the form: a second click or a resent request files one complaint.
    submission_key = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=64, initial=new_submission_key
    )
    company = forms.CharField(
        max_length=120,
        help_text="Start typing the company's name.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "list": "company-suggestions",
                # Type-ahead: htmx sends what is typed and swaps in the matching names.
                "hx-get": reverse_lazy("companies:lookup"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#company-suggestions",
                "hx-swap": "outerHTML",
            }
        ),
    )
    propose_company = forms.BooleanField(
        required=False,
        label="This company is not listed: propose it (a moderator will check it)",
    )
    company_website = forms.URLField(required=False, label="Company website (if you propose it)")
    kind = forms.ChoiceField(
        choices=Complaint.Kind.choices,
        initial=Complaint.Kind.COMPLAINT,
        widget=forms.RadioSelect,
        label="I want to submit",
    )
    photos = MultiplePhotoField(
        help_text=f"Up to {PHOTOS_MAX} photos (JPEG, PNG, WebP or HEIC); captions come next."
    )
    agree_terms = forms.BooleanField(
        label="I agree to the Terms of Use and confirm this is my own experience",
        error_messages={"required": "Please agree to the Terms of Use to continue."},
    )

    field_order = [
        "company",
        "propose_company",
        "company_website",
        "kind",
        "title",
        "body",
        "product",
        "category",
        "rating",
        "private_details",
        "photos",
        "agree_terms",
    ]

    # What is kept in the session while an anonymous visitor logs in (files cannot be).
    DRAFT_FIELDS = (
        "company",
        "propose_company",
        "company_website",
        "kind",
        "title",
        "body",
        "product",
        "category",
        "rating",
        "private_details",
    )

    def clean_submission_key(self) -> str:
        # A key that is not one of ours is dropped rather than shown as an error nobody can fix.
        key = self.cleaned_data["submission_key"]
        return key if services.SUBMISSION_KEY.fullmatch(key) else ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Complaint.Kind.REVIEW and cleaned.get("rating") is None:
            self.add_error("rating", "A review needs a rating from 1 to 5 stars.")
        return cleaned


class EditForm(PostFieldsForm):
    pass


class CaptionsForm(forms.Form):
    """One caption field per photo of a draft, named caption-<photo id>."""

    def __init__(self, *args, photos, **kwargs):
        super().__init__(*args, **kwargs)
        self.photos = photos
        for photo in photos:
            self.fields[f"caption-{photo.pk}"] = forms.CharField(
                max_length=200,
                required=False,
                initial=photo.caption,
                label=f"Caption for photo {photo.position + 1}",
            )

    def photo_fields(self):
        return [(photo, self[f"caption-{photo.pk}"]) for photo in self.photos]


@dataclass(frozen=True, slots=True)
class ProtectedPhrase:
    """A phrase of the author's text, and why the public does not see it (or does)."""

    text: str
    label: str
    hidden: bool
    places: int = 1


def protected_phrases(complaint: Complaint) -> list[ProtectedPhrase]:
    """What the public text of `complaint` hides, one row per phrase, title first."""
    phrases: dict[str, ProtectedPhrase] = {}
    for name in ("title", "body"):
        original = getattr(complaint, f"original_{name}")
        for start, end, kind in (complaint.protected_spans or {}).get(name, []):
            if not original or not 0 <= start < end <= len(original):
                continue  # spans of an older text: nothing sensible to show
            text = original[start:end]
            key = text.casefold()
            if key in phrases:
                phrases[key] = replace(phrases[key], places=phrases[key].places + 1)
            else:
                label = KIND_LABELS.get(kind, "personal data")
                phrases[key] = ProtectedPhrase(text=text, label=label, hidden=True)
    return list(phrases.values())


def _phrases(value, *, field: str) -> list[str]:
    try:
        return services.clean_phrases(value, field=field)
    except DomainError as error:
        raise forms.ValidationError(error.message) from None


class ProtectionForm(forms.Form):
    """On a draft's preview: what the author says the detector got wrong, either way.

    Ticking a hidden phrase shows it; unticking one the author showed before hides it again.
    Phrases typed under "Also hide" are hidden wherever they appear in the title and text.
    """

    mark_public = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="This is not personal, show it",
    )
    mark_private = forms.CharField(
        required=False,
        label="Also hide",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "One phrase per line, as it appears in your title or text (a name, a street, a "
            "number we missed): it shows as [protected] everywhere it appears. "
            f"Up to {PHRASES_MAX} phrases of {PHRASE_MAX} characters."
        ),
    )

    def __init__(self, *args, complaint: Complaint, **kwargs):
        super().__init__(*args, **kwargs)
        # The author's earlier choices, recovered from the stored originals and spans.
        self.marked, shown = services.author_choices(complaint)
        self.phrases = protected_phrases(complaint)
        known = {phrase.text.casefold() for phrase in self.phrases}
        self.phrases += [
            ProtectedPhrase(
                text=text, label="shown because you said it is not personal", hidden=False
            )
            for text in shown
            if text.casefold() not in known
        ]
        field = self.fields["mark_public"]
        field.choices = [(phrase.text, phrase.text) for phrase in self.phrases]
        field.initial = [phrase.text for phrase in self.phrases if not phrase.hidden]

    def rows(self) -> list[tuple[ProtectedPhrase, bool]]:
        """Each phrase with whether its "show it" box is ticked (as sent, when it was)."""
        ticked = set(self["mark_public"].value() or [])
        return [(phrase, phrase.text in ticked) for phrase in self.phrases]

    def clean_mark_public(self):
        return _phrases(self.cleaned_data["mark_public"], field="mark_public")

    def clean_mark_private(self):
        return _phrases(self.cleaned_data["mark_private"], field="mark_private")

    def choices(self) -> dict[str, list[str]]:
        """`mark_private` and `mark_public` for the service, from a valid form."""
        public = self.cleaned_data["mark_public"]
        shown = {text.casefold() for text in public}
        private: dict[str, str] = {}
        for text in [*self.marked, *self.cleaned_data["mark_private"]]:
            if text.casefold() not in shown or text in self.cleaned_data["mark_private"]:
                private.setdefault(text.casefold(), text)
        return {"mark_private": list(private.values()), "mark_public": public}
