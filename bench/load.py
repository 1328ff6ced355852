"""A small HTTP/1.1 load generator: C threads, each with a keep-alive connection.

It speaks just enough HTTP for GET requests to a server we started ourselves (status line,
Content-Length or chunked bodies, Connection: close), on raw sockets: http.client's header
parsing would cost more CPU than the requests it measures, and the load generator shares the
machine's cores with the server under test.
"""

from __future__ import annotations

import resource
import socket
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

USER_AGENT = "redressal-bench/1"

# Each client opens a new connection after this many requests. A worker keeps the
# connections it accepted, so a fixed few can all land on one of two workers and leave the
# other idle (one core busy of two, twice the latency); reconnecting now and then spreads
# them as a load balancer would, at a cost too small to see.
REQUESTS_PER_CONNECTION = 50


class ProtocolError(Exception):
    pass


class Connection:
    def __init__(self, host: str, port: int, *, timeout: float) -> None:
        self.address = (host, port)
        self.timeout = timeout
        self.sock: socket.socket | None = None
        self.buffer = bytearray()
        self.head: list[str] = []  # the last response's status line and headers

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None
        self.buffer.clear()

    def get(self, request: bytes, *, retry: bool = True) -> tuple[int, int]:
        """Send one request and read its response; returns (status, body size).

        With `retry` (safe requests only), a reused connection that the server closed is
        replaced once; a write is never sent twice.
        """
        reused = self.sock is not None
        try:
            return self._exchange(request)
        except (ConnectionError, ProtocolError):
            self.close()
            if not reused or not retry:
                raise
        # The server may close an idle keep-alive connection just as we reuse it: a GET is
        # safe to send again once, on a fresh connection.
        return self._exchange(request)

    def _exchange(self, request: bytes) -> tuple[int, int]:
        if self.sock is None:
            self.sock = socket.create_connection(self.address, timeout=self.timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.sendall(request)
        return self._read_response()

    def _fill(self) -> None:
        data = self.sock.recv(262144)
        if not data:
            raise ConnectionError("connection closed by the server")
        self.buffer += data

    def _read_response(self) -> tuple[int, int]:
        buffer = self.buffer
        while (end := buffer.find(b"\r\n\r\n")) < 0:
            self._fill()
        head = bytes(buffer[:end]).decode("latin-1").split("\r\n")
        del buffer[: end + 4]
        self.head = head
        try:
            status = int(head[0].split(" ", 2)[1])
        except (IndexError, ValueError):
            raise ProtocolError(f"bad status line {head[0]!r}") from None
        length, chunked, close = None, False, False
        for line in head[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding":
                chunked = "chunked" in value.lower()
            elif name == "connection":
                close = "close" in value.lower()
        if chunked:
            size = self._read_chunked()
        elif length is not None:
            self._read_exact(length)
            size = length
        else:
            size = self._read_until_closed()
            close = True
        if close:
            self.close()
        return status, size

    def _read_exact(self, length: int) -> None:
        while len(self.buffer) < length:
            self._fill()
        del self.buffer[:length]

    def _read_chunked(self) -> int:
        size = 0
        while True:
            while (end := self.buffer.find(b"\r\n")) < 0:
                self._fill()
            chunk = int(bytes(self.buffer[:end]).split(b";")[0], 16)
            del self.buffer[: end + 2]
            if chunk == 0:
                # Optional trailers, then the empty line that ends the message.
                while True:
                    while (end := self.buffer.find(b"\r\n")) < 0:
                        self._fill()
                    del self.buffer[: end + 2]
                    if end == 0:
                        return size
            self._read_exact(chunk + 2)
            size += chunk

    def _read_until_closed(self) -> int:
        size = len(self.buffer)
        while data := self.sock.recv(262144):
            size += len(data)
        self.buffer.clear()
        return size


def build_request(
    host: str,
    port: int,
    path: str,
    *,
    method: str = "GET",
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    user_agent: str = USER_AGENT,
) -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        f"Host: {host}:{port}",
        f"User-Agent: {user_agent}",
        "Accept: text/html,*/*",
        "Accept-Language: en",
    ]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body or method not in ("GET", "HEAD"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def fetch(host: str, port: int, path: str, *, timeout: float = 30.0) -> tuple[int, int]:
    """One request on a fresh connection: (status, body size)."""
    return fetch_head(host, port, path, timeout=timeout)[:2]


def fetch_head(
    host: str, port: int, path: str, *, timeout: float = 30.0
) -> tuple[int, int, dict[str, str]]:
    """One GET on a fresh connection: (status, body size, headers with lower-case names)."""
    connection = Connection(host, port, timeout=timeout)
    try:
        status, size = connection.get(build_request(host, port, path))
        headers = {}
        for line in connection.head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return status, size, headers
    finally:
        connection.close()


@dataclass
class Measurement:
    path: str
    concurrency: int
    seconds: float
    latencies: list[float] = field(repr=False)
    statuses: Counter
    failures: int
    client_cpu: float  # share of one core the load generator used
    server_cpu: float | None  # cores the server used, on average
    machine_cpu: float | None = None  # cores busy on the whole machine, on average
    wall: float = 0.0  # seconds over which the CPU shares were sampled
    ok: tuple[int, ...] = (200,)  # the statuses that count as success

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def errors(self) -> int:
        return self.requests - sum(self.statuses.get(status, 0) for status in self.ok)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def server_ms_per_request(self) -> float | None:
        """Server CPU time per request: what a page costs, whatever else shares the cores."""
        if self.server_cpu is None or not self.requests:
            return None
        return self.server_cpu * self.wall * 1000 / self.requests

    def percentile(self, p: int) -> float:
        """Latency in milliseconds at the p-th percentile."""
        if not self.latencies:
            return float("nan")
        if p == 50:
            return statistics.median(self.latencies) * 1000
        if len(self.latencies) == 1:
            return self.latencies[0] * 1000
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[p - 1] * 1000

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "concurrency": self.concurrency,
            "seconds": round(self.seconds, 3),
            "requests": self.requests,
            "errors": self.errors,
            "failures": self.failures,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items(), key=str)},
            "median_ms": round(self.percentile(50), 2),
            "p95_ms": round(self.percentile(95), 2),
            "p99_ms": round(self.percentile(99), 2),
            "requests_per_second": round(self.per_second, 1),
            "client_cpu": round(self.client_cpu, 3),
            "server_cpu": None if self.server_cpu is None else round(self.server_cpu, 3),
            "machine_cpu": None if self.machine_cpu is None else round(self.machine_cpu, 3),
            "server_cpu_ms_per_request": (
                None if self.server_ms_per_request is None else round(self.server_ms_per_request, 2)
            ),
        }


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(
    host: str,
    port: int,
    path: str,
    *,
    concurrency: int,
    warmup: float,
    duration: float,
    max_requests: int,
    timeout: float = 30.0,
    server_cpu: Callable[[], float] | None = None,
    machine_cpu: Callable[[], float] | None = None,
    requests: Callable[[], bytes] | None = None,
    ok: tuple[int, ...] = (200,),
    safe: bool | None = None,
) -> Measurement:
    """Load one URL with `concurrency` clients: `warmup` seconds unrecorded, then `duration`.

    A request is recorded when it starts inside the measured window; the run ends at the
    window's end or after `max_requests` recorded requests, whichever comes first.
    `requests`, when given, makes each request (e.g. a POST with a fresh body); unless
    `safe`, such requests are never sent twice.
    """
    request = build_request(host, port, path)
    fixed = requests is None
    safe = fixed if safe is None else safe
    budget = max(1, max_requests // concurrency)
    ready = threading.Barrier(concurrency + 1)
    stop = threading.Event()
    results: list[tuple[list[float], Counter, int, float]] = []
    lock = threading.Lock()
    window: dict[str, float] = {}

    def client() -> None:
        connection = Connection(host, port, timeout=timeout)
        latencies: list[float] = []
        statuses: Counter = Counter()
        failures = 0
        sent = 0
        last = 0.0
        clock = time.perf_counter
        ready.wait()
        begin, end = window["begin"], window["end"]
        while not stop.is_set() and len(latencies) < budget:
            started = clock()
            if started >= end:
                break
            try:
                status, _ = connection.get(request if fixed else requests(), retry=safe)
            except (OSError, ProtocolError, ValueError):
                connection.close()
                status = 0
                failures += 1
            finished = clock()
            sent += 1
            if sent % REQUESTS_PER_CONNECTION == 0:
                connection.close()
            if started >= begin:
                latencies.append(finished - started)
                statuses[status] += 1
                last = finished
        connection.close()
        with lock:
            results.append((latencies, statuses, failures, last))

    threads = [
        threading.Thread(target=client, daemon=True, name=f"client-{i}") for i in range(concurrency)
    ]
    for thread in threads:
        thread.start()
    now = time.perf_counter()
    window["begin"] = now + warmup
    window["end"] = now + warmup + duration
    ready.wait()
    # Resource usage is sampled over the measured window only.
    time.sleep(max(0.0, window["begin"] - time.perf_counter()))
    cpu_before, server_before = _cpu_seconds(), server_cpu() if server_cpu else None
    machine_before = machine_cpu() if machine_cpu else None
    wall_before = time.perf_counter()
    try:
        for thread in threads:
            thread.join(timeout=max(0.0, window["end"] - time.perf_counter()) + timeout + 5)
    finally:
        stop.set()
    wall = time.perf_counter() - wall_before
    cpu = _cpu_seconds() - cpu_before
    server = (server_cpu() - server_before) / wall if server_cpu else None
    busy = (machine_cpu() - machine_before) / wall if machine_cpu else None

    latencies: list[float] = []
    statuses: Counter = Counter()
    failures = 0
    last = window["begin"]
    for thread_latencies, thread_statuses, thread_failures, thread_last in results:
        latencies.extend(thread_latencies)
        statuses.update(thread_statuses)
        failures += thread_failures
        last = max(last, thread_last)
    return Measurement(
        path=path,
        concurrency=concurrency,
        seconds=last - window["begin"],
        latencies=latencies,
        statuses=statuses,
        failures=failures,
        client_cpu=cpu / wall if wall else 0.0,
        server_cpu=server,
        machine_cpu=busy,
        wall=wall,
        ok=ok,
    )
