"""A small HTTP client for scripted visits: one cookie jar per person, any server, any address.

Each `Browser` is one person's browser: its cookies go to every server it talks to (cookies
belong to a host, not a port, so a session made on one app server is sent to the other), its
connections leave from an address of its own on the loopback network (127.0.0.0/8 all
reaches the servers), so per-address rate limits count people apart as they would on the
internet. Redirects are not followed: tests read `Location` themselves.
"""

from __future__ import annotations

import html as htmllib
import http.client
import json as jsonlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

HOST = "127.0.0.1"


@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names; Set-Cookie lines are read by the browser
    body: bytes
    path: str  # what was asked for

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return jsonlib.loads(self.body)

    @property
    def location(self) -> str:
        """The redirect's path (and query), without scheme and host."""
        parts = urlsplit(self.headers.get("location", ""))
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def __repr__(self) -> str:
        return f"<Response {self.status} {self.text[:200]!r}>"


@dataclass
class Browser:
    name: str
    source: str = HOST  # the address connections leave from
    cookies: dict[str, str] = field(default_factory=dict)
    timeout: float = 30.0

    def request(
        self,
        port: int,
        method: str,
        path: str,
        *,
        form: dict[str, str] | None = None,
        json: object = None,
        headers: dict[str, str] | None = None,
        cookies: bool = True,
    ) -> Response:
        """One request on a fresh connection. `cookies=False` sends none (an anonymous visit
        from the same address) and keeps none of the answer's."""
        sent = {"Host": f"{HOST}:{port}", "Accept": "text/html,*/*", "User-Agent": "systemtest"}
        body = None
        if form is not None:
            body = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        elif json is not None:
            body = jsonlib.dumps(json).encode()
            sent["Content-Type"] = "application/json"
            sent["Accept"] = "application/json"
        if cookies and self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        connection = http.client.HTTPConnection(
            HOST, port, timeout=self.timeout, source_address=(self.source, 0)
        )
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            content = answer.read()
            names = {name.lower(): value for name, value in answer.getheaders()}
            if cookies:
                for line in answer.headers.get_all("Set-Cookie") or []:
                    self._keep(line)
        finally:
            connection.close()
        return Response(answer.status, names, content, path)

    def get(self, port: int, path: str, **kwargs) -> Response:
        return self.request(port, "GET", path, **kwargs)

    def post(self, port: int, path: str, **kwargs) -> Response:
        return self.request(port, "POST", path, **kwargs)

    def submit(
        self, port: int, page: Response, fields: dict[str, str], *, action: str | None = None
    ) -> Response:
        """Fill in and post a form of `page` as a person would: its hidden inputs (CSRF
        token, honeypot, render stamp) as the page gave them, plus `fields`."""
        found = find_form(page.text, action=action, page_path=page.path)
        return self.post(port, found.action, form={**found.fields, **fields})

    def _keep(self, line: str) -> None:
        cookie = SimpleCookie()
        cookie.load(line)
        for name, morsel in cookie.items():
            expired = morsel["max-age"] in ("0", "-1") or (not morsel.value and morsel["expires"])
            if expired:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


@dataclass
class Form:
    action: str
    fields: dict[str, str]


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._current: Form | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: (value or "") for name, value in attrs}
        if tag == "form" and attrs.get("method", "get").lower() == "post":
            self._current = Form(action=attrs.get("action", ""), fields={})
            self.forms.append(self._current)
        elif tag == "input" and self._current is not None and attrs.get("name"):
            kind = attrs.get("type", "text").lower()
            if kind in ("radio", "checkbox") and "checked" not in attrs:
                return
            if kind in ("submit", "button", "file"):
                return
            self._current.fields[attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def find_form(html: str, *, action: str | None = None, page_path: str = "") -> Form:
    """The page's POST form whose action starts with `action` (the first one without); a form
    without an action posts to the page's own address."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        form.action = form.action or page_path
        if action is None or form.action.startswith(action):
            return form
    actions = [form.action for form in parser.forms]
    raise AssertionError(f"No form posting to {action!r} on the page (forms: {actions})")


def text_of(html: str) -> str:
    """The page's words without tags, one space apart, for assertions on what people read."""
    without_tags = re.sub(r"<script.*?</script>|<[^>]+>", " ", html, flags=re.DOTALL)
    return " ".join(htmllib.unescape(without_tags).split())
