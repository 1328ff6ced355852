"""One error shape for every failure: {"detail": "…", "errors": {"field": ["…"]}}.

`errors` appears when the problem is with particular fields. Statuses: 400 a business rule
refused (DomainError), 401 no or bad credentials, 403 not allowed (or CSRF), 404 unknown,
413 body too large, 422 input that does not fit the schema, 429 too fast (with Retry-After).
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from redressal.complaints.duplicates import DuplicateComplaint
from redressal.core.errors import DomainError
from redressal.core.ratelimit import RateLimited


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


def responses(*statuses: int) -> dict:
    """The error statuses an operation can answer, for its `response=` and the schema."""
    return {frozenset(statuses): ErrorOut} if statuses else {}


# Where a service's field is named differently in the API's input.
FIELD_NAMES = {"photos": "file"}

# Source and parameter name that ninja puts before the field in a validation error's location.
_SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}
_BODY_PARAMETER = "payload"


def _error(api: NinjaAPI, request, status: int, detail: str, errors=None) -> HttpResponse:
    body = {"detail": detail}
    if errors:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


def _field_of(loc) -> str:
    parts = [str(part) for part in loc]
    if parts and parts[0] in _SOURCES:
        source, parts = parts[0], parts[1:]
        if source in {"body", "form"} and parts[:1] == [_BODY_PARAMETER]:
            parts = parts[1:]
        if not parts:
            return "body" if source == "body" else source
    return ".".join(parts) or "body"


def _message(error: dict) -> str:
    if error.get("type") == "missing":
        return "This field is required."
    message = error.get("msg") or "This value is not valid."
    # pydantic prefixes a custom validator's message with "Value error, ".
    return message.removeprefix("Value error, ")


def install(api: NinjaAPI) -> None:
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        errors = None
        if exc.field:
            errors = {FIELD_NAMES.get(exc.field, exc.field): [exc.message]}
        if isinstance(exc, DuplicateComplaint):
            # Where to add an update instead.
            errors = {"duplicate_of": [str(exc.earlier.pk)]}
        status = 403 if exc.code == "forbidden" else 400
        return _error(api, request, status, exc.message, errors)

    def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
        response = _error(api, request, 429, exc.message)
        response["Retry-After"] = str(exc.retry_after)
        return response

    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_field_of(error.get("loc", ())), []).append(_message(error))
        if list(errors) == ["body"]:
            detail = "The request body is missing or is not a JSON object."
        else:
            detail = "Some values are not valid: " + ", ".join(errors) + "."
        return _error(api, request, 422, detail, errors)

    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = exc.message
        if message == "Unauthorized":
            message = "Log in, or send a personal API token as Authorization: Bearer <token>."
        response = _error(api, request, 401, message)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = exc.message
        if message == "Cannot parse request body" or message.startswith("Cannot parse request"):
            message = "The request body is not valid JSON."
        return _error(api, request, exc.status_code, message)

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        # Django's own 404s (get_object_or_404) name models; ours are written for people.
        message = str(exc) if exc.args and isinstance(exc.args[0], str) else ""
        return _error(api, request, 404, message or "Not found.")

    def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return _error(api, request, 413, "The request body is too large.")

    def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return _error(api, request, 400, "The request could not be read.")

    api.add_exception_handler(DomainError, domain_error)
    api.add_exception_handler(RateLimited, rate_limited)
    api.add_exception_handler(ValidationError, validation_error)
    api.add_exception_handler(AuthenticationError, authentication_error)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(RequestDataTooBig, too_big)
    api.add_exception_handler(SuspiciousOperation, suspicious)
