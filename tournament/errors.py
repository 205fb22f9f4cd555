"""Errors services raise; the web layer turns each into one HTTP status and a clear message."""

from __future__ import annotations


class ZharysError(Exception):
    """Base class: ``str(error)`` is the message a user sees."""

    status = 400


class ValidationError(ZharysError):
    """Bad input. ``errors`` lists (where, message): a row number, a field id, a form field."""

    status = 400

    def __init__(self, errors: list[tuple[str, str]], message: str | None = None):
        self.errors = [(str(where), str(msg)) for where, msg in errors]
        super().__init__(message or "; ".join(f"{w}: {m}" for w, m in self.errors))


class PermissionDenied(ZharysError):
    status = 403


class NotFound(ZharysError):
    status = 404


class Conflict(ZharysError):
    """The request is valid but the event's state does not allow it now."""

    status = 409
