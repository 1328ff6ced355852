"""Writes through the JSON API: complaints filed under load, and a paced stream of votes and
comments in the background, all by the bench accounts with their personal tokens."""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter

from bench.dataset import random_text, random_title
from bench.load import Connection, ProtocolError, build_request

API = "/api/v1"


def api_request(host: str, port: int, method: str, path: str, token: str, payload=None) -> bytes:
    body = b"" if payload is None else json.dumps(payload).encode()
    headers = {"Authorization": f"Bearer {token}"}
    if payload is not None:
        headers["Content-Type"] = "application/json"
    return build_request(host, port, f"{API}{path}", method=method, body=body, headers=headers)


class Filings:
    """Makes `POST /api/v1/complaints` requests: each by the next bench account, fresh text.

    Consecutive filings go to different accounts, so no account posts more than a few in a
    run and none of them looks like a flood to the spam checks.
    """

    def __init__(self, host: str, port: int, tokens: list[str], company: str) -> None:
        self.host, self.port, self.tokens, self.company = host, port, tokens, company
        self.rng = random.Random()
        self.next = self.rng.randrange(len(tokens))
        self.lock = threading.Lock()
        self.made = 0

    def __call__(self) -> bytes:
        with self.lock:
            token = self.tokens[self.next % len(self.tokens)]
            self.next += 1
            self.made += 1
            payload = {
                "company": self.company,
                "title": random_title(self.rng),
                "body": random_text(self.rng, self.rng.randint(40, 120)),
            }
        return api_request(self.host, self.port, "POST", "/complaints", token, payload)


class Writers:
    """Votes helpful (or withdraws the vote) and comments, paced at `rate` a second.

    The pace does not wait for answers: `connections` threads take the writes in turn as
    they fall due, so a slow answer delays only its own thread (the achieved rate is
    reported; it falls short only when every thread waits on the server).

    Each write goes by the next bench account, on one of the `targets` complaints; a vote
    toggles, so a kept dataset can be run again and again without "already voted".
    Every answer's status is counted: a "database is locked" would show up as a 500.
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        tokens: list[str],
        users: list[int],
        targets: list[int],
        voted: set[tuple[int, int]],
        rate: float = 10.0,
        connections: int = 8,
    ) -> None:
        self.host, self.port = host, port
        self.tokens, self.users, self.targets, self.voted = tokens, users, targets, voted
        self.rate, self.connections = rate, connections
        self.rng = random.Random()
        self.statuses: Counter = Counter()
        self.kinds: Counter = Counter()
        self.failures = 0
        self.latencies: list[float] = []
        self.lock = threading.Lock()
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []
        self.count = self.rng.randrange(len(tokens) * 2)
        self.active = 0.0  # seconds spent writing, over every start() .. stop()
        self._began = self._due = 0.0

    def _next(self) -> tuple[str, bytes]:
        with self.lock:
            n = self.count
            self.count += 1
            user = (n // 2) % len(self.tokens)
            token, user_id = self.tokens[user], self.users[user]
            complaint = self.targets[(n // 2 + n // (2 * len(self.tokens))) % len(self.targets)]
            if n % 2 == 0:
                pair = (user_id, complaint)
                method = "DELETE" if pair in self.voted else "PUT"
                self.voted.symmetric_difference_update({pair})
                path, payload, kind = f"/complaints/{complaint}/helpful", None, f"vote {method}"
            else:
                method, path = "POST", f"/complaints/{complaint}/comments"
                payload = {"body": random_text(self.rng, self.rng.randint(12, 40))}
                kind = "comment"
        return kind, api_request(self.host, self.port, method, path, token, payload)

    def _slot(self) -> float:
        """The time of the next write: one every 1/rate seconds, whichever thread is free."""
        with self.lock:
            due = self._due
            self._due += 1 / self.rate
        return due

    def _worker(self) -> None:
        connection = Connection(self.host, self.port, timeout=30)
        while not self.stop_event.is_set():
            delay = self._slot() - time.perf_counter()
            if delay > 0 and self.stop_event.wait(delay):
                break
            kind, request = self._next()
            started = time.perf_counter()
            try:
                status, _ = connection.get(request, retry=False)
            except (OSError, ProtocolError, ValueError):
                connection.close()
                status = 0
            elapsed = time.perf_counter() - started
            with self.lock:
                self.statuses[status] += 1
                self.kinds[kind] += 1
                self.latencies.append(elapsed)
        connection.close()

    def start(self) -> None:
        """Start writing (again: the counts add up over every start and stop)."""
        self.stop_event = threading.Event()
        self._began = self._due = time.perf_counter()
        self.threads = [
            threading.Thread(target=self._worker, daemon=True, name=f"writer-{i}")
            for i in range(self.connections)
        ]
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=35)
        self.active += time.perf_counter() - self._began

    @property
    def sent(self) -> int:
        return sum(self.statuses.values())

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if not 200 <= status < 300)

    @property
    def per_second(self) -> float:
        return self.sent / self.active if self.active > 0 else 0.0

    def as_dict(self) -> dict:
        ordered = sorted(self.latencies)
        median = ordered[len(ordered) // 2] * 1000 if ordered else None
        return {
            "sent": self.sent,
            "per_second": round(self.per_second, 2),
            "errors": self.errors,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "kinds": dict(self.kinds),
            "median_ms": None if median is None else round(median, 1),
        }
