"""Errors raised by scoring: bad referee score sheets and bad season files."""

from __future__ import annotations


class ScoreSheetError(Exception):
    """A score sheet failed validation; ``errors`` lists every bad field as (field, message).

    ``constraints`` holds the ids of the violated cross-field constraints (empty when the sheet
    failed on individual fields, which are always reported first).
    """

    def __init__(
        self, errors: list[tuple[str, str]], constraints: list[str] | None = None
    ) -> None:
        self.errors = list(errors)
        self.constraints = list(constraints or [])
        super().__init__("; ".join(f"{name}: {message}" for name, message in self.errors))


class SeasonFileError(Exception):
    """A season file is unreadable or breaks the schema; says which file and which key."""

    def __init__(self, path: str, key: str, message: str) -> None:
        self.path = path
        self.key = key
        self.message = message
        where = f"{path}: {key}" if key else path
        super().__init__(f"{where}: {message}")
