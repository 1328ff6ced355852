"""Set-up and inspection that run in a Django process of their own, against a test's database.

    python -m systemtests.data <function> '<JSON keyword arguments>'

prints the function's JSON result on its last line (harness.call does this). What is set up
here (companies, accounts that exist before the story starts) goes through the services where
one exists; what the tests check for happens over HTTP.
"""

from __future__ import annotations

import json
import sys


def journey_cast(*, company: dict, people: list[dict]) -> dict:
    """A listed company with a website (so a work address can claim it) and people with
    verified e-mail addresses who already have accounts."""
    from redressal.accounts import services as accounts
    from redressal.companies.models import Company

    made = Company.objects.create(**company)
    for person in people:
        user = accounts.sign_up(**person)
        accounts.verify_email(user=user)
    return {"company_id": made.pk}


def filers(*, accounts: int, companies: list[dict]) -> list[dict]:
    """`accounts` people with verified addresses, each with an API token, and the companies
    they complain about. Passwords are left unusable: these people only use the API."""
    from django.db import transaction
    from django.utils import timezone

    from redressal.accounts.models import User
    from redressal.api.services import create_token
    from redressal.companies.models import Company

    made = []
    now = timezone.now()
    with transaction.atomic():
        for company in companies:
            Company.objects.create(**company)
        for number in range(accounts):
            user = User.objects.create_user(
                username=f"filer{number:03d}",
                email=f"filer{number:03d}@mail.example",
                password=None,
                city="Pune",
                state="Maharashtra",
                country="IN",
                email_verified_at=now,
            )
            _token, secret = create_token(user=user, name="crash test")
            made.append({"username": user.username, "token": secret})
    return made


def filings() -> dict:
    """Every complaint as stored; what `manage.py recount --dry-run` says of the counters;
    and which published complaints have no announcing task waiting (search indexing, the
    company's numbers and its people's e-mails: `complaints.tasks.announce_post`, whose row
    the filing writes in its own transaction)."""
    from io import StringIO

    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from redressal.complaints.models import Complaint, Visibility

    rows = list(
        Complaint.objects.order_by("pk").values(
            "pk", "author__username", "submission_key", "visibility", "title"
        )
    )
    queued = {
        (task.args_kwargs.get("args") or [None])[0]
        for task in DBTaskResult.objects.filter(
            task_path="redressal.complaints.tasks.announce_post"
        ).only("args_kwargs")
    }
    published = {row["pk"] for row in rows if row["visibility"] == Visibility.PUBLISHED}
    recount = StringIO()
    call_command("recount", dry_run=True, stdout=recount)
    return {
        "complaints": [
            {
                "id": row["pk"],
                "author": row["author__username"],
                "key": row["submission_key"],
                "visibility": row["visibility"],
                "title": row["title"],
            }
            for row in rows
        ],
        "not_queued_for_search": sorted(published - queued),
        "recount": recount.getvalue(),
    }


if __name__ == "__main__":
    import django

    django.setup()
    function = globals()[sys.argv[1]]
    result = function(**json.loads(sys.argv[2] if len(sys.argv) > 2 else "{}"))
    print(json.dumps(result, default=str))
