"""Two app servers, one PostgreSQL database, one Redis and one task worker, as in production.

A person signs up and files a complaint on server A; another votes it helpful on server B; the
company's representative (verified by the link e-mailed to their work address) answers it
officially on B. What one process does, the others must see: sessions, the page copies each
server keeps, the search index the worker fills, the e-mails it sends, and the rate limits
counted in the shared cache. The accounts that exist before the story (the representative's,
the voter's) and the company are made directly in the database; everything else is HTTP.
"""

from __future__ import annotations

import re
import secrets
import string
import threading
import time

from systemtests.client import Browser, Response, text_of
from systemtests.harness import Server, Worker, call, server_environment, wait_for, wait_for_mail

# core.antispam refuses a form sent sooner than this after it was shown (its default).
FORM_FILL_SECONDS = 3
COMPANY = {
    "name": "Zenvo Mobiles",
    "slug": "zenvo-mobiles",
    "website": "https://www.zenvo.example",
    "industry": "phones-electronics",
}
PASSWORD = "long-enough-and-uncommon-42"  # noqa: S105 (a throwaway account's)
REPRESENTATIVE = {
    "username": "zenvo_care",
    "email": "care.lead@zenvo.example",
    "password": PASSWORD,
    "city": "Bengaluru",
    "state": "Karnataka",
    "country": "IN",
}
VOTER = {
    "username": "meera_s",
    "email": "meera@mail.example",
    "password": PASSWORD,
    "city": "Chennai",
    "state": "Tamil Nadu",
    "country": "IN",
}
COMPANY_PAGE = f"/companies/{COMPANY['slug']}/"
# A process may answer anonymous visitors by the company generation it read this long ago
# (companies.page_cache): set for the servers here, so that the test knows how long to allow.
PAGE_STAMP_SECONDS = 1
# What a busy machine adds: the requests' own time, polling.
STALE_MARGIN = 3


def test_two_servers_and_a_worker_act_as_one_site(
    tmp_path, static_root, postgres_database, redis_cache, processes
):
    cache_url, cache_prefix = redis_cache
    env = server_environment(
        database_url=postgres_database,
        folder=tmp_path,
        static_root=static_root,
        cache_url=cache_url,
        cache_prefix=cache_prefix,
    )
    mail = tmp_path / "mail"
    a = Server(env, tmp_path, name="A", workers=1, threads=4)
    b = Server(env, tmp_path, name="B", workers=1, threads=4)
    env["SITE_URL"] = a.url  # links in e-mails point to A; people follow them wherever
    env["PAGE_STAMP_SECONDS"] = str(PAGE_STAMP_SECONDS)
    worker = Worker(env, tmp_path)
    processes.extend([a, b, worker])
    call(env, "journey_cast", company=COMPANY, people=[REPRESENTATIVE, VOTER])
    _start_together(a, b)
    worker.start()
    for server in (a, b):
        assert server_get(server, "/-/health").status == 200

    # A word found in nothing else, so search answers with this complaint or nothing.
    word = "".join(secrets.choice(string.ascii_lowercase) for _ in range(12))
    title = f"Replacement phone {word} never delivered"

    # The author opens the sign-up form on A; a person takes a few seconds to fill it in.
    author = Browser("author", source="127.0.1.1")
    form_page = author.get(a.port, "/accounts/signup/")
    shown_at = time.monotonic()
    assert form_page.status == 200

    # Meanwhile: anonymous visitors get stored copies of the company page on each server.
    for server in (a, b):
        page = anonymous_company_page(server)
        assert counters(page)["Complaints"] == "0", page
    assert_stored_copies(a, b)

    # The representative logs in on B and claims the company on A (the session is shared).
    representative = Browser("representative", source="127.0.1.2")
    log_in(representative, b, REPRESENTATIVE)
    claim_page = representative.get(a.port, f"/business/claim/{COMPANY['slug']}/")
    assert claim_page.status == 200, claim_page
    claimed = representative.submit(
        a.port,
        claim_page,
        {"email": REPRESENTATIVE["email"], "title": "Customer care lead", "method": "email"},
        action=f"/business/claim/{COMPANY['slug']}/",
    )
    assert claimed.status == 302, claimed
    link = wait_for_mail(
        mail, to=REPRESENTATIVE["email"], subject="Confirm you represent Zenvo Mobiles"
    )
    confirm = representative.get(b.port, path_of(link.text, "/business/claim/verify/"))
    assert confirm.status == 200, confirm
    verified = representative.submit(b.port, confirm, {}, action="/business/claim/verify/")
    assert verified.status == 302 and verified.location.endswith("/team/"), verified

    # The author sends the sign-up form on A, and the session works on B.
    time.sleep(max(0.0, FORM_FILL_SECONDS + 0.2 - (time.monotonic() - shown_at)))
    signed_up = author.submit(
        a.port,
        form_page,
        {
            "username": "ravi_k",
            "email": "ravi@mail.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "city": "Pune",
            "state": "Maharashtra",
            "country": "IN",
        },
        action="/accounts/signup/",
    )
    assert signed_up.status == 302, text_of(signed_up.text)
    settings_page = author.get(b.port, "/accounts/settings/")
    assert settings_page.status == 200 and "/accounts/ravi_k/" in settings_page.text
    assert author.get(b.port, "/accounts/settings/", cookies=False).status == 302

    # The worker e-mails the verification link; the author follows it on B.
    verification = wait_for_mail(mail, to="ravi@mail.example", subject="Verify your e-mail address")
    verified_page = author.get(b.port, path_of(verification.text, "/accounts/verify/"))
    assert verified_page.status == 200 and "verified" in text_of(verified_page.text)

    # A personal token made on A is shown once, by the next page, wherever it is served.
    tokens_page = author.get(a.port, "/accounts/tokens/")
    made = author.submit(a.port, tokens_page, {"name": "my tracker"}, action="/accounts/tokens/")
    assert made.status == 302, made
    shown = author.get(b.port, "/accounts/tokens/")
    token = re.search(r'<code id="new-token">(rdr_[^<]+)</code>', shown.text)
    assert token, text_of(shown.text)
    api = {"Authorization": f"Bearer {token[1]}", "Idempotency-Key": f"file-{word}"}

    # The complaint is filed on A through the API; the same request again, on B, is a replay.
    complaint = {
        "company": COMPANY["slug"],
        "title": title,
        "body": "I paid for a replacement handset three weeks ago at the service centre and "
        "nobody answers when I ask where it is. The tracking page has said dispatched ever "
        "since.",
    }
    filed = author.post(a.port, "/api/v1/complaints", json=complaint, headers=api)
    assert filed.status == 201, filed
    assert filed.json()["visibility"] == "published", filed
    pk = filed.json()["id"]
    again = author.post(b.port, "/api/v1/complaints", json=complaint, headers=api)
    assert again.status == 201 and again.json()["id"] == pk, again
    assert again.headers.get("idempotent-replayed") == "true"

    # The worker tells the company, and indexes the complaint for search on every server.
    wait_for_mail(
        mail, to=REPRESENTATIVE["email"], subject=f"New complaint about Zenvo Mobiles: {title}"
    )
    for server in (a, b):
        wait_for(
            lambda server=server: (
                f"/complaints/{pk}/" in server_get(server, f"/search/?q={word}").text
            ),
            timeout=30,
            what=f"{server.name}'s /search/ to find the complaint",
        )
    hits = server_get(b, f"/api/v1/search?q={word}").json()["items"]
    assert [hit["id"] for hit in hits] == [pk]

    # Both servers' copies of the company page changed with the filing. The worker has done
    # what the filing asked of it (search found it), so the copies stored now stay until
    # something changes the company's pages.
    for server in (a, b):
        page = anonymous_company_page(server)
        assert counters(page)["Complaints"] == "1", page
        assert title in page.text
        assert "Be the first to find this helpful" in text_of(page.text)
    assert_stored_copies(a, b)

    # Another person votes it helpful on B: they see it at once, on either server. A vote
    # asks nothing of the worker, so only the generation it moved makes the servers drop the
    # copies they stored; anonymous visitors may get those for PAGE_STAMP_SECONDS more.
    voter = Browser("voter", source="127.0.1.3")
    log_in(voter, b, VOTER)
    detail = follow(voter, b, f"/complaints/{pk}/")
    voted = voter.submit(b.port, detail, {}, action=f"/complaints/{pk}/helpful/")
    assert voted.status == 302, voted
    changed_at = time.monotonic()
    for server in (a, b):
        assert "1 person found this helpful" in text_of(voter.get(server.port, COMPANY_PAGE).text)
    wait_until_shown((a, b), COMPANY_PAGE, ["1 person found this helpful"], since=changed_at)
    detail_path = f"/complaints/{pk}/{slug_of(anonymous_company_page(a), pk)}/"
    assert_stored_copies(a, b)
    assert_stored_copies(a, b, path=detail_path)

    # The representative answers officially on B; neither server keeps its copies from before.
    detail = follow(representative, b, f"/complaints/{pk}/")
    answer = "We are sorry for the wait: your replacement leaves our warehouse tomorrow."
    answered = representative.submit(
        b.port, detail, {"body": answer}, action=f"/complaints/{pk}/answer/"
    )
    assert answered.status == 302, answered
    changed_at = time.monotonic()
    wait_until_shown(
        (a, b), COMPANY_PAGE, ["1 person found this helpful", "1 Comment"], since=changed_at
    )
    wait_until_shown(
        (a, b), detail_path, [answer, "Official response from Zenvo Mobiles"], since=changed_at
    )
    for server in (a, b):
        post = server_get(server, f"/api/v1/complaints/{pk}").json()
        assert (post["status"], post["helpful_count"], post["comments_count"]) == ("answered", 1, 1)

    # The worker tells the author.
    wait_for_mail(mail, to="ravi@mail.example", subject=f"Zenvo Mobiles answered: {title}")

    # Rate limits are counted in the shared cache. New verification links for one address,
    # asked for alternately on A and B, are refused after 3 (they share password_reset's
    # budget: 3 an hour an account), not after 3 on each server.
    stranger = Browser("stranger", source="127.0.1.4")
    stranger.get(a.port, "/accounts/login/")  # a page with a form: the CSRF cookie
    for round_ in range(2):
        # Counts are kept in fixed hourly windows: asking across the hour's turn starts
        # again at zero, so such a round is done again, for another address.
        hour = time.time() // 3600
        answers = ask_for_verification_links(stranger, f"nobody{round_}@mail.example", a, b)
        if time.time() // 3600 == hour:
            break
    assert [status for _, _, status, _ in answers] == [302, 302, 302, 429, 429], answers
    assert all(int(retry or 0) > 0 for *_, status, retry in answers if status == 429), answers


# --- Helpers --------------------------------------------------------------------------------


def _start_together(*servers: Server) -> None:
    """Start the servers side by side (each takes seconds to import the project)."""
    errors = []

    def start(server):
        try:
            server.start()
        except Exception as error:  # reported below, from the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=start, args=(server,)) for server in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def server_get(server: Server, path: str) -> Response:
    return Browser("anonymous").get(server.port, path)


def anonymous_company_page(server: Server) -> Response:
    page = server_get(server, COMPANY_PAGE)
    assert page.status == 200, page
    return page


def assert_stored_copies(*servers: Server, path: str = COMPANY_PAGE) -> None:
    """Each server comes to answer `path` from a copy it stored. (The worker may move the
    company's generation on meanwhile, recomputing its numbers: then the next copy counts.)"""
    for server in servers:
        wait_for(
            lambda server=server: (
                Browser("anonymous").get(server.port, path).headers.get("x-page-cache") == "hit"
            ),
            timeout=15,
            what=f"{server.name} to answer {path} from a stored copy",
        )


def wait_until_shown(
    servers: tuple[Server, ...], path: str, words: list[str], *, since: float
) -> None:
    """Every server shows `words` on `path` to anonymous visitors by PAGE_STAMP_SECONDS after
    `since` (the moment of a change), give or take a busy machine's STALE_MARGIN."""
    deadline = since + PAGE_STAMP_SECONDS + STALE_MARGIN
    for server in servers:

        def shown(server=server):
            page = Browser("anonymous").get(server.port, path)
            return page.status == 200 and all(word in text_of(page.text) for word in words)

        wait_for(
            shown,
            timeout=max(0.0, deadline - time.monotonic()),
            what=f"{server.name} to show {words} on {path} to anonymous visitors",
        )


def slug_of(page: Response, pk: int) -> str:
    """The complaint's slug, from its link on a company page."""
    found = re.search(rf'href="/complaints/{pk}/([^/"]+)/"', page.text)
    assert found, f"No link to complaint {pk} on the page."
    return found[1]


def ask_for_verification_links(browser: Browser, email: str, a: Server, b: Server) -> list:
    """Five requests, on A, B, A, B and A: (attempt, server, status, Retry-After) of each."""
    answers = []
    for attempt, server in enumerate((a, b, a, b, a), start=1):
        sent = browser.post(
            server.port,
            "/accounts/verify/resend/",
            form={"email": email, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        )
        answers.append((attempt, server.name, sent.status, sent.headers.get("retry-after")))
    return answers


def counters(page: Response) -> dict[str, str]:
    """The company's numbers as the page shows them: {"Complaints": "1", …}."""
    block = re.search(r'<dl class="counters">(.*?)</dl>', page.text, flags=re.DOTALL)
    assert block, "The company page shows no counters."
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", block[1]))


def log_in(browser: Browser, server: Server, person: dict) -> None:
    page = browser.get(server.port, "/accounts/login/")
    done = browser.submit(
        server.port,
        page,
        {"username": person["username"], "password": person["password"]},
        action="/accounts/login/",
    )
    assert done.status == 302, text_of(done.text)


def follow(browser: Browser, server: Server, path: str, *, hops: int = 3) -> Response:
    """GET `path`, following redirects on the same server."""
    for _ in range(hops):
        page = browser.get(server.port, path)
        if page.status not in (301, 302):
            assert page.status == 200, page
            return page
        path = page.location
    raise AssertionError(f"Too many redirects from {path}")


def path_of(text: str, prefix: str) -> str:
    """The path of the link in an e-mail that starts with `prefix`."""
    found = re.search(rf"https?://[^/\s]+({re.escape(prefix)}[^\s>\"]+)", text)
    assert found, f"No link to {prefix} in:\n{text}"
    return found[1]
