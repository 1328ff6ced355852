from __future__ import annotations

from django import forms

from redressal.companies import claims
from redressal.companies.models import ClaimRequest, Company


class ClaimForm(forms.Form):
    email = forms.EmailField(
        label="Work e-mail address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "work email"}),
    )
    title = forms.CharField(
        label="Job title",
        max_length=claims.TITLE_MAX,
        help_text='Shown beside your answers, e.g. "Customer care lead".',
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    method = forms.ChoiceField(
        label="How should we check?",
        choices=ClaimRequest.Method.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, company: Company, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company
        domain = claims.company_domain(company)
        method = self.fields["method"]
        if domain:
            method.initial = ClaimRequest.Method.EMAIL
            method.help_text = (
                f"A link by e-mail works only for an address at {domain} or a subdomain of it. "
                "Otherwise a moderator checks your request by hand, which takes longer."
            )
            self.fields["email"].help_text = f"An address at {domain}."
        else:
            method.choices = [
                (v, label) for v, label in method.choices if v == ClaimRequest.Method.MODERATOR
            ]
            method.initial = ClaimRequest.Method.MODERATOR
            method.help_text = (
                f"{company.name} has no website on file, so a moderator checks your request."
            )

    def request_claim(self, user) -> ClaimRequest:
        return claims.request_claim(company=self.company, user=user, **self.cleaned_data)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")])
    reason = forms.CharField(
        max_length=claims.REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kept with the request; the person who asked reads it.",
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        max_length=254,
        help_text="They accept with the account that has this address, verified.",
    )


class AcceptInvitationForm(forms.Form):
    title = forms.CharField(
        label="Your job title",
        max_length=claims.TITLE_MAX,
        required=False,
        help_text='Optional. Shown beside your answers, e.g. "Customer care lead".',
    )
