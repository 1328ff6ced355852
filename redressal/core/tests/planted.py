"""Personal details planted in posts through the services, for tests that hunt for leaks.

Each `Secrets(n)` is a distinct set: a phone number, an e-mail address, a card number with a
valid Luhn digit, an Aadhaar number with a valid Verhoeff digit, a PAN, an order number and
a private-details phrase. A leak of any of them names the post it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from redressal.accounts.tests.factories import UserFactory
from redressal.companies.models import Company, Representative
from redressal.complaints import services
from redressal.complaints.models import Complaint
from redressal.discussion import services as discussion
from redressal.discussion.models import Comment
from redressal.moderation import services as moderation
from redressal.moderation.text.checksums import luhn_check_digit, verhoeff_check_digit
from redressal.tests_support import png_bytes

_LETTERS = "QWERTYUIOPASDFGHJKLZXCVBNM"


@dataclass(frozen=True)
class Secrets:
    n: int

    @property
    def phone(self) -> str:
        digits = f"9{(812345670 + self.n * 10101) % 10**9:09d}"
        return f"{digits[:5]} {digits[5:]}"

    @property
    def email(self) -> str:
        return f"planted.person{self.n}@mailbox.example.in"

    @property
    def card(self) -> str:
        first15 = f"4{(539200000000000 + self.n * 7777777) % 10**14:014d}"
        digits = first15 + luhn_check_digit(first15)
        return " ".join(digits[i : i + 4] for i in range(0, 16, 4))

    @property
    def aadhaar(self) -> str:
        first11 = str(38471920563 + self.n * 9973)
        digits = first11 + verhoeff_check_digit(first11)
        return " ".join(digits[i : i + 4] for i in range(0, 12, 4))

    @property
    def pan(self) -> str:
        return f"{_LETTERS[self.n % 26]}KZP{_LETTERS[(self.n + 7) % 26]}{4210 + self.n}H"

    @property
    def order(self) -> str:
        return f"OD{4123400000 + self.n * 9091}"

    @property
    def private(self) -> str:
        return f"Flat {self.n} Kumquat Residency, gate code VAULT{self.n:03d}X"

    def text(self, lead: str = "It still does not work.") -> str:
        """A sentence that reads like a post and carries every kind of detail but `private`."""
        return (
            f"{lead} Call me on {self.phone} or write to {self.email}. "
            f"Card {self.card} was charged twice for order {self.order}. "
            f"They kept a copy of my Aadhaar {self.aadhaar} and PAN {self.pan}."
        )

    def needles(self) -> dict[str, str]:
        """Every form a leak could take: as typed, and digits run together."""
        found = {
            "phone": self.phone,
            "email": self.email,
            "card": self.card,
            "aadhaar": self.aadhaar,
            "pan": self.pan,
            "order": self.order,
            "private": self.private,
            "private code": f"VAULT{self.n:03d}X",
        }
        for kind in ("phone", "card", "aadhaar"):
            found[f"{kind} digits"] = re.sub(r"\D", "", found[kind])
        found["order digits"] = self.order[2:]
        return found


def leaks(text: str, secrets: list[Secrets]) -> list[str]:
    """What of `secrets` shows in `text`, as "n:kind" labels."""
    return [
        f"{s.n}:{kind}" for s in secrets for kind, needle in s.needles().items() if needle in text
    ]


def photo_file(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


@dataclass
class Planted:
    secrets: list[Secrets] = field(default_factory=list)
    published: list[Complaint] = field(default_factory=list)
    # Posts the public must never reach: held, draft, hidden, deleted.
    unseen: list[Complaint] = field(default_factory=list)
    companies: list[Company] = field(default_factory=list)
    authors: list = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)

    def next(self) -> Secrets:
        secrets = Secrets(len(self.secrets) + 1)
        self.secrets.append(secrets)
        return secrets


def _file(planted: Planted, *, author, company, draft=False, kind="complaint") -> Complaint:
    s = planted.next()
    complaint = services.file_complaint(
        author=author,
        company=company,
        kind=kind,
        rating=2 if kind == "review" else None,
        title=f"Refund stuck, call {s.phone} about {s.order}",
        body=s.text("The phone stopped charging after a week."),
        product=f"Phone on order {s.order} for {s.email}",
        private_details=f"{s.private}. Card {s.card}, Aadhaar {s.aadhaar}, PAN {s.pan}.",
        draft=draft,
    )
    return complaint


def plant(*, companies: list[Company], moderator) -> Planted:
    """Posts, updates, comments, replies, official responses and captions full of personal
    details, by several authors about `companies` (the first with a verified representative),
    and the same in held, draft, hidden and deleted posts."""
    planted = Planted(companies=companies)
    commenter, replier = UserFactory(), UserFactory()
    for index, company in enumerate(companies):
        author = UserFactory()
        planted.authors.append(author)
        kind = "review" if index % 2 else "complaint"
        complaint = _file(planted, author=author, company=company, kind=kind)
        planted.published.append(complaint)
        services.add_update(complaint=complaint, author=author, body=planted.next().text())
        services.attach_photo(
            complaint=complaint,
            author=author,
            image=photo_file(),
            caption=f"Bill for {planted.next().phone}, order {planted.secrets[-1].order}",
        )
        # An edit within the window keeps the earlier text as a Revision.
        s = planted.next()
        services.edit_complaint(
            complaint=complaint,
            author=author,
            title=f"Still no refund, ring {s.phone}",
            body=s.text("Edited: the phone still does not charge."),
            product=complaint.product,
            rating=complaint.rating,
            private_details=f"{s.private}; card {s.card}",
        )
        comment = discussion.post_comment(
            complaint=complaint, author=commenter, body=planted.next().text("Same here.")
        )
        reply = discussion.post_comment(
            complaint=complaint, author=replier, body=planted.next().text("Me too."), parent=comment
        )
        planted.comments += [comment, reply]
        rep = Representative.objects.filter(company=company).select_related("user").first()
        if rep and kind == "complaint":
            official = discussion.post_official_response(
                complaint=complaint,
                representative=rep.user,
                body=planted.next().text("We are sorry."),
            )
            planted.comments.append(official)
        # Comments the public must not see: held (unverified author), deleted, hidden.
        held_commenter = UserFactory(email_verified_at=None)
        planted.comments.append(
            discussion.post_comment(
                complaint=complaint, author=held_commenter, body=planted.next().text("Held.")
            )
        )
        gone = discussion.post_comment(
            complaint=complaint, author=commenter, body=planted.next().text("Deleted.")
        )
        discussion.delete_comment(comment=gone, author=commenter)
        hidden = discussion.post_comment(
            complaint=complaint, author=replier, body=planted.next().text("Hidden.")
        )
        moderation.hide_post(moderator=moderator, post=hidden, reason="Rude.")
        planted.comments += [gone, hidden]

    company = companies[0]
    author = planted.authors[0]
    unverified = UserFactory(email_verified_at=None)
    planted.unseen.append(_file(planted, author=unverified, company=company))  # held
    planted.unseen.append(_file(planted, author=author, company=company, draft=True))
    hidden = _file(planted, author=author, company=company)
    moderation.hide_post(moderator=moderator, post=hidden, reason="Personal data.")
    planted.unseen.append(hidden)
    deleted = _file(planted, author=author, company=company)
    services.delete_complaint(complaint=deleted, author=author)
    planted.unseen.append(deleted)
    for complaint in planted.published + planted.unseen:
        complaint.refresh_from_db()
    return planted
