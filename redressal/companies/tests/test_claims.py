from __future__ import annotations

import re
import time
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse

from redressal.accounts.tests.factories import UserFactory
from redressal.companies import claims
from redressal.companies.forms import ClaimForm
from redressal.companies.models import ClaimRequest, Company, Invitation, Representative
from redressal.companies.page_cache import company_changed
from redressal.companies.tests.factories import CompanyFactory, RepresentativeFactory
from redressal.core.errors import DomainError

pytestmark = pytest.mark.django_db

OWNER, AGENT = Representative.Role.OWNER, Representative.Role.AGENT


@pytest.fixture
def company():
    return CompanyFactory(name="Acme", slug="acme", website="https://www.acme.in/")


@pytest.fixture
def send_now(django_capture_on_commit_callbacks):
    """Run what a request enqueues after commit, as the worker would."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def link_in(message) -> str:
    (url,) = re.findall(re.escape(settings.SITE_URL) + r"(/\S+)", message.body)
    return url


def state(company: Company) -> tuple:
    """What a refused link must leave as it was."""
    company.refresh_from_db()
    return (
        company.claimed_at,
        sorted(company.representatives.values_list("user_id", "role")),
        sorted(ClaimRequest.objects.values_list("pk", "status", "nonce")),
        sorted(Invitation.objects.values_list("pk", "nonce", "accepted_at")),
    )


def ask(client, send_now, company, *, email, title="Customer care lead", method="email"):
    url = reverse("claims:claim", args=[company.slug])
    return send_now(client.post, url, {"email": email, "title": title, "method": method})


def claim_link(client, send_now, mailoutbox, company, user, email="care@acme.in") -> str:
    client.force_login(user)
    response = ask(client, send_now, company, email=email)
    assert response.status_code == 302
    return link_in(mailoutbox[-1])


# --- Domain rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email", ["lead@acme.in", "LEAD@Acme.IN", "care@care.acme.in", "x@support.eu.acme.in"]
)
def test_addresses_at_the_company_domain_or_its_subdomains_are_accepted(company, email):
    assert claims.company_domain(company) == "acme.in"
    claims.check_email_domain(company=company, email=email)


@pytest.mark.parametrize(
    ("email", "code"),
    [
        ("lead@gmail.com", "free_mail"),
        ("lead@yahoo.co.in", "free_mail"),
        ("lead@acme-in.com", "other_domain"),
        ("lead@notacme.in", "other_domain"),
        ("lead@acme.in.evil.com", "other_domain"),
    ],
)
def test_other_domains_and_free_mail_are_refused_naming_the_domain_needed(company, email, code):
    with pytest.raises(DomainError) as error:
        claims.check_email_domain(company=company, email=email)
    assert error.value.code == code
    assert "acme.in" in error.value.message


def test_refusal_shows_on_the_form_and_sends_nothing(client, company, send_now, mailoutbox):
    client.force_login(UserFactory())
    response = ask(client, send_now, company, email="me@gmail.com")
    assert response.status_code == 200
    assert "free e-mail service" in response.text
    assert "acme.in" in response.text
    assert not ClaimRequest.objects.exists()
    assert mailoutbox == []


def test_without_a_website_only_a_moderator_can_verify(client, send_now, mailoutbox):
    company = CompanyFactory(website="")
    user = UserFactory()
    form = ClaimForm(company=company)
    assert [value for value, _ in form.fields["method"].choices] == ["moderator"]
    with pytest.raises(DomainError) as error:
        claims.request_claim(
            company=company, user=user, email="a@b.com", title="Boss", method="email"
        )
    assert error.value.code == "no_domain"

    client.force_login(user)
    assert ask(client, send_now, company, email="a@b.com").status_code == 200
    assert not ClaimRequest.objects.exists()
    response = ask(client, send_now, company, email="a@b.com", method="moderator")
    assert response.status_code == 302
    assert ClaimRequest.objects.get().method == ClaimRequest.Method.MODERATOR
    assert mailoutbox == []


# --- Claiming by e-mailed link ------------------------------------------------------------


def test_first_claimant_becomes_owner_and_the_next_an_agent(client, company, send_now, mailoutbox):
    first, second = UserFactory(), UserFactory()
    link = claim_link(client, send_now, mailoutbox, company, first, "lead@acme.in")
    assert mailoutbox[-1].to == ["lead@acme.in"]
    assert link.startswith("/business/claim/verify/")
    assert client.get(link).status_code == 200
    assert not company.representatives.exists()  # opening the link changes nothing

    response = client.post(link)
    assert response.status_code == 302
    assert response.url == reverse("claims:team", args=["acme"])
    company.refresh_from_db()
    claimed_at = company.claimed_at
    assert claimed_at is not None
    rep = Representative.objects.get(company=company, user=first)
    assert (rep.role, rep.title) == (OWNER, "Customer care lead")
    claim = ClaimRequest.objects.get(user=first)
    assert (claim.status, claim.nonce) == (ClaimRequest.Status.VERIFIED, "")

    link = claim_link(client, send_now, mailoutbox, company, second, "help@care.acme.in")
    assert client.post(link).status_code == 302
    assert Representative.objects.get(company=company, user=second).role == AGENT
    company.refresh_from_db()
    assert company.claimed_at == claimed_at
    assert client.get(company.get_absolute_url()).status_code == 200


def test_a_used_link_is_refused(client, company, send_now, mailoutbox):
    link = claim_link(client, send_now, mailoutbox, company, UserFactory())
    client.post(link)
    before = state(company)
    for method in (client.get, client.post):
        response = method(link)
        assert response.status_code == 410
        assert "already been used" in response.text
    assert state(company) == before


def test_an_expired_link_is_refused(client, company, send_now, mailoutbox):
    link = claim_link(client, send_now, mailoutbox, company, UserFactory())
    before = state(company)
    later = time.time() + claims.CLAIM_LINK_MAX_AGE.total_seconds() + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(link)
    assert response.status_code == 410
    assert "expired" in response.text
    assert state(company) == before


@pytest.mark.parametrize(
    "forge",
    [
        lambda link: link[:-2] + ("A" if link[-2] != "A" else "B") + "/",
        lambda link: link.replace("/verify/", "/verify/x"),
        lambda link: reverse("claims:verify", args=["not-a-token"]),
    ],
)
def test_a_forged_or_tampered_link_is_refused(client, company, send_now, mailoutbox, forge):
    link = claim_link(client, send_now, mailoutbox, company, UserFactory())
    before = state(company)
    response = client.post(forge(link))
    assert response.status_code == 400
    assert "not valid" in response.text
    assert state(company) == before


def test_a_link_for_another_salt_or_nonce_is_refused(client, company, send_now, mailoutbox):
    user = UserFactory()
    claim_link(client, send_now, mailoutbox, company, user)
    claim = ClaimRequest.objects.get()
    before = state(company)
    from django.core import signing

    other_salt = signing.dumps({"c": claim.pk, "n": claim.nonce}, salt="something else")
    assert client.post(reverse("claims:verify", args=[other_salt])).status_code == 400
    claim.nonce = "0" * 32
    guessed = claims.claim_token(claim)
    assert client.post(reverse("claims:verify", args=[guessed])).status_code == 410
    assert state(company) == before


def test_a_link_opened_by_someone_else_is_refused(client, company, send_now, mailoutbox):
    asker = UserFactory()
    link = claim_link(client, send_now, mailoutbox, company, asker)
    before = state(company)
    client.force_login(UserFactory())
    for method in (client.get, client.post):
        response = method(link)
        assert response.status_code == 403
        assert "someone else" in response.text
    assert state(company) == before
    client.force_login(asker)
    assert client.post(link).status_code == 302


def test_asking_again_replaces_the_earlier_link(client, company, send_now, mailoutbox):
    user = UserFactory()
    old = claim_link(client, send_now, mailoutbox, company, user)
    new = claim_link(client, send_now, mailoutbox, company, user, "other@acme.in")
    assert client.post(old).status_code == 410
    assert not company.representatives.exists()
    assert client.post(new).status_code == 302
    assert ClaimRequest.objects.filter(status=ClaimRequest.Status.EXPIRED).count() == 1


def test_asking_for_many_claim_links_is_slowed_down(client, company, send_now, mailoutbox):
    client.force_login(UserFactory())
    for n in range(3):
        assert ask(client, send_now, company, email=f"care{n}@acme.in").status_code == 302
    response = ask(client, send_now, company, email="care9@acme.in")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "Too many claim e-mails" in response.text
    assert len(mailoutbox) == 3


def test_the_link_needs_a_login(client, company, send_now, mailoutbox):
    link = claim_link(client, send_now, mailoutbox, company, UserFactory())
    client.logout()
    response = client.post(link)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert not company.representatives.exists()


# --- Moderators ---------------------------------------------------------------------------


@pytest.fixture
def moderator():
    return UserFactory(is_staff=True)


@pytest.fixture
def waiting(client, company, send_now):
    user = UserFactory()
    client.force_login(user)
    ask(client, send_now, company, email="me@gmail.com", title="Founder", method="moderator")
    client.logout()
    return ClaimRequest.objects.get(user=user)


def decide(client, send_now, claim, decision, reason):
    url = reverse("claims:decide", args=[claim.pk])
    return send_now(client.post, url, {"decision": decision, "reason": reason})


def test_moderator_approves_with_a_reason(
    client, company, moderator, waiting, send_now, mailoutbox
):
    client.force_login(moderator)
    queue = client.get(reverse("claims:requests"))
    assert queue.status_code == 200
    assert "Founder" in queue.text

    assert decide(client, send_now, waiting, "approve", "Called their office.").status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ClaimRequest.Status.APPROVED
    assert (waiting.decided_by, waiting.reason) == (moderator, "Called their office.")
    assert waiting.decided_at is not None
    assert Representative.objects.get(company=company, user=waiting.user).role == OWNER
    company.refresh_from_db()
    assert company.claimed_at is not None
    (message,) = mailoutbox
    assert message.to == [waiting.user.email]
    assert "Called their office." in message.body
    assert "Founder" not in client.get(reverse("claims:requests")).text


def test_moderator_rejects_with_a_reason_and_a_reason_is_required(
    client, company, moderator, waiting, send_now, mailoutbox
):
    client.force_login(moderator)
    before = state(company)
    assert decide(client, send_now, waiting, "reject", "  ").status_code == 302
    assert state(company) == before

    decide(client, send_now, waiting, "reject", "No sign they work there.")
    waiting.refresh_from_db()
    assert (waiting.status, waiting.reason) == (
        ClaimRequest.Status.REJECTED,
        "No sign they work there.",
    )
    assert waiting.decided_by == moderator
    assert not company.representatives.exists()
    assert "No sign they work there." in mailoutbox[0].body
    # Decided once: a second decision changes nothing.
    decide(client, send_now, waiting, "approve", "Changed my mind")
    assert not company.representatives.exists()


def test_only_moderators_see_and_decide_claim_requests(client, company, waiting, send_now):
    before = state(company)
    response = client.get(reverse("claims:requests"))
    assert response.status_code == 302  # log in first
    for user in (UserFactory(), RepresentativeFactory(company=company).user):
        client.force_login(user)
        assert client.get(reverse("claims:requests")).status_code == 404
        assert decide(client, send_now, waiting, "approve", "Me").status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == ClaimRequest.Status.PENDING
    with pytest.raises(DomainError):
        claims.approve_claim(claim=waiting, moderator=UserFactory(), reason="x")
    assert state(company)[2] == before[2]


# --- Invitations and the team -------------------------------------------------------------


@pytest.fixture
def owner(company):
    return RepresentativeFactory(company=company, role=OWNER).user


def invite(client, send_now, company, email):
    url = reverse("claims:invite", args=[company.slug])
    return send_now(client.post, url, {"email": email})


def invitation_link(client, send_now, mailoutbox, company, owner, email) -> str:
    client.force_login(owner)
    assert invite(client, send_now, company, email).status_code == 302
    assert mailoutbox[-1].to == [email]
    return link_in(mailoutbox[-1])


def test_an_invited_person_joins_as_an_agent(client, company, owner, send_now, mailoutbox):
    link = invitation_link(client, send_now, mailoutbox, company, owner, "priya@acme.in")
    assert "priya@acme.in" in client.get(reverse("claims:team", args=["acme"])).text
    invited = UserFactory(email="Priya@Acme.in")
    client.force_login(invited)
    assert client.get(link).status_code == 200
    assert not company.representatives.filter(user=invited).exists()
    response = client.post(link, {"title": "Support"})
    assert response.status_code == 302
    rep = Representative.objects.get(company=company, user=invited)
    assert (rep.role, rep.title) == (AGENT, "Support")
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == invited
    assert invitation.nonce == ""

    before = state(company)
    assert client.post(link).status_code == 410
    assert state(company) == before


def test_an_invitation_is_refused_to_another_or_unverified_account(
    client, company, owner, send_now, mailoutbox
):
    link = invitation_link(client, send_now, mailoutbox, company, owner, "priya@acme.in")
    before = state(company)
    for user in (UserFactory(email="ravi@acme.in"), UserFactory(email="priya@acme.in.evil.com")):
        client.force_login(user)
        response = client.post(link)
        assert response.status_code == 403
        assert "priya@acme.in" in response.text
    unverified = UserFactory(email="priya@acme.in", email_verified_at=None)
    client.force_login(unverified)
    assert client.post(link).status_code == 403
    assert state(company) == before


def test_an_expired_or_forged_invitation_is_refused(client, company, owner, send_now, mailoutbox):
    link = invitation_link(client, send_now, mailoutbox, company, owner, "priya@acme.in")
    client.force_login(UserFactory(email="priya@acme.in"))
    before = state(company)
    later = time.time() + claims.INVITATION_MAX_AGE.total_seconds() + 60
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert client.post(link).status_code == 410
    assert client.post(link[:-3] + "/").status_code == 400
    assert state(company) == before


def test_a_withdrawn_invitation_no_longer_works(client, company, owner, send_now, mailoutbox):
    link = invitation_link(client, send_now, mailoutbox, company, owner, "priya@acme.in")
    invitation = Invitation.objects.get()
    client.post(reverse("claims:withdraw", args=["acme", invitation.pk]))
    client.force_login(UserFactory(email="priya@acme.in"))
    assert client.post(link).status_code == 410
    assert company.representatives.count() == 1


def test_agents_and_strangers_cannot_invite_or_remove(client, company, owner, send_now, mailoutbox):
    agent = RepresentativeFactory(company=company, role=AGENT)
    other_agent = RepresentativeFactory(company=company, role=AGENT)
    owner_rep = Representative.objects.get(user=owner)
    before = state(company)

    client.force_login(agent.user)
    assert client.get(reverse("claims:team", args=["acme"])).status_code == 200
    assert invite(client, send_now, company, "x@acme.in").status_code == 403
    for rep in (other_agent, owner_rep, agent):
        url = reverse("claims:remove", args=["acme", rep.pk])
        assert client.post(url).status_code == 403

    client.force_login(UserFactory())
    assert client.get(reverse("claims:team", args=["acme"])).status_code == 404
    assert invite(client, send_now, company, "x@acme.in").status_code == 404
    assert client.post(reverse("claims:remove", args=["acme", agent.pk])).status_code == 404

    assert state(company) == before
    assert mailoutbox == []


def test_a_representative_of_one_company_has_no_rights_over_another(
    client, company, owner, send_now, mailoutbox
):
    other = RepresentativeFactory(role=OWNER)
    agent = RepresentativeFactory(company=company, role=AGENT)
    before = state(company)
    client.force_login(other.user)
    assert client.get(reverse("claims:team", args=["acme"])).status_code == 404
    assert invite(client, send_now, company, "x@acme.in").status_code == 404
    assert client.post(reverse("claims:remove", args=["acme", agent.pk])).status_code == 404
    # Their own company's rep id under this company's URL is not found either.
    url = reverse("claims:remove", args=[other.company.slug, agent.pk])
    assert client.post(url).status_code == 404
    with pytest.raises(DomainError):
        claims.invite_agent(company=company, invited_by=other.user, email="x@acme.in")
    with pytest.raises(DomainError):
        claims.remove_representative(representative=agent, by=other.user)
    assert state(company) == before
    assert mailoutbox == []


def test_owner_removes_an_agent(client, company, owner):
    agent = RepresentativeFactory(company=company, role=AGENT)
    client.force_login(owner)
    response = client.post(reverse("claims:remove", args=["acme", agent.pk]))
    assert response.status_code == 302
    assert not Representative.objects.filter(pk=agent.pk).exists()


def test_the_last_owner_cannot_leave_but_one_of_two_can(client, company, owner):
    mine = Representative.objects.get(user=owner)
    client.force_login(owner)
    url = reverse("claims:remove", args=["acme", mine.pk])
    response = client.post(url, follow=True)
    assert "last owner" in response.text
    assert Representative.objects.filter(pk=mine.pk).exists()

    second = RepresentativeFactory(company=company, role=OWNER)
    # An owner does not remove another owner...
    client.post(reverse("claims:remove", args=["acme", second.pk]))
    assert Representative.objects.filter(pk=second.pk).exists()
    # ...but may leave while another remains.
    assert client.post(url).status_code == 302
    assert not Representative.objects.filter(pk=mine.pk).exists()


def test_company_page_offers_claiming(client, company):
    page = client.get(company.get_absolute_url()).text
    assert reverse("claims:claim", args=["acme"]) in page
    assert "Claimed" not in page
    company.claimed_at = company.created_at
    company.save()
    company_changed(company.pk)  # as the claim's verification does
    assert "Claimed" in client.get(company.get_absolute_url()).text


def test_a_representative_asking_to_claim_goes_to_the_team_page(client, company, owner):
    client.force_login(owner)
    response = client.get(reverse("claims:claim", args=["acme"]))
    assert response.url == reverse("claims:team", args=["acme"])


@pytest.mark.parametrize("model", ["claimrequest", "invitation"])
def test_admin_shows_claims_and_invitations_read_only(admin_client, company, owner, model):
    ClaimRequest.objects.create(
        company=company, user=UserFactory(), email="a@acme.in", title="Lead", method="moderator"
    )
    Invitation.objects.create(company=company, email="b@acme.in", invited_by=owner, nonce="x")
    obj = {"claimrequest": ClaimRequest, "invitation": Invitation}[model].objects.get()
    changelist = reverse(f"admin:companies_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    page = admin_client.get(reverse(f"admin:companies_{model}_change", args=[obj.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert admin_client.get(reverse(f"admin:companies_{model}_add")).status_code == 403


def test_approving_someone_who_joined_meanwhile_is_refused(company, waiting, moderator):
    RepresentativeFactory(company=company, user=waiting.user, role=AGENT)
    with pytest.raises(DomainError, match="already represents"):
        claims.approve_claim(claim=waiting, moderator=moderator, reason="ok")
    waiting.refresh_from_db()
    assert waiting.status == ClaimRequest.Status.PENDING
