"""The JSON API at /api/v1/: the same services and selectors the site's pages use."""

from __future__ import annotations

from django.http import Http404
from ninja import NinjaAPI, Router

from redressal.api import actions, auth, companies, complaints, discussion, errors, reports

DESCRIPTION = """\
Read companies, complaints and comments; file, edit and follow up on your own posts.

**Authentication.** Reads are open to everyone (and show you your own drafts when you are
authenticated). Writes need either a personal token, made on the site at `/accounts/tokens/`
and sent as `Authorization: Bearer <token>`, or the site's session cookie together with the
`X-CSRFToken` header.

**Errors** always look like `{"detail": "…", "errors": {"field": ["…"]}}`; `errors` is there
when particular fields are at fault. 400: refused by a rule; 401: not authenticated;
403: not allowed; 404: not found; 422: input that does not fit the schema; 429: too fast,
see `Retry-After`.

**Pages.** Lists are numbered pages; asking past the last gives no items, with the real
`total` and `pages`.
"""

api = NinjaAPI(
    title="Redressal API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
)
errors.install(api)
api.add_router("", auth.router)
api.add_router("", companies.router)
api.add_router("", complaints.router)
api.add_router("", actions.router)
api.add_router("", discussion.router)
api.add_router("", reports.router)
api.add_router("", "redressal.api.search.router")

# Last, so it only answers what nothing above did: unknown paths get the JSON 404 too.
fallback = Router()


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False
)
def unknown(request, rest: str):
    raise Http404("There is nothing at this address in the API.")


api.add_router("", fallback)
