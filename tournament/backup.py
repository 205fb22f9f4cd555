"""Whole-event backup and restore: every table to one file and back, on any backend.

The file is gzip-compressed UTF-8 JSON::

    {"format": "zharys-backup", "version": 1, "schema": "<Alembic revision>",
     "created_at": "<ISO time, UTC>",
     "tables": {"<table>": {"columns": ["id", ...], "rows": [[...], ...]}, ...},
     "sha256": "<hex digest of the canonical JSON of tables>"}

Canonical JSON is ``json.dumps(tables, sort_keys=True, separators=(",", ":"),
ensure_ascii=False)`` encoded as UTF-8. Values follow the column's type: integers, floats
(non-finite ones as the strings "nan", "inf", "-inf", which JSON cannot hold), booleans,
strings, date-times as ISO strings, JSON columns as they are, and null. Rows are sorted by
primary key, so two dumps of the same data differ only in ``created_at``.

A restore checks the whole file first (``read``) and then replaces every row in one
transaction: a bad file or a failed insert leaves the database as it was.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import zlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    Float,
    Integer,
    String,
    Table,
    UniqueConstraint,
    func,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

from tournament.db import Database, alembic_config
from tournament.errors import ValidationError
from tournament.models import Base

FORMAT = "zharys-backup"
VERSION = 1
BATCH = 1000  # rows per executemany insert
MAX_PROBLEMS = 20  # a file with more problems than this is reported in part

Progress = Callable[[int, int], None]  # progress(done, total), counted in tables


class BackupError(ValidationError):
    """A backup file that cannot be restored; ``errors`` lists (where, message)."""


# -- revisions -----------------------------------------------------------------------------
@cache
def head_revision() -> str:
    """The Alembic revision this code's migrations end at (the schema a backup must match)."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return ",".join(sorted(heads))


def database_revision(conn: Connection) -> str | None:
    """The Alembic revision the connected database is at (None when never migrated)."""
    from alembic.migration import MigrationContext

    heads = MigrationContext.configure(conn).get_current_heads()
    return ",".join(sorted(heads)) or None


# -- values by column type -----------------------------------------------------------------
def _kind(column: Column) -> str:
    t = column.type
    # Text is a String and BigInteger an Integer: the more specific checks come first.
    if isinstance(t, Boolean):
        return "bool"
    if isinstance(t, BigInteger):
        return "bigint"
    if isinstance(t, Integer):
        return "int"
    if isinstance(t, Float):
        return "float"
    if isinstance(t, DateTime):
        return "datetime"
    if isinstance(t, JSON):
        return "json"
    if isinstance(t, String):
        return "str"
    raise TypeError(f"backup: column {column.table.name}.{column.name} has a type "
                    f"({t!r}) the backup format does not know")


_INT_RANGE = {"int": (-(2**31), 2**31 - 1), "bigint": (-(2**63), 2**63 - 1)}
_NON_FINITE = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def _to_json(kind: str, value: Any) -> Any:
    """A database value as the file stores it."""
    if value is None or kind == "json":
        return value
    if kind == "datetime":
        return value.isoformat()
    if kind == "float":
        value = float(value)
        if not math.isfinite(value):
            return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
        return value
    if kind in ("int", "bigint"):
        return int(value)
    if kind == "bool":
        return bool(value)
    return value


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"


def _converter(column: Column) -> Callable[[Any], Any]:
    """A function from a file value to the database value; raises ValueError with the
    message a user sees."""
    kind = _kind(column)
    length = getattr(column.type, "length", None) if kind == "str" else None
    aware = bool(getattr(column.type, "timezone", False))

    if kind == "json":
        return lambda v: v
    if kind in ("int", "bigint"):
        low, high = _INT_RANGE[kind]

        def integer(v: Any) -> int:
            if type(v) is not int:
                raise ValueError(f"expected an integer, got {_shown(v)}")
            if not low <= v <= high:
                raise ValueError(f"{v} is out of range for this column ({low}…{high})")
            return v
        return integer
    if kind == "float":
        def number(v: Any) -> float:
            if type(v) in (int, float):
                return float(v)
            if isinstance(v, str) and v in _NON_FINITE:
                return _NON_FINITE[v]
            raise ValueError(f"expected a number, got {_shown(v)}")
        return number
    if kind == "bool":
        def boolean(v: Any) -> bool:
            if type(v) is not bool:
                raise ValueError(f"expected true or false, got {_shown(v)}")
            return v
        return boolean
    if kind == "datetime":
        def moment(v: Any) -> datetime:
            if not isinstance(v, str):
                raise ValueError(f"expected a date and time (ISO text), got {_shown(v)}")
            try:
                parsed = datetime.fromisoformat(v)
            except ValueError:
                raise ValueError(f"expected a date and time (ISO text), got {_shown(v)}") from None
            if parsed.tzinfo is not None and not aware:
                raise ValueError(f"expected a date and time without a time zone, got {_shown(v)}")
            return parsed
        return moment

    def string(v: Any) -> str:
        if not isinstance(v, str):
            raise ValueError(f"expected text, got {_shown(v)}")
        if length is not None and len(v) > length:
            raise ValueError(f"text of {len(v)} characters is longer than the limit of {length}")
        if "\x00" in v:
            raise ValueError("text contains a NUL character, which PostgreSQL cannot store")
        return v
    return string


def _canonical(tables: Any) -> bytes:
    return json.dumps(tables, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def checksum(tables: Any) -> str:
    """The ``sha256`` a file carries for its ``tables``."""
    return hashlib.sha256(_canonical(tables)).hexdigest()


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)  # parents before children


# -- dump ----------------------------------------------------------------------------------
def dump(db: Database, *, progress: Progress | None = None) -> bytes:
    """Every row of every table as one gzip-compressed JSON document."""
    tables = _tables()
    out: dict[str, Any] = {}
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # pysqlite does not open a transaction for reads: without one, a score committed
            # while we read could land in one table and not another.
            conn.exec_driver_sql("BEGIN")
        elif conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        try:
            schema = database_revision(conn)
            if schema is None:
                raise BackupError([("database", "the database has no schema revision: "
                                                "it was never migrated")])
            for done, table in enumerate(tables, 1):
                columns = list(table.columns)
                kinds = [_kind(c) for c in columns]
                order = list(table.primary_key.columns) or columns
                rows = conn.execute(select(*columns).order_by(*order))
                out[table.name] = {
                    "columns": [c.name for c in columns],
                    "rows": [[_to_json(k, v) for k, v in zip(kinds, row, strict=True)]
                             for row in rows],
                }
                if progress:
                    progress(done, len(tables))
        finally:
            conn.rollback()
    document = {
        "format": FORMAT,
        "version": VERSION,
        "schema": schema,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": out,
        "sha256": checksum(out),
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)


# -- read and check ------------------------------------------------------------------------
class _Problems:
    """Collects (where, message) up to MAX_PROBLEMS, counting the rest."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []
        self.more = 0

    def add(self, where: str, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append((where, message))
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if not self.items:
            return
        items = list(self.items)
        if self.more:
            items.append(("file", f"and {self.more} more problem(s) not listed"))
        raise BackupError(items, "this is not a backup Zharys can restore: "
                                 + "; ".join(f"{w}: {m}" for w, m in items))


def _parse(data: bytes) -> Any:
    if not isinstance(data, bytes | bytearray | memoryview):
        raise BackupError([("file", f"expected the file's bytes, got {type(data).__name__}")])
    data = bytes(data)
    if not data.strip():
        raise BackupError([("file", "the file is empty")])
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as exc:
            raise BackupError([("file", f"the gzip data is truncated or damaged ({exc})")]) \
                from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BackupError([("file", "not a Zharys backup: neither gzip nor UTF-8 JSON "
                                    f"(byte {exc.start} is not UTF-8)")]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos == len(text) - len(text.lstrip()):  # not even the start is JSON
            raise BackupError([("file", "not a Zharys backup: neither gzip nor JSON")]) \
                from None
        # A backup ends with its closing brace; without it the file was cut short.
        cut = exc.pos >= len(text.rstrip()) or not text.rstrip().endswith("}")
        why = "the JSON ends too early: the file is truncated" if cut else exc.msg
        raise BackupError([("file", f"not valid JSON at line {exc.lineno}, column {exc.colno}: "
                                    f"{why}")]) from None


def _check_header(doc: Any) -> None:
    if not isinstance(doc, dict):
        raise BackupError([("file", "not a Zharys backup: the JSON is not an object")])
    problems = _Problems()
    if doc.get("format") != FORMAT:
        problems.add("format", f"expected {FORMAT!r}, got {_shown(doc.get('format'))}: "
                               "this is not a Zharys backup")
        problems.raise_if_any()
    version = doc.get("version")
    if type(version) is not int:
        problems.add("version", f"expected a whole number, got {_shown(version)}")
    elif version > VERSION:
        problems.add("version", f"the file is format version {version}, newer than this "
                                f"Zharys reads ({VERSION}): update Zharys to restore it")
    elif version != VERSION:
        problems.add("version", f"format version {version} is not supported (expected "
                                f"{VERSION})")
    problems.raise_if_any()
    head = head_revision()
    if doc.get("schema") != head:
        problems.add("schema", f"the backup was taken from a database at schema revision "
                               f"{_shown(doc.get('schema'))}, but this Zharys is at revision "
                               f"{head!r}: restore it with the Zharys version that made it")
    if not isinstance(doc.get("created_at"), str):
        problems.add("created_at", f"expected an ISO time, got {_shown(doc.get('created_at'))}")
    tables = doc.get("tables")
    if not isinstance(tables, dict):
        problems.add("tables", f"expected an object of tables, got {_shown(tables)}")
    problems.raise_if_any()
    if doc.get("sha256") != checksum(tables):
        problems.add("sha256", "checksum mismatch: the tables were changed or damaged after "
                               "the backup was made")
    problems.raise_if_any()


def _check_tables(tables: dict[str, Any], problems: _Problems) -> dict[str, list[dict]]:
    """Each table's rows as dicts of database values; problems for what does not fit."""
    known = {t.name: t for t in _tables()}
    for name in tables:
        if name not in known:
            problems.add(str(name), "unknown table: this Zharys has no such table")
    rows_of: dict[str, list[dict]] = {}
    for name, table in known.items():
        entry = tables.get(name)
        if entry is None:
            problems.add(name, "the table is missing from the file")
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("columns"), list) \
                or not isinstance(entry.get("rows"), list):
            problems.add(name, "expected {\"columns\": [...], \"rows\": [...]}")
            continue
        columns = entry["columns"]
        expected = [c.name for c in table.columns]
        bad = False
        for c in expected:
            if c not in columns:
                problems.add(name, f"column {c} is missing")
                bad = True
        for c in columns:
            if c not in expected:
                problems.add(name, f"unknown column {_shown(c)}")
                bad = True
        if len(set(map(str, columns))) != len(columns):
            problems.add(name, "a column is listed twice")
            bad = True
        if bad:
            continue
        # A JSON column holds the JSON value null even when it is NOT NULL.
        converters = [(c, _converter(table.c[c]),
                       table.c[c].nullable or _kind(table.c[c]) == "json") for c in columns]
        rows: list[dict] = []
        for number, raw in enumerate(entry["rows"], 1):
            if not isinstance(raw, list) or len(raw) != len(columns):
                problems.add(f"{name} row {number}",
                             f"expected a list of {len(columns)} values, got {_shown(raw)}")
                continue
            row: dict[str, Any] = {}
            for (column, convert, nullable), value in zip(converters, raw, strict=True):
                if value is None:
                    if not nullable:
                        problems.add(f"{name} row {number}, column {column}",
                                     "must not be null")
                    row[column] = None
                    continue
                try:
                    row[column] = convert(value)
                except ValueError as exc:
                    problems.add(f"{name} row {number}, column {column}", str(exc))
            rows.append(row)
        rows_of[name] = rows
    if not problems:
        _check_keys(rows_of, known, problems)
    return rows_of


def _check_keys(rows_of: dict[str, list[dict]], known: dict[str, Table],
                problems: _Problems) -> None:
    """Primary keys and unique columns unique; every foreign key pointing at a row."""
    for name, table in known.items():
        rows = rows_of[name]
        keys = [[c.name for c in table.primary_key.columns]]
        keys += [[c.name for c in u.columns] for u in table.constraints
                 if isinstance(u, UniqueConstraint)]
        keys += [[c.name for c in i.columns] for i in table.indexes if i.unique]
        keys += [[c.name] for c in table.columns if c.unique]
        seen_keys: set[tuple[str, ...]] = set()
        for primary, names in enumerate(keys):
            if tuple(names) in seen_keys:
                continue
            seen_keys.add(tuple(names))
            seen: dict[tuple, int] = {}
            for number, row in enumerate(rows, 1):
                value = tuple(row[n] for n in names)
                if primary and None in value:  # NULLs never clash in a unique constraint
                    continue
                if value in seen:
                    shown = ", ".join(f"{n} {_shown(v)}" for n, v in zip(names, value,
                                                                        strict=True))
                    what = "primary key" if primary == 0 else "unique"
                    problems.add(f"{name} row {number}",
                                 f"duplicate {what} {shown} (also row {seen[value]})")
                else:
                    seen[value] = number
    targets: dict[tuple[str, str], set] = {}
    for name, table in known.items():
        for fk in table.foreign_keys:
            column = fk.parent.name
            target = (fk.column.table.name, fk.column.name)
            if target not in targets:
                targets[target] = {r[target[1]] for r in rows_of[target[0]]}
            present = targets[target]
            for number, row in enumerate(rows_of[name], 1):
                value = row[column]
                if value is not None and value not in present:
                    problems.add(f"{name} row {number}, column {column}",
                                 f"no {target[0]} row has {target[1]} {_shown(value)}")


def read(data: bytes) -> dict[str, Any]:
    """Parse and check a backup without touching any database.

    Returns ``{"schema", "created_at", "version", "counts": {table: rows},
    "tables": {table: [row dicts with database values]}}``; raises ``BackupError`` naming
    each problem's table, row (counted from 1) and column.
    """
    doc = _parse(data)
    _check_header(doc)
    problems = _Problems()
    rows_of = _check_tables(doc["tables"], problems)
    problems.raise_if_any()
    return {
        "schema": doc["schema"],
        "created_at": doc["created_at"],
        "version": doc["version"],
        "counts": {name: len(rows) for name, rows in rows_of.items()},
        "tables": rows_of,
    }


# -- restore -------------------------------------------------------------------------------
def _batches(rows: list[dict], size: int) -> Iterable[list[dict]]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def restore(db: Database, data: bytes, *, progress: Progress | None = None) -> dict[str, Any]:
    """Replace everything in ``db`` with the backup's rows, all or nothing.

    Returns ``{"tables": {table: rows}, "created_at": ...}``. The caller makes sure no
    match is running and drops its caches afterwards.
    """
    backup = read(data)
    tables = _tables()
    total = 2 * len(tables)
    current = None
    try:
        with db.engine.begin() as conn:
            revision = database_revision(conn)
            if revision != head_revision():
                raise BackupError([("database", f"the database is at schema revision "
                                                f"{revision!r}, not {head_revision()!r}: "
                                                "migrate it before restoring")])
            for done, table in enumerate(reversed(tables), 1):  # children first
                current = table.name
                conn.execute(table.delete())
                if progress:
                    progress(done, total)
            for done, table in enumerate(tables, len(tables) + 1):  # parents first
                current = table.name
                for batch in _batches(backup["tables"][table.name], BATCH):
                    conn.execute(table.insert(), batch)
                if progress:
                    progress(done, total)
            current = None
            if conn.dialect.name == "postgresql":
                _advance_sequences(conn, tables)
    except SQLAlchemyError as exc:
        where = f"table {current}" if current else "database"
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise BackupError([(where, f"the database refused the backup, nothing was "
                                   f"changed: {reason}")]) from exc
    return {"tables": backup["counts"], "created_at": backup["created_at"]}


def _advance_sequences(conn: Connection, tables: list[Table]) -> None:
    """Set each serial key's sequence past the largest restored id, so new rows get new ids
    (inserting explicit ids does not move a PostgreSQL sequence)."""
    for table in tables:
        column = table.autoincrement_column
        if column is None:
            continue
        sequence = conn.scalar(select(func.pg_get_serial_sequence(table.name, column.name)))
        if sequence is None:
            continue
        largest = conn.scalar(select(func.max(column)))
        conn.execute(select(func.setval(sequence, largest or 1, largest is not None)))
