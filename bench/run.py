"""Benchmark Redressal's public pages under gunicorn, on a generated dataset.

    .venv/bin/python bench/run.py --complaints 10000 --companies 100
    .venv/bin/python bench/run.py --complaints 1000000 --companies 10000 --keep
    .venv/bin/python bench/run.py --complaints 10000 --database postgres

Builds a scratch database (`manage.py migrate` + `manage.py generate`), serves it with gunicorn
and production settings, then loads each page in turn with concurrent keep-alive clients and
prints latency and throughput, the latter also as a share of the trivial `/-/ok` view's.
Then measures the product's speed goals and prints PASS or FAIL for each (goals.py).
See bench/README.md and docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import itertools
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
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"

sys.path.insert(0, str(ROOT))
from bench import goals as goal_table  # noqa: E402
from bench import scenarios  # noqa: E402
from bench.dataset import Dataset, dataset_for, prepare_extras  # noqa: E402
from bench.load import Measurement, build_request, fetch, measure  # noqa: E402
from bench.server import (  # noqa: E402
    HOST,
    BenchError,
    Gunicorn,
    MemorySampler,
    machine_cpu_seconds,
    processes_cpu_seconds,
)


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
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1),
        help="gunicorn workers (default 2 per core, as docs/deploy.md recommends)",
    )
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
    parser.add_argument(
        "--goal-duration",
        type=float,
        default=5.0,
        help="seconds per measurement of the Goals table (after --warmup)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
        help=f"the cache the servers share (default {DEFAULT_REDIS}); memory if unreachable",
    )
    parser.add_argument("--no-goals", action="store_true", help="only the pages' table")
    parser.add_argument("--no-json", action="store_true", help="don't write bench/results/")
    args = parser.parse_args(argv)
    if args.companies is None:
        args.companies = max(1, args.complaints // 100)
    if args.complaints < 1 or args.companies < 1:
        parser.error("--complaints and --companies must be positive")
    if args.concurrency < 1 or args.duration <= 0 or args.goal_duration <= 0:
        parser.error("--concurrency, --duration and --goal-duration must be positive")
    args.keep = args.keep or args.prepare
    return args


# --- Environment --------------------------------------------------------------------------


def random_secret(length: int = 50) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


# A fixed, throwaway key: a kept dataset must decrypt in every later run.
BENCH_ENCRYPTION_KEY = "YmVuY2gtb25seS1rZXktbm90LWZvci1wcm9kLXVzZSE="


def server_environment(database_url: str, static_root: Path, cache_url: str) -> dict[str, str]:
    """Production-like settings, the same for migrate, generate, collectstatic and gunicorn."""
    env = dict(os.environ)
    env.update(
        CACHE_URL=cache_url,
        # This run's own cache entries: nothing another run (or dataset) left is read.
        BENCH_CACHE_PREFIX=f"bench-{secrets.token_hex(4)}",
        COMPANY_PAGE_CACHE="0",
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


def reachable_redis(url: str) -> bool:
    """Whether a Redis server answers PING at `url` (redis://host:port/db)."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def build(dataset: Dataset, env: dict[str, str], args: argparse.Namespace) -> float:
    dataset.create()
    manage(env, "migrate", "--no-input", "-v", "0")
    seconds = manage(
        env, "generate", "--complaints", str(args.complaints), "--companies", str(args.companies)
    )
    dataset.marker.write_text(json.dumps({"built": now_iso(), "generate_seconds": seconds}))
    return seconds


# --- What to measure ----------------------------------------------------------------------


@dataclass
class Page:
    name: str
    path: str
    note: str = ""


def describe_dataset():
    """Pick the URLs to load from the database, and describe the dataset.

    Returns the pages, the description, the largest company and the complaint shown.
    """
    from django import get_version
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
    newest = (
        Complaint.objects.published()
        .filter(company=company)
        .exclude(author__username__startswith="bench-")  # the benchmark's own posts
        .order_by("-created_at", "-id")
    )
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
        "django": get_version(),
    }
    connection.close()
    return pages, info, company, complaint


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
    cache_url = args.redis_url
    if not reachable_redis(cache_url):
        print(
            f"WARNING: no Redis at {cache_url}: each gunicorn worker gets its own in-memory"
            " cache, so the page cache and rate limits are not shared between workers.",
            flush=True,
        )
        cache_url = ""
    env = server_environment(dataset.url, scratch / "static", cache_url)
    built = False
    servers: list[Gunicorn] = []
    memory = MemorySampler()
    try:
        if dataset.exists():
            print(f"Reusing the dataset {dataset.name} (kept by an earlier run).", flush=True)
            manage(env, "migrate", "--no-input", "-v", "0")
            dataset.vacuum(lambda text: print(text, flush=True))
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
        import django

        django.setup()
        plan = None
        if not args.no_goals:
            from django.db.models import F

            from redressal.companies.models import Company

            largest = (
                Company.objects.annotate(posts=F("complaints_count") + F("reviews_count"))
                .order_by("-posts", "id")
                .first()
            )
            if largest is None:
                raise BenchError("the dataset has no company")
            extras = prepare_extras(dataset, largest)
        pages, info, company, complaint = describe_dataset()
        if not args.no_goals:
            plan = scenarios.plan(company, complaint, extras)
            info["goal_dataset"] = {
                "search_words": extras.words,
                "discussed": plan.discussed,
                "quiet": plan.quiet,
                "filing_company": plan.filing_company,
                "bench_accounts": len(extras.users),
                "prepared_seconds": round(extras.seconds, 1),
            }
        info["machine"] = machine()
        info["date"] = now_iso()
        info["code"] = code_version()
        info["generate_seconds"] = generate_seconds
        info["cache"] = "redis" if cache_url else "memory (per worker)"
        from django.db import connection

        connection.close()
        # Django's objects stay put from here on: keep the collector off them while loading.
        gc.collect()
        gc.freeze()

        def start(name: str, **extra: str) -> Gunicorn:
            server = Gunicorn(
                {**env, **extra},
                scratch / f"gunicorn-{name}.log",
                workers=args.workers,
                threads=args.threads,
                name=name,
            )
            servers.append(server)
            server.start()
            memory.watch(server)
            print(f"gunicorn ({name}) is serving on http://{HOST}:{server.port}/", flush=True)
            return server

        server = start("uncached", COMPANY_PAGE_CACHE="0")
        memory.start()
        for page in pages:
            status, size = fetch(HOST, server.port, page.path)
            if status != 200:
                raise BenchError(f"{page.path} answered {status}, not 200")
            page.note = ", ".join(filter(None, [page.note, f"{size / 1000:,.1f} kB"]))

        print()
        print(report_header(info, args), flush=True)
        print()

        def load(target: Gunicorn, path: str, *, duration: float, label: str, **options):
            def server_cpu() -> float:
                # With PostgreSQL the queries run in its own processes: count them as the
                # server's, as SQLite's work is counted inside gunicorn's workers.
                backends = dataset.backend_pids()
                database = processes_cpu_seconds(lambda pid, parent: pid in backends)
                return target.cpu_seconds() + database

            memory.phase = label
            print(f"  {label:<28} {path} …", end=" ", flush=True)
            result = measure(
                HOST,
                target.port,
                path,
                concurrency=args.concurrency,
                warmup=args.warmup,
                duration=duration,
                max_requests=args.max_requests,
                server_cpu=server_cpu,
                machine_cpu=machine_cpu_seconds,
                **options,
            )
            others = result.machine_cpu - result.server_cpu - result.client_cpu
            print(
                f"{result.per_second:,.0f}/s, median {result.percentile(50):.1f} ms"
                f"{f', {result.errors} errors' if result.errors else ''}; cores busy:"
                f" server {result.server_cpu:.2f}, load generator {result.client_cpu:.2f},"
                f" other processes {max(0.0, others):.2f}",
                flush=True,
            )
            return result

        rows: list[tuple[Page, Measurement]] = []
        for page in pages:
            rows.append((page, load(server, page.path, duration=args.duration, label=page.name)))
        print()
        print(table(rows))
        print()
        for page, _ in rows:
            print(f"- {page.name}: `{page.path}`{f' ({page.note})' if page.note else ''}")
        errors = sum(result.errors for _, result in rows)

        report = {}
        if plan is not None:
            report = measure_goals(args, plan, rows, server, start, load, memory, dataset)
            errors += report["errors"]
        memory.stop()
        memory.sample()
        if report:
            goals = goal_table.evaluate(
                report["measurements"],
                backend=args.database,
                complaints=args.complaints,
                memory_peak=memory.peak(),
                writers=report["writers"],
                views=report["views"],
            )
            report["goals"] = [goal.as_dict() for goal in goals]
            print("\nGoals\n")
            print(goal_table.table(goals))
            words = info["goal_dataset"]["search_words"]
            common, rare = words["common"], words["rare"]
            print(
                f"\nSearch words: common {common['word']!r} in {common['complaints']:,} of"
                f" {words['published']:,} published complaints;"
                f" rare {rare['word']!r} in {rare['complaints']:,}."
            )
            filing = report["filing"]
            print(
                f"Filings: {filing['made']:,} complaints filed about {filing['company']}"
                f" (with the warm-up's), {filing['visibility']}; measured ones answered"
                f" {filing['statuses']}."
            )
        if errors:
            print(f"\n{errors:,} responses were not 200: see the statuses in the JSON results.")
        if not args.no_json:
            write_json(args, info, rows, report, memory)
        return 1 if errors else 0
    except BenchError as error:
        print(f"\nbench: {error}", file=sys.stderr)
        for server in servers:
            if tail := server.tail():
                print(f"--- gunicorn ({server.name}) log ---\n{tail}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nbench: interrupted", file=sys.stderr)
        return 130
    finally:
        memory.stop()
        for server in servers:
            server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
        if built and not args.keep:
            dataset.remove()
        elif args.keep and dataset.exists():
            print(f"Kept the dataset {dataset.name} for the next run.", file=sys.stderr)


def measure_goals(args, plan, rows, server, start, load, memory, dataset) -> dict:
    """The Goals table's measurements, on the uncached server then on one with the cache on."""
    measurements: dict[str, dict] = {}
    errors = 0

    def record(target: Gunicorn, key: str, path: str, *, page: int | None = None, **options):
        nonlocal errors
        result = load(target, path, duration=args.goal_duration, label=key, **options)
        errors += result.errors
        measurements[key] = {**result.as_dict(), **({"page": page} if page else {})}
        return measurements[key]

    by_name = {page.name: result for page, result in rows}
    measurements["ok:uncached"] = by_name["ok (ceiling)"].as_dict()
    measurements["company:uncached"] = by_name["company, page 1"].as_dict()
    print("\nGoals, without the page cache:")
    scenarios.measure_reads(record, server, plan)
    views = count_views(record, server, plan, dataset)
    writers = scenarios.measure_under_writes(record, server, plan)
    filing = scenarios.measure_filings(record, server, plan)
    errors += writers["errors"]
    server.stop()

    print("\nGoals, with the page cache on:")
    warm = start("cached", COMPANY_PAGE_CACHE="1")
    record(warm, "ok:warm", "/-/ok")
    record(warm, "company:warm", plan.company_path)
    _, _, headers = scenarios.fetch_head(HOST, warm.port, plan.company_path)
    cache_header = headers.get("x-page-cache", "none")
    measurements["company:warm"]["x_page_cache"] = cache_header
    if cache_header != "hit":
        print(f"WARNING: the company page answered X-Page-Cache: {cache_header}, not hit")
    warm.stop()
    return {
        "measurements": measurements,
        "writers": writers,
        "filing": filing,
        "views": views,
        "errors": errors,
    }


def count_views(record, server: Gunicorn, plan, dataset) -> dict:
    """Goal 8: how many database writes counting the complaint page's views takes."""
    from django.conf import settings
    from django.db import connection

    from redressal.complaints.models import Complaint

    def views() -> int:
        return Complaint.objects.filter(pk=plan.complaint_id).values_list("views_count", flat=True)[
            0
        ]

    def updates() -> int | None:
        if dataset.backend != "postgres":
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'complaints_complaint'"
            )
            return cursor.fetchone()[0]

    # The site counts a visitor (address and browser) once per half hour: here every request
    # is a new visitor, so that every one of them is a view to count.
    visitors = itertools.count()

    def visit() -> bytes:
        agent = f"redressal-bench-visitor/{next(visitors)}"
        return build_request(HOST, server.port, plan.complaint, user_agent=agent)

    before, updated = views(), updates()
    connection.close()  # our own backend is no part of the server's CPU time
    row = record(server, "complaint:views", plan.complaint, requests=visit, safe=True)
    time.sleep(1.5)  # PostgreSQL publishes its statistics at most once a second
    counted, updated = views() - before, (None if updated is None else updates() - updated)
    connection.close()
    batch, seconds = settings.VIEW_COUNT_BATCH, settings.VIEW_COUNT_SECONDS
    if updated is None:
        return {
            "figures": f"{counted:,} of {next(visitors):,} visitors' views written so far"
            f" (batches of {batch} or every {seconds} s per process); SQLite cannot count"
            " the writes",
            "ratio": None,
            "verdict": "note",
            "views_counted": counted,
        }
    ratio = updated / max(1, counted)
    return {
        "figures": f"{updated:,} row updates of complaints for {counted:,} views written"
        f" ({next(visitors):,} visitors)",
        "ratio": ratio,
        "verdict": ("PASS" if ratio < 0.1 else "FAIL") if counted else "n/a: no batch written",
        "views_counted": counted,
        "row_updates": updated,
        "served": row["requests"],
    }


def write_json(args, info: dict, rows: list[tuple[Page, Measurement]], report: dict, memory):
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = RESULTS / f"{stamp}-{args.database}-{args.complaints}.json"
    document = {
        "arguments": {
            k: v for k, v in vars(args).items() if k not in ("postgres_url", "redis_url")
        },
        "info": info,
        "pages": [
            {"name": page.name, "note": page.note, **result.as_dict()} for page, result in rows
        ],
        **report,
        "memory": memory.as_dict(),
    }
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")
    print(f"\nResults written to {path.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupt)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
