"""Benchmark Redressal's public pages under gunicorn, on a generated dataset.

    .venv/bin/python bench/run.py --complaints 10000 --companies 100
    .venv/bin/python bench/run.py --complaints 1000000 --companies 10000 --keep
    .venv/bin/python bench/run.py --complaints 10000 --database postgres

Builds a scratch database (`manage.py migrate` + `manage.py generate`), serves it with gunicorn
and production settings, then loads each page in turn with concurrent keep-alive clients and
prints latency and throughput, the latter also as a share of the trivial `/-/ok` view's.
See bench/README.md and docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import json
import math
import os
import platform
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / "data"
RESULTS = BENCH / "results"
HOST = "127.0.0.1"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432"

sys.path.insert(0, str(ROOT))
from bench.load import Measurement, fetch, measure  # noqa: E402


class BenchError(Exception):
    pass


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Benchmark Redressal's pages under gunicorn on a generated dataset."
    )
    parser.add_argument("--complaints", type=int, required=True, help="dataset size")
    parser.add_argument(
        "--companies", type=int, default=None, help="companies (default: one per 100 complaints)"
    )
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help=f"server for the scratch database (default {DEFAULT_POSTGRES})",
    )
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page")
    parser.add_argument("--warmup", type=float, default=2.0, help="unrecorded seconds per page")
    parser.add_argument("--concurrency", type=int, default=4, help="concurrent clients")
    parser.add_argument("--max-requests", type=int, default=500_000, help="cap per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the dataset for the next run of the same size (it is reused if present)",
    )
    parser.add_argument(
        "--prepare",
        action="store_true",
        help="only build the dataset and keep it (implies --keep); measure in a later run",
    )
    parser.add_argument("--no-json", action="store_true", help="don't write bench/results/")
    args = parser.parse_args(argv)
    if args.companies is None:
        args.companies = max(1, args.complaints // 100)
    if args.complaints < 1 or args.companies < 1:
        parser.error("--complaints and --companies must be positive")
    if args.concurrency < 1 or args.duration <= 0:
        parser.error("--concurrency and --duration must be positive")
    args.keep = args.keep or args.prepare
    return args


# --- Environment --------------------------------------------------------------------------


def random_secret(length: int = 50) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


# A fixed, throwaway key: a kept dataset must decrypt in every later run.
BENCH_ENCRYPTION_KEY = "YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kLXVzZSE="


def server_environment(database_url: str, static_root: Path) -> dict[str, str]:
    """Production-like settings, the same for migrate, generate, collectstatic and gunicorn."""
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=random_secret(),
        ENCRYPTION_KEYS=BENCH_ENCRYPTION_KEY,
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url,
        SECURE_COOKIES="0",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="bench.settings",
        BENCH_STATIC_ROOT=str(static_root),
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    return env


def manage(env: dict[str, str], *args: str) -> float:
    """Run a manage.py command, its output shown as it goes; returns the seconds it took."""
    started = time.monotonic()
    print(f"$ manage.py {' '.join(args)}", flush=True)
    command = [sys.executable, "manage.py", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603 (fixed argv)
    if done.returncode:
        raise BenchError(f"manage.py {args[0]} failed with exit code {done.returncode}")
    return time.monotonic() - started


# --- Datasets -----------------------------------------------------------------------------


@dataclass
class Dataset:
    name: str
    url: str
    marker: Path  # written once the dataset is complete: a run with --keep reuses it
    backend: str
    postgres_url: str = ""
    path: Path | None = None

    def exists(self) -> bool:
        if not self.marker.exists():
            return False
        if self.path is not None:
            return self.path.exists()
        return self._postgres_exists()

    def remove(self) -> None:
        self.marker.unlink(missing_ok=True)
        if self.path is not None:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        else:
            self._postgres(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def create(self) -> None:
        self.remove()
        DATA.mkdir(parents=True, exist_ok=True)
        if self.path is None:
            self._postgres(f'CREATE DATABASE "{self.name}"')

    def backend_pids(self) -> set[int]:
        """PostgreSQL's server processes for this database: the server's share of the work."""
        if self.path is not None:
            return set()
        import psycopg

        with psycopg.connect(f"{self.postgres_url}/postgres", autocommit=True) as conn:
            rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.name])
            return {pid for (pid,) in rows}

    def _postgres_exists(self) -> bool:
        import psycopg

        with psycopg.connect(f"{self.postgres_url}/postgres", autocommit=True) as conn:
            row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name])
            return row.fetchone() is not None

    def _postgres(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.postgres_url}/postgres", autocommit=True) as conn:
            conn.execute(sql)


def dataset_for(args: argparse.Namespace) -> Dataset:
    size = f"{args.complaints}-{args.companies}"
    if args.database == "sqlite":
        path = DATA / f"sqlite-{size}.sqlite3"
        return Dataset(
            name=path.name,
            url=f"sqlite:///{path}",
            marker=DATA / f"sqlite-{size}.ready",
            backend="sqlite",
            path=path,
        )
    name = f"redressal_bench_{size.replace('-', '_')}"
    base = args.postgres_url.rstrip("/")
    return Dataset(
        name=name,
        url=f"{base}/{name}",
        marker=DATA / f"postgres-{name}.ready",
        backend="postgres",
        postgres_url=base,
    )


def build(dataset: Dataset, env: dict[str, str], args: argparse.Namespace) -> float:
    dataset.create()
    manage(env, "migrate", "--no-input", "-v", "0")
    seconds = manage(
        env, "generate", "--complaints", str(args.complaints), "--companies", str(args.companies)
    )
    dataset.marker.write_text(json.dumps({"built": now_iso(), "generate_seconds": seconds}))
    return seconds


# --- The server ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, env: dict[str, str], log: Path, *, workers: int, threads: int) -> None:
        self.env, self.log, self.workers, self.threads = env, log, workers, threads
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "redressal.wsgi:application",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=gthread",
            f"--threads={self.threads}",
            "--log-level=warning",
            "--graceful-timeout=10",
        ]

    def start(self, timeout: float = 60.0) -> None:
        with self.log.open("wb") as log:
            # A session of its own: a Ctrl-C meant for us doesn't kill it mid-request, and
            # stop() can reach the workers through the process group.
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed argv)
                self.command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited with code {self.process.returncode}")
            with contextlib.suppress(OSError):
                status, _ = fetch(HOST, self.port, "/-/ok", timeout=5)
                if status == 200:
                    return
            time.sleep(0.2)
        raise BenchError(f"gunicorn did not answer /-/ok within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()  # gunicorn's graceful shutdown
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def cpu_seconds(self) -> float:
        """CPU time used so far by the master and its live workers."""
        master = self.process.pid
        return processes_cpu_seconds(lambda pid, parent: master in (pid, parent))

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


# --- What to measure ----------------------------------------------------------------------


@dataclass
class Page:
    name: str
    path: str
    note: str = ""


def describe_dataset() -> tuple[list[Page], dict]:
    """Pick the URLs to load from the database, and describe the machine and dataset."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import F

    from redressal.accounts.models import User
    from redressal.companies.models import Company
    from redressal.complaints.models import Complaint
    from redressal.discussion.models import Comment

    company = (
        Company.objects.annotate(posts=F("complaints_count") + F("reviews_count"))
        .order_by("-posts", "id")
        .first()
    )
    if company is None:
        raise BenchError("the dataset has no company")
    per_page = settings.COMPLAINTS_PER_PAGE
    last = max(1, math.ceil(company.posts_count / per_page))
    # A complaint page with a discussion: the most commented of the largest company's newest
    # posts (the newest ones are what people arrive at from the company page).
    newest = Complaint.objects.published().for_company(company).order_by("-created_at", "-id")
    recent = list(newest.values_list("pk", "comments_count")[:500])
    pk = max(recent, key=lambda row: row[1], default=(None, 0))[0]
    # Only what the URL needs: the harness has no business decoding a post's other fields.
    fields = ("id", "slug", "comments_count")
    complaint = Complaint.objects.only(*fields).filter(pk=pk).first() if pk else None
    complaint = complaint or Complaint.objects.published().only(*fields).order_by("-id").first()
    if complaint is None:
        raise BenchError("the dataset has no published complaint")

    base = company.get_absolute_url()
    pages = [
        Page("ok (ceiling)", "/-/ok"),
        Page("home", "/"),
        Page("company directory", "/companies/"),
        Page("company, page 1", base, f"{company.posts_count:,} posts, {last:,} pages"),
    ]
    if last >= 75:
        pages.append(Page("company, page 75", f"{base}?page=75"))
    middle = (last + 1) // 2
    if middle > 75:
        # Offsets cost what they skip: deep pages are read from whichever end is nearer,
        # so the middle one is the dearest.
        pages.append(Page("company, middle page", f"{base}?page={middle}", f"page {middle:,}"))
    if last > 1 and last != 75:
        pages.append(Page("company, last page", f"{base}?page={last}", f"page {last:,}"))
    comments = complaint.comments_count
    pages.append(
        Page(
            "complaint",
            complaint.get_absolute_url(),
            f"{comments} comment{'' if comments == 1 else 's'}",
        )
    )

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
            name = Path(connection.settings_dict["NAME"])
            size = sum(
                Path(f"{name}{suffix}").stat().st_size
                for suffix in ("", "-wal")
                if Path(f"{name}{suffix}").exists()
            )
        else:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    info = {
        "database": version,
        "database_bytes": size,
        "companies": Company.objects.count(),
        "posts": Complaint.objects.count(),
        "published_posts": Complaint.objects.published().count(),
        "comments": Comment.objects.count(),
        "users": User.objects.count(),
        "largest_company": {"slug": company.slug, "posts": company.posts_count, "pages": last},
        "django": django.get_version(),
    }
    connection.close()
    return pages, info


def processes_cpu_seconds(select: Callable[[int, int], bool]) -> float:
    """CPU time used so far by the live processes for which select(pid, parent pid) holds."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        # fields[1] is the parent's pid; [11] and [12] are user and system time.
        if select(int(entry.name), int(fields[1])):
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy (all cores), from /proc/stat."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def code_version() -> str:
    """The commit under test, and whether the working tree differs from it."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{commit} with uncommitted changes" if dirty else commit


def machine() -> dict:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": model or platform.processor() or "unknown",
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        # Anything else running on the machine competes with the server for its cores.
        "load_average": " ".join(f"{load:.2f}" for load in os.getloadavg()),
    }


# --- Reporting ----------------------------------------------------------------------------


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def table(rows: list[tuple[Page, Measurement]]) -> str:
    ceiling = rows[0][1].per_second if rows and rows[0][1].per_second else None
    lines = [
        "| page | requests | errors | median ms | p95 ms | requests/s | vs ok "
        "| server CPU ms/req |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page, result in rows:
        ratio = f"{result.per_second / ceiling:.3f}" if ceiling else "-"
        cost = result.server_ms_per_request
        cost = "-" if cost is None else f"{cost:.1f}"
        lines.append(
            f"| {page.name} | {result.requests:,} | {result.errors:,} "
            f"| {result.percentile(50):.1f} | {result.percentile(95):.1f} "
            f"| {result.per_second:,.0f} | {ratio} | {cost} |"
        )
    return "\n".join(lines)


def report_header(info: dict, args: argparse.Namespace) -> str:
    m = info["machine"]
    size_mb = info["database_bytes"] / 1e6
    largest = info["largest_company"]
    return "\n".join(
        [
            f"Date: {info['date']}",
            f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['platform']}; "
            f"load average before the run {m['load_average']}",
            f"Software: Python {m['python']}, Django {info['django']}, {info['database']}; "
            f"code {info['code']}",
            f"Server: gunicorn, {args.workers} gthread workers, {args.threads} threads each; "
            f"load: {args.concurrency} keep-alive clients, {args.warmup:g} s warm-up + "
            f"{args.duration:g} s per page, on the same machine",
            f"Dataset: {info['posts']:,} posts ({info['published_posts']:,} published) "
            f"by {info['users']:,} users about {info['companies']:,} companies, "
            f"{info['comments']:,} comments; database {size_mb:,.0f} MB",
            f"Largest company: {largest['slug']}, {largest['posts']:,} posts, "
            f"{largest['pages']:,} pages",
        ]
    )


# --- Main ---------------------------------------------------------------------------------


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    dataset = dataset_for(args)
    scratch = Path(tempfile.mkdtemp(prefix="redressal-bench-"))
    env = server_environment(dataset.url, scratch / "static")
    built = False
    server: Gunicorn | None = None
    try:
        if dataset.exists():
            print(f"Reusing the dataset {dataset.name} (kept by an earlier run).", flush=True)
            manage(env, "migrate", "--no-input", "-v", "0")
            generate_seconds = None
        else:
            print(f"Building the dataset {dataset.name}…", flush=True)
            built = True
            generate_seconds = build(dataset, env, args)
            print(f"Generated in {generate_seconds:,.0f} s.", flush=True)
        if args.prepare:
            return 0
        manage(env, "collectstatic", "--no-input", "-v", "0")

        os.environ.update(env)
        pages, info = describe_dataset()
        info["machine"] = machine()
        info["date"] = now_iso()
        info["code"] = code_version()
        info["generate_seconds"] = generate_seconds
        # Django's objects stay put from here on: keep the collector off them while loading.
        gc.collect()
        gc.freeze()

        server = Gunicorn(env, scratch / "gunicorn.log", workers=args.workers, threads=args.threads)
        server.start()
        print(f"gunicorn is serving on http://{HOST}:{server.port}/", flush=True)
        for page in pages:
            status, size = fetch(HOST, server.port, page.path)
            if status != 200:
                raise BenchError(f"{page.path} answered {status}, not 200")
            page.note = ", ".join(filter(None, [page.note, f"{size / 1000:,.1f} kB"]))

        print()
        print(report_header(info, args), flush=True)
        print()

        def server_cpu() -> float:
            # With PostgreSQL the queries run in its own processes: count them as the
            # server's, as SQLite's work is counted inside gunicorn's workers.
            backends = dataset.backend_pids()
            database = processes_cpu_seconds(lambda pid, parent: pid in backends)
            return server.cpu_seconds() + database

        rows: list[tuple[Page, Measurement]] = []
        for page in pages:
            print(f"  {page.name:<20} {page.path} …", end=" ", flush=True)
            result = measure(
                HOST,
                server.port,
                page.path,
                concurrency=args.concurrency,
                warmup=args.warmup,
                duration=args.duration,
                max_requests=args.max_requests,
                server_cpu=server_cpu,
                machine_cpu=machine_cpu_seconds,
            )
            rows.append((page, result))
            others = result.machine_cpu - result.server_cpu - result.client_cpu
            print(
                f"{result.per_second:,.0f}/s, median {result.percentile(50):.1f} ms; cores busy:"
                f" server {result.server_cpu:.2f}, load generator {result.client_cpu:.2f},"
                f" other processes {max(0.0, others):.2f}",
                flush=True,
            )
        print()
        print(table(rows))
        print()
        for page, _ in rows:
            print(f"- {page.name}: `{page.path}`{f' ({page.note})' if page.note else ''}")
        errors = sum(result.errors for _, result in rows)
        if errors:
            print(f"\n{errors:,} responses were not 200: see the statuses in the JSON results.")
        if not args.no_json:
            write_json(args, info, rows)
        return 1 if errors else 0
    except BenchError as error:
        print(f"\nbench: {error}", file=sys.stderr)
        if server is not None and (tail := server.tail()):
            print(f"--- gunicorn log ---\n{tail}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nbench: interrupted", file=sys.stderr)
        return 130
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
        if built and not args.keep:
            dataset.remove()
        elif args.keep and dataset.exists():
            print(f"Kept the dataset {dataset.name} for the next run.", file=sys.stderr)


def write_json(args: argparse.Namespace, info: dict, rows: list[tuple[Page, Measurement]]):
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{stamp}-{args.database}-{args.complaints}.json"
    document = {
        "arguments": {k: v for k, v in vars(args).items() if k != "postgres_url"},
        "info": info,
        "pages": [
            {"name": page.name, "note": page.note, **result.as_dict()} for page, result in rows
        ],
    }
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")
    print(f"\nResults written to {path.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
