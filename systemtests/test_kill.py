"""An acknowledged complaint survives its app server being killed, and none is filed twice.

Client threads file complaints through the API, each with an Idempotency-Key of its own,
while the whole gunicorn process group (master and workers) is SIGKILLed at random moments
and started again. A client that got no answer sends the same request again, with the same
key, until it gets one. Afterwards: every complaint answered 201 is stored under the number
it was given, no key filed two, the database is intact and every counter is right.

The load is what many people would send: each account files two complaints, about different
companies, in words of its own, from an address of its own, well within the rate limits and
with nothing for the spam checks to hold. The seed (printed; set SYSTEMTEST_SEED to replay)
decides the texts and the moments of the kills.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import secrets
import sqlite3
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest

from systemtests.client import Browser
from systemtests.harness import Server, call, server_environment, wait_for

KILLS = 5
CLIENTS = 4
# More than the clients can file before the last kill, so they never run out: the run files
# what it has time for (about 400 complaints since filing got faster; two a person).
ACCOUNTS = 1000
COMPANIES = [
    {"name": "Kavya Telecom", "slug": "kavya-telecom", "industry": "telecom"},
    {"name": "Orbit Appliances", "slug": "orbit-appliances", "industry": "appliances"},
    {"name": "Swift Parcel", "slug": "swift-parcel", "industry": "ecommerce-delivery"},
]
# Letters only: digits could read as order or phone numbers, which filing hides.
VOCABULARY = """
    refund replacement invoice warranty service centre technician visit delayed broken
    screen battery charger cable router signal outage billing plan customer care agent
    promised callback never arrived parcel courier package damaged missing wrong item
    washing machine refrigerator compressor noise leaking installation cancelled order
    delivery address return pickup rescheduled twice weeks months still waiting nobody
    answered emails complaint escalated manager apology voucher credited debited account
    balance statement charges hidden fee renewal subscription speed slow disconnected
    repair estimate spare part unavailable inspection report blamed manufacturer dealer
    showroom receipt serial faulty display flicker heating motor drum door seal rubber
    smell burning sparks power surge socket fuse tripped engineer rude careless helpful
"""
WORDS = VOCABULARY.split()


@dataclass
class Submission:
    person: str
    token: str
    source: str
    key: str
    payload: dict
    answered_id: int | None = None
    replayed: bool = False
    refused: int = 0  # connection refused: the server was down, nothing was sent
    dropped: int = 0  # sent, and the connection died before an answer
    unexpected: list = field(default_factory=list)  # answers other than 201


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request) -> tuple[str, str]:
    if request.param == "sqlite":
        return request.param, request.getfixturevalue("sqlite_database")
    return request.param, request.getfixturevalue("postgres_database")


def test_acknowledged_complaints_survive_sigkill_and_none_is_filed_twice(
    database, tmp_path, static_root, processes
):
    engine, database_url = database
    seed = int(os.environ.get("SYSTEMTEST_SEED") or secrets.randbelow(2**32))
    print(f"SYSTEMTEST_SEED={seed} ({engine})")
    rng = random.Random(seed)
    env = server_environment(database_url=database_url, folder=tmp_path, static_root=static_root)
    people = call(env, "filers", accounts=ACCOUNTS, companies=COMPANIES)
    submissions = plan(people, rng)

    server = Server(env, tmp_path, name="app", workers=2, threads=2)
    processes.append(server)
    server.start()
    filing = Filing(server.port, submissions)
    filing.start(CLIENTS)
    try:
        for cycle in range(1, KILLS + 1):
            # Kill while complaints are being filed: wait until some go through, then a while.
            filing.wait_for_answers(3)
            delay = rng.uniform(0.0, 1.0)
            time.sleep(delay)
            print(f"kill {cycle}: {delay:.2f} s later, {filing.answered} answered so far")
            server.kill()
            started = time.monotonic()
            server.start()
            print(f"  restarted in {time.monotonic() - started:.1f} s")
    finally:
        filing.finish()
    server.stop()

    taken = filing.taken
    answered = [s for s in taken if s.answered_id is not None]
    print(
        f"{len(taken)} filed, {sum(s.replayed for s in taken)} answered by a replay, "
        f"{sum(s.dropped for s in taken)} requests cut off, "
        f"{sum(s.refused for s in taken)} refused while down"
    )
    problems = [(s.key, s.unexpected) for s in taken if s.unexpected or s.answered_id is None]
    assert not problems, f"Answers other than 201 (or none): {problems[:10]}"
    assert sum(s.dropped for s in taken) > 0, "No kill caught a request in flight."

    stored = call(env, "filings")
    rows = stored["complaints"]
    keys = Counter(row["key"] for row in rows)
    assert not [key for key, count in keys.items() if count > 1], "A key filed two complaints."
    # Every complaint acknowledged is there under its number and its author, and nothing
    # else is: a complaint no one was told of would be one filed twice under two keys.
    filed = {row["key"]: (row["id"], row["author"]) for row in rows}
    missing = [s.key for s in answered if s.key not in filed]
    assert not missing, f"Answered 201, then lost: {missing}"
    moved = [
        (s.key, (s.answered_id, s.person), filed[s.key])
        for s in answered
        if filed[s.key] != (s.answered_id, s.person)
    ]
    assert not moved, f"Stored under another number or author: {moved}"
    unknown = set(filed) - {s.key for s in answered}
    assert not unknown, f"Stored, but no client was answered with them: {unknown}"
    held = [row for row in rows if row["visibility"] != "published"]
    assert not held, f"Filed but not published (a spam check held them?): {held[:5]}"
    # The task that indexes it (and tells the company) is stored in the filing's own
    # transaction, so no kill can leave a published complaint out of search.
    lost = stored["not_queued_for_search"]
    assert not lost, f"Published, with no search indexing queued: {lost}"

    if engine == "sqlite":
        path = database_url.removeprefix("sqlite:///")
        with contextlib.closing(sqlite3.connect(path)) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # What `manage.py recount --dry-run` reports.
    assert "All counters were right." in stored["recount"], stored["recount"]


# --- The people and what they send --------------------------------------------------------


def plan(people: list[dict], rng: random.Random) -> list[Submission]:
    """Two complaints a person, about two different companies, in words of their own."""
    submissions = []
    for number, person in enumerate(people):
        source = f"127.1.{number // 250}.{number % 250 + 1}"
        for company in rng.sample(COMPANIES, 2):
            payload = {
                "company": company["slug"],
                "title": " ".join(rng.sample(WORDS, 6)).capitalize(),
                "body": ". ".join(" ".join(rng.sample(WORDS, 10)).capitalize() for _ in range(4))
                + ".",
            }
            submissions.append(
                Submission(
                    person=person["username"],
                    token=person["token"],
                    source=source,
                    key=f"crash-{secrets.token_hex(12)}",
                    payload=payload,
                )
            )
    return submissions


class Filing:
    """Client threads taking submissions in turn; each sends one until it is answered."""

    def __init__(self, port: int, submissions: list[Submission]) -> None:
        self.port = port
        self.waiting = list(reversed(submissions))
        self.taken: list[Submission] = []
        self.answered = 0
        self.ran_out = False
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []

    def start(self, clients: int) -> None:
        self.threads = [
            threading.Thread(target=self._client, name=f"client-{n}", daemon=True)
            for n in range(clients)
        ]
        for thread in self.threads:
            thread.start()

    def wait_for_answers(self, count: int) -> None:
        with self.lock:
            target = self.answered + count
        wait_for(
            lambda: self.answered >= target or self.ran_out,
            timeout=60,
            what=f"{count} more complaints to be answered",
            interval=0.02,
        )
        assert not self.ran_out, "The clients ran out of submissions: raise ACCOUNTS."

    def finish(self) -> None:
        """No new submissions; the ones under way are sent until answered."""
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in self.threads), "A client hung."

    def _client(self) -> None:
        while not self.stopping.is_set():
            with self.lock:
                if not self.waiting:
                    self.ran_out = True
                    return
                submission = self.waiting.pop()
                self.taken.append(submission)
            self._send(submission)
            with self.lock:
                self.answered += submission.answered_id is not None

    def _send(self, submission: Submission) -> None:
        browser = Browser(submission.person, source=submission.source, timeout=30)
        headers = {
            "Authorization": f"Bearer {submission.token}",
            "Idempotency-Key": submission.key,
        }
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                response = browser.post(
                    self.port, "/api/v1/complaints", json=submission.payload, headers=headers
                )
            except ConnectionRefusedError:
                submission.refused += 1
                time.sleep(0.1)
                continue
            except (OSError, http.client.HTTPException):
                submission.dropped += 1
                continue
            if response.status == 201:
                submission.answered_id = response.json()["id"]
                submission.replayed = response.headers.get("idempotent-replayed") == "true"
                return
            submission.unexpected.append((response.status, response.text[:300]))
            if response.status < 500:
                return
            time.sleep(0.1)
