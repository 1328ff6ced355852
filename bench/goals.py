"""The product's speed goals: each one a ratio of two measured figures against its limit.

Figures are the median latency (or requests/s for the throughput goals) of the
measurements `run.py` takes, keyed by name; goals that compare two dataset sizes read the
smaller size's latest result from bench/results/ (same database).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"

# Company page variants: the six entries of its menu (selectors.MENU): sort, filter.
VARIANTS: tuple[tuple[str, str], ...] = (
    ("newest", ""),
    ("helpful", ""),
    ("popular", ""),
    ("newest", "resolved"),
    ("newest", "photos"),
    ("oldest", ""),
)

DEEP_PAGES = 1.2  # goal 1: last page / first page
SCALE_PAGES = 1.3  # goal 1: at 1,000,000 / at 10,000
SMALL = 10_000
UNCACHED_SHARE = 0.20  # goal 2: company page / ok, requests/s
WARM_SHARE = 0.70
DISCUSSION = 1.5  # goal 3: 200 comments / none
SEARCH_SCALE = 1.5  # goal 4: at 1,000,000 / at 100,000
SEARCH_WORDS = 3.0  # goal 4: common word / rare word
FILING = 3.0  # goal 5: filing / company page view
UNDER_WRITES = 1.3  # goal 6: reads with 10 writes/s / without
WRITES = 10.0  # goal 6: writes a second
WRITES_KEPT = 0.9  # the share of that pace the writers must achieve for the goal to count
MEMORY_MB = 300  # goal 7


def variant_name(sort: str, filter_: str) -> str:
    return f"sort={sort}" + (f"&filter={filter_}" if filter_ else "")


@dataclass
class Goal:
    goal: str
    what: str
    figures: str
    ratio: float | None
    limit: str
    verdict: str  # PASS, FAIL, or why it could not be judged

    def as_dict(self) -> dict:
        return asdict(self)


def _judge(ratio: float | None, limit: float, *, at_least: bool = False) -> str:
    if ratio is None:
        return "n/a"
    ok = ratio >= limit if at_least else ratio <= limit
    return "PASS" if ok else "FAIL"


def reference(backend: str, complaints: int) -> tuple[dict | None, str]:
    """The latest result of a run at `complaints` on `backend`, and the file's name."""
    files = sorted(RESULTS.glob(f"*-{backend}-{complaints}.json"))
    for path in reversed(files):
        try:
            document = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        if document.get("measurements"):
            return document["measurements"], path.name
    return None, ""


def evaluate(
    m: dict[str, dict],
    *,
    backend: str,
    complaints: int,
    memory_peak: tuple[int, str],
    writers: dict,
    views: dict,
    references: dict[int, tuple[dict | None, str]] | None = None,
) -> list[Goal]:
    """Judge every goal from this run's measurements `m` (name -> figures)."""
    references = references if references is not None else {}

    def ref(size: int) -> tuple[dict | None, str]:
        if size not in references:
            references[size] = reference(backend, size)
        return references[size]

    def median(key: str, source: dict | None = None) -> float | None:
        row = (m if source is None else source).get(key)
        return None if not row else row.get("median_ms")

    def rps(key: str) -> float | None:
        row = m.get(key)
        return None if not row else row.get("requests_per_second")

    def figures(a: str, b: str, source: dict | None = None, other: dict | None = None) -> str:
        """Medians, then the server's CPU time per request (steadier on a shared machine)."""
        text = _ms(median(a, source), median(b, other))
        cpu_a = ((m if source is None else source).get(a) or {}).get("server_cpu_ms_per_request")
        cpu_b = ((m if other is None else other).get(b) or {}).get("server_cpu_ms_per_request")
        if cpu_a is not None and cpu_b is not None:
            text += f"; CPU {cpu_a:.0f} / {cpu_b:.0f} ms"
        return text

    def ratio_of(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    goals: list[Goal] = []

    # 1. Deep pages cost what the first does, for every sort and filter; and at scale.
    for sort, filter_ in VARIANTS:
        name = variant_name(sort, filter_)
        first, last = median(f"company:{name}:first"), median(f"company:{name}:last")
        pages = m.get(f"company:{name}:last", {}).get("page")
        ratio = ratio_of(last, first)
        goals.append(
            Goal(
                "1",
                f"company {name}: last page (p. {pages}) / first",
                figures(f"company:{name}:last", f"company:{name}:first"),
                ratio,
                f"≤ {DEEP_PAGES}",
                _judge(ratio, DEEP_PAGES),
            )
        )
    if complaints <= SMALL:
        goals.append(
            Goal(
                "1",
                f"company pages, last page at 1,000,000 / at {SMALL:,} complaints",
                "-",
                None,
                f"≤ {SCALE_PAGES}",
                f"n/a: {SMALL:,} is the reference",
            )
        )
    else:
        small, source = ref(SMALL)
        for sort, filter_ in VARIANTS:
            name = variant_name(sort, filter_)
            key = f"company:{name}:last"
            what = f"company {name}: last page at {complaints:,} / at {SMALL:,}"
            if small is None:
                goals.append(
                    Goal(
                        "1", what, "-", None, f"≤ {SCALE_PAGES}", f"needs a run at {SMALL:,} first"
                    )
                )
                continue
            ratio = ratio_of(median(key), median(key, small))
            goals.append(
                Goal(
                    "1",
                    what,
                    figures(key, key, other=small) + f" ({source})",
                    ratio,
                    f"≤ {SCALE_PAGES}",
                    _judge(ratio, SCALE_PAGES),
                )
            )

    # 2. The company page's throughput as a share of /-/ok's through the same server.
    for label, page, ok, limit in (
        ("uncached", "company:uncached", "ok:uncached", UNCACHED_SHARE),
        ("warm cache", "company:warm", "ok:warm", WARM_SHARE),
    ):
        ratio = ratio_of(rps(page), rps(ok))
        goals.append(
            Goal(
                "2",
                f"company page 1, {label}: requests/s / ok's",
                _rps(rps(page), rps(ok)),
                ratio,
                f"≥ {limit}",
                _judge(ratio, limit, at_least=True),
            )
        )

    # 3. A complaint with 200 comments / one with none.
    ratio = ratio_of(median("complaint:200"), median("complaint:0"))
    goals.append(
        Goal(
            "3",
            "complaint page, 200 comments / none",
            figures("complaint:200", "complaint:0"),
            ratio,
            f"≤ {DISCUSSION}",
            _judge(ratio, DISCUSSION),
        )
    )

    # 4. Search: common word / rare word; and at scale.
    ratio = ratio_of(median("search:common"), median("search:rare"))
    goals.append(
        Goal(
            "4",
            "search top 20, common word / rare word",
            figures("search:common", "search:rare"),
            ratio,
            f"≤ {SEARCH_WORDS}",
            _judge(ratio, SEARCH_WORDS),
        )
    )
    # The goal compares 1,000,000 with 100,000; a run at 100,000 compares itself with 10,000.
    smaller = 100_000 if complaints > 100_000 else SMALL
    if complaints <= SMALL:
        goals.append(
            Goal(
                "4",
                "search top 20 at 1,000,000 / at 100,000 complaints",
                "-",
                None,
                f"≤ {SEARCH_SCALE}",
                "n/a: needs a larger dataset",
            )
        )
    else:
        small, source = ref(smaller)
        for word in ("common", "rare"):
            key = f"search:{word}"
            what = f"search top 20, {word} word, at {complaints:,} / at {smaller:,}"
            if small is None:
                goals.append(
                    Goal(
                        "4",
                        what,
                        "-",
                        None,
                        f"≤ {SEARCH_SCALE}",
                        f"needs a run at {smaller:,} first",
                    )
                )
                continue
            ratio = ratio_of(median(key), median(key, small))
            goals.append(
                Goal(
                    "4",
                    what,
                    figures(key, key, other=small) + f" ({source})",
                    ratio,
                    f"≤ {SEARCH_SCALE}",
                    _judge(ratio, SEARCH_SCALE),
                )
            )

    # 5. Filing a complaint (no photos) / viewing a company page.
    ratio = ratio_of(median("filing"), median("company:uncached"))
    goals.append(
        Goal(
            "5",
            "filing through the API / company page view",
            figures("filing", "company:uncached"),
            ratio,
            f"≤ {FILING}",
            _judge(ratio, FILING),
        )
    )

    # 6. Reads under 10 writes/s / the same reads without; no write or read fails.
    for label, key in (("company page 1", "reads:company"), ("complaint page", "reads:complaint")):
        loaded, quiet = median(f"{key}:writes"), median(key)
        ratio = ratio_of(loaded, quiet)
        verdict = _judge(ratio, UNDER_WRITES)
        failed = (m.get(f"{key}:writes") or {}).get("errors", 0)
        if failed:
            verdict = f"FAIL ({failed} read errors)"
        goals.append(
            Goal(
                "6",
                f"{label} with writes / without",
                figures(f"{key}:writes", key),
                ratio,
                f"≤ {UNDER_WRITES}",
                verdict,
            )
        )
    sent, errors = writers.get("sent", 0), writers.get("errors", 0)
    pace = writers.get("per_second", 0)
    verdict = "PASS" if sent and not errors else "FAIL"
    if pace < WRITES_KEPT * WRITES:
        # The goal holds at 10 writes a second: a server that cannot take them misses it.
        verdict = f"FAIL (kept up with {pace:.1f} writes/s)"
    goals.append(
        Goal(
            "6",
            "writers: votes and comments, answers not 2xx",
            f"{sent:,} writes at {pace:.1f}/s, {errors:,} not 2xx {writers.get('statuses', {})}",
            None,
            f"0 errors, ≥ {WRITES_KEPT * WRITES:g}/s",
            verdict,
        )
    )

    # 7. Resident memory of each app server process.
    peak, where = memory_peak
    mb = peak / 2**20
    goals.append(
        Goal(
            "7",
            "largest resident memory of one server process",
            f"{mb:,.0f} MB ({where})",
            None,
            f"< {MEMORY_MB} MB",
            "PASS" if 0 < mb < MEMORY_MB else "FAIL",
        )
    )

    # 8. Counting views: not a write per view.
    goals.append(
        Goal(
            "8",
            "view counting: database writes per complaint view",
            views.get("figures", "-"),
            views.get("ratio"),
            "batched",
            views.get("verdict", "n/a"),
        )
    )
    return goals


def _ms(a: float | None, b: float | None) -> str:
    def one(x):
        return "-" if x is None else f"{x:.1f}"

    return f"{one(a)} / {one(b)} ms"


def _rps(a: float | None, b: float | None) -> str:
    def one(x):
        return "-" if x is None else f"{x:,.0f}"

    return f"{one(a)} / {one(b)} req/s"


def table(goals: list[Goal]) -> str:
    lines = [
        "| goal | what | figures | ratio | limit | verdict |",
        "| --- | --- | --- | ---: | --- | --- |",
    ]
    for goal in goals:
        ratio = "-" if goal.ratio is None else f"{goal.ratio:.2f}"
        lines.append(
            f"| {goal.goal} | {goal.what} | {goal.figures} | {ratio} | {goal.limit} "
            f"| {goal.verdict} |"
        )
    return "\n".join(lines)
