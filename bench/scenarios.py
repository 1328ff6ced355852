"""What the Goals table measures: the URLs picked from the dataset, and the runs that load them.

`plan()` reads the database in the benchmark's own process (Django is set up); `measure_*`
load gunicorn through `load(server, key, path, ...)`, which records each measurement under
its key (see goals.py for the keys the goals read).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from bench.dataset import Extras
from bench.goals import VARIANTS, WRITES, variant_name
from bench.load import fetch_head
from bench.server import HOST, BenchError, Gunicorn
from bench.writers import Filings, Writers

WRITE_TARGETS = 50


@dataclass
class Plan:
    company_path: str
    variants: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (query, last)
    discussed: str = ""
    quiet: str = ""
    complaint: str = ""  # the complaint page of the main table
    complaint_id: int = 0
    search: dict[str, str] = field(default_factory=dict)  # common/rare -> word
    filing_company: str = ""
    targets: list[int] = field(default_factory=list)
    voted: set[tuple[int, int]] = field(default_factory=set)
    extras: Extras | None = None


def plan(company, complaint, extras: Extras) -> Plan:
    """The URLs and write targets of the goals, from the database."""
    from django.conf import settings
    from django.db.models import F

    from redressal.companies.models import Company
    from redressal.complaints.models import Complaint, HelpfulVote

    company.refresh_from_db()
    per_page = settings.COMPLAINTS_PER_PAGE
    result = Plan(company_path=company.get_absolute_url(), extras=extras)
    totals = {
        "": company.posts_count,
        "resolved": company.resolved_count,
        "photos": company.with_photos_count,
    }
    for sort, filter_ in VARIANTS:
        query = urlencode({k: v for k, v in (("sort", sort), ("filter", filter_)) if v})
        query = query.replace("sort=newest&", "").replace("sort=newest", "")
        last = max(1, math.ceil(totals[filter_] / per_page))
        result.variants[variant_name(sort, filter_)] = (query, last)
    result.discussed = extras.discussed.get_absolute_url()
    result.quiet = extras.quiet.get_absolute_url()
    result.complaint = complaint.get_absolute_url()
    result.complaint_id = complaint.pk
    result.search = {kind: extras.words[kind]["word"] for kind in ("common", "rare")}
    # Filings go to the second largest company: the largest one's pages keep their size.
    ranked = Company.objects.listed().annotate(posts=F("complaints_count") + F("reviews_count"))
    second = ranked.exclude(pk=company.pk).order_by("-posts", "id").first() or company
    result.filing_company = second.slug
    skip = {extras.discussed.pk, extras.quiet.pk, complaint.pk}
    result.targets = [
        pk
        for pk in Complaint.objects.published()
        .filter(company=company)
        .exclude(author_id__in=extras.users)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)[: WRITE_TARGETS + len(skip)]
        if pk not in skip
    ][:WRITE_TARGETS]
    result.voted = set(
        HelpfulVote.objects.filter(
            user_id__in=extras.users, complaint_id__in=result.targets
        ).values_list("user_id", "complaint_id")
    )
    return result


def last_page_path(server: Gunicorn, base: str, query: str, computed: int) -> tuple[str, int]:
    """The last page's URL: where the site redirects a page past the end."""
    probe = f"{base}?{query + '&' if query else ''}page=999999999"
    status, _, headers = fetch_head(HOST, server.port, probe)
    if status in (301, 302) and (location := headers.get("location")):
        target = urlsplit(location)
        path = target.path + (f"?{target.query}" if target.query else "")
        page = 1
        for part in target.query.split("&"):
            if part.startswith("page="):
                page = int(part[5:])
        return path, page
    if status == 200:
        raise BenchError(f"{probe} answered 200: expected a redirect to the last page")
    # No redirect: fall back on the counters.
    suffix = f"{query}&page={computed}" if query else f"page={computed}"
    return f"{base}?{suffix}", computed


Load = Callable[..., dict]


def measure_reads(load: Load, server: Gunicorn, p: Plan) -> None:
    """Goals 1, 3 and 4: company pages by sort and filter, complaint pages, search."""
    for name, (query, computed) in p.variants.items():
        first = p.company_path + (f"?{query}" if query else "")
        last, page = last_page_path(server, p.company_path, query, computed)
        load(server, f"company:{name}:first", first)
        load(server, f"company:{name}:last", last, page=page)
    load(server, "complaint:200", p.discussed)
    load(server, "complaint:0", p.quiet)
    for kind, word in p.search.items():
        load(server, f"search:{kind}", f"/search/?{urlencode({'q': word})}")


def measure_under_writes(load: Load, server: Gunicorn, p: Plan) -> dict:
    """Goal 6: the same reads without, then with, votes and comments at 10 a second."""
    extras = p.extras
    writers = Writers(
        HOST,
        server.port,
        tokens=extras.tokens,
        users=extras.users,
        targets=p.targets,
        voted=p.voted,
        rate=WRITES,
    )
    for label, path in (("company", p.company_path), ("complaint", p.complaint)):
        load(server, f"reads:{label}", path)
        writers.start()
        try:
            load(server, f"reads:{label}:writes", path)
        finally:
            writers.stop()
    return writers.as_dict()


def measure_filings(load: Load, server: Gunicorn, p: Plan) -> dict:
    """Goal 5: complaints filed through the API, each by the next bench account."""
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from redressal.complaints.models import Complaint

    started = timezone.now()
    filings = Filings(HOST, server.port, p.extras.tokens, p.filing_company)
    row = load(server, "filing", "/api/v1/complaints", requests=filings, ok=(201,))
    # Held ones (the spam checks) would cost what published ones do, but should be none.
    filed = Complaint.objects.filter(
        company__slug=p.filing_company, author_id__in=p.extras.users, created_at__gte=started
    )
    visibility = dict(
        filed.values_list("visibility").annotate(n=Count("id")).values_list("visibility", "n")
    )
    connection.close()
    return {"company": p.filing_company, "made": filings.made, "visibility": visibility, **row}
