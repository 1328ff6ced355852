from __future__ import annotations


class DomainError(Exception):
    """A business rule refused an action; the message is safe to show to the person."""

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
