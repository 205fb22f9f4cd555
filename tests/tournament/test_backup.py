"""Whole-event backup: a file restores the same event on another database (also SQLite to
PostgreSQL), replaces what was there, and a bad file is refused with the place named and
nothing changed."""

from __future__ import annotations

import gzip
import hashlib
import json

import pytest
from conftest import POSTGRES_URL, _reset_postgres
from factories import ADMIN, jury_member, make_event, make_olympiad, play
from sqlalchemy import event

from tournament import backup
from tournament.backup import BackupError
from tournament.bus import Bus
from tournament.clock import FakeClock
from tournament.db import Database
from tournament.errors import ValidationError
from tournament.venue import Venue

CONTEST = "login,P1,P2,P3,P4,P5,P6\nBG-02,100,37.5,0,12,,100\n"


def tables(db: Database) -> dict:
    """What a dump holds, without its time stamp."""
    return json.loads(gzip.decompress(backup.dump(db)))["tables"]


def fresh_sqlite(path) -> Database:
    db = Database(f"sqlite:///{path}")
    db.migrate()
    return db


def rich(venue: Venue) -> None:
    """The fixture's FTC event with two matches played, an olympiad with marks, a jury user
    and a join code."""
    play(venue)
    play(venue)
    make_olympiad(venue)
    venue.olympiad.import_contest_results(ADMIN, "informatics", CONTEST)
    marker = jury_member(venue, "marker")
    problem = next(p for p in venue.olympiad.jury_problems(ADMIN)
                   if p["subject"] == "math" and p["label"] == "P1")
    code = next(p["codes"][0] for p in venue.olympiad.participants(ADMIN)
                if p["number"] == "KZ-01")
    venue.olympiad.enter_mark(marker, problem["id"], code, 5)
    venue.create_join_code(ADMIN, "referee", 1, "red", "Red tablet")


def same_event(a: Venue, b: Venue) -> None:
    assert b.teams() == a.teams()
    assert b.schedule() == a.schedule()
    assert b.rankings() == a.rankings()


def test_a_restored_backup_is_the_same_event(venue, tmp_path):
    rich(venue)
    data = backup.dump(venue.db)
    original = json.loads(gzip.decompress(data))
    assert original["format"] == "zharys-backup" and original["version"] == 1
    assert original["schema"] == backup.head_revision()
    people = original["tables"]["olympiad_participants"]
    name = people["columns"].index("name")
    assert {"Әлия Құрманғалиқызы", "Іңкәр Өмірбекова"} <= {row[name] for row in people["rows"]}
    again = json.loads(gzip.decompress(backup.dump(venue.db)))
    assert again["tables"] == original["tables"] and again["sha256"] == original["sha256"]

    target = fresh_sqlite(tmp_path / "restored.sqlite3")
    try:
        summary = backup.restore(target, data)
        assert summary["tables"]["teams"] == 8 and summary["tables"]["match_results"] == 2
        assert summary["created_at"] == original["created_at"]
        assert tables(target) == original["tables"]
        restored = Venue(target, Bus(), FakeClock())
        same_event(venue, restored)
        assert restored.rankings()[0]["played"] > 0
        assert restored.olympiad.results("informatics", public=False) == \
            venue.olympiad.results("informatics", public=False)
    finally:
        target.dispose()


def test_a_sqlite_backup_restores_into_postgresql(tmp_path):
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL unavailable: set ZHARYS_TEST_POSTGRES_URL to run this test")
    source_db = fresh_sqlite(tmp_path / "laptop.sqlite3")
    source = Venue(source_db, Bus(), FakeClock())
    _reset_postgres(POSTGRES_URL)
    target_db = Database(POSTGRES_URL)
    target_db.migrate()
    try:
        make_event(source)
        rich(source)
        data = backup.dump(source_db)
        backup.restore(target_db, data)
        assert tables(target_db) == tables(source_db)
        target = Venue(target_db, Bus(), FakeClock())
        same_event(source, target)
        # The sequences moved past the restored ids: new rows get fresh ones.
        play(target)
        target.create_user(ADMIN, "after-restore", "a-password-1", "referee")
        assert sum(1 for m in target.schedule() if m.get("result")) == 3
    finally:
        source.shutdown()
        source_db.dispose()
        target_db.dispose()


def test_restoring_over_another_event_replaces_it(venue, tmp_path):
    # The file: a smaller event played on another laptop.
    other_db = fresh_sqlite(tmp_path / "other.sqlite3")
    other = Venue(other_db, Bus(), FakeClock())
    try:
        make_event(other, teams=6, matches_per_team=2, seed=7)
        play(other)
        data = backup.dump(other_db)
        expected = tables(other_db)
    finally:
        other.shutdown()
        other_db.dispose()
    rich(venue)  # the database restored over holds more of everything

    backup.restore(venue.db, data)
    assert tables(venue.db) == expected
    assert expected["olympiads"]["rows"] == [] and expected["users"]["rows"] == []
    restored = Venue(venue.db, Bus(), FakeClock())
    assert [t["number"] for t in restored.teams()] == list(range(1001, 1007))
    play(restored)  # the restored event goes on: new rows get ids of their own
    assert sum(1 for m in restored.schedule() if m.get("result")) == 2


# -- bad files ---------------------------------------------------------------------------------
def edited(data: bytes, change, *, fix_checksum: bool = True) -> bytes:
    """The backup with ``change(document)`` applied and, unless told, a checksum that fits,
    so the check after the checksum is the one that speaks."""
    doc = json.loads(gzip.decompress(data))
    change(doc)
    if fix_checksum:
        canonical = json.dumps(doc["tables"], sort_keys=True, separators=(",", ":"),
                               ensure_ascii=False).encode("utf-8")
        doc["sha256"] = hashlib.sha256(canonical).hexdigest()
    return gzip.compress(json.dumps(doc, ensure_ascii=False).encode("utf-8"))


def cell(doc, table: str, row: int, column: str, value) -> None:
    """Set the value of ``column`` in row ``row`` (counted from 1) of ``table``."""
    at = doc["tables"][table]["columns"].index(column)
    doc["tables"][table]["rows"][row - 1][at] = value


def drop_column(doc, table: str, column: str) -> None:
    entry = doc["tables"][table]
    at = entry["columns"].index(column)
    del entry["columns"][at]
    for row in entry["rows"]:
        del row[at]


def set_key(key, value):
    return lambda doc: doc.__setitem__(key, value)


BAD_FILES = {
    "not a backup at all": (lambda d: b"PK\x03\x04 a zip file, not a backup",
                            "file", "neither gzip nor JSON"),
    "binary rubbish": (lambda d: bytes(range(200, 256)) * 3, "file", "neither gzip nor"),
    "truncated gzip": (lambda d: d[: len(d) // 2], "file", "truncated"),
    "truncated JSON": (lambda d: gzip.decompress(d)[:-300], "file", "truncated"),
    "wrong format": (lambda d: edited(d, set_key("format", "zharys-export")),
                     "format", "expected 'zharys-backup', got 'zharys-export'"),
    "newer version": (lambda d: edited(d, set_key("version", 2)), "version",
                      "version 2, newer than this Zharys reads (1)"),
    "other schema": (lambda d: edited(d, set_key("schema", "0001")), "schema",
                     "revision '0001', but this Zharys is at revision"),
    "checksum mismatch": (lambda d: edited(d, lambda doc: cell(doc, "teams", 1, "name", "X"),
                                           fix_checksum=False),
                          "sha256", "checksum mismatch"),
    "unknown table": (lambda d: edited(d, lambda doc: doc["tables"].__setitem__(
                          "gadgets", {"columns": ["id"], "rows": [[1]]})),
                      "gadgets", "unknown table"),
    "missing column": (lambda d: edited(d, lambda doc: drop_column(doc, "teams", "city")),
                       "teams", "column city is missing"),
    "wrong type": (lambda d: edited(d, lambda doc: cell(doc, "teams", 3, "number", "abc")),
                   "teams row 3, column number", "expected an integer, got 'abc'"),
    "bad date": (lambda d: edited(d, lambda doc: cell(doc, "matches", 2, "scheduled_at",
                                                      "tomorrow")),
                 "matches row 2, column scheduled_at", "expected a date and time"),
    "text too long": (lambda d: edited(d, lambda doc: cell(doc, "teams", 1, "name", "Ә" * 201)),
                      "teams row 1, column name", "longer than the limit of 200"),
    "duplicate primary key": (lambda d: edited(d, lambda doc: doc["tables"]["teams"]["rows"]
                                               .append(list(doc["tables"]["teams"]["rows"][0]))),
                              "teams row 9", "duplicate primary key id 1 (also row 1)"),
    "dangling foreign key": (lambda d: edited(d, lambda doc: cell(doc, "match_teams", 1,
                                                                  "team_id", 9999)),
                             "match_teams row 1, column team_id", "no teams row has id 9999"),
    "null in a non-null column": (lambda d: edited(d, lambda doc: cell(doc, "teams", 2, "name",
                                                                       None)),
                                  "teams row 2, column name", "must not be null"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_with_the_place_and_changes_nothing(venue, case):
    play(venue)
    good = backup.dump(venue.db)
    before = tables(venue.db)
    spoil, where, message = BAD_FILES[case]
    with pytest.raises(BackupError) as err:
        backup.restore(venue.db, spoil(good))
    assert isinstance(err.value, ValidationError)
    assert any(w == where and message in m for w, m in err.value.errors), err.value.errors
    assert where in str(err.value)
    assert tables(venue.db) == before
    with pytest.raises(BackupError):
        backup.read(spoil(good))


def test_the_other_schema_message_names_both_revisions(venue):
    data = edited(backup.dump(venue.db), set_key("schema", "0001"))
    with pytest.raises(BackupError, match=f"'0001'.*'{backup.head_revision()}'"):
        backup.read(data)


def test_many_problems_are_listed_in_part(venue):
    def every_number_wrong(doc):
        for row in range(1, 9):
            cell(doc, "teams", row, "number", "x")
        for row in range(1, 25):
            cell(doc, "match_teams", row, "station", True)

    with pytest.raises(BackupError) as err:
        backup.read(edited(backup.dump(venue.db), every_number_wrong))
    assert len(err.value.errors) == 21
    assert err.value.errors[-1] == ("file", "and 12 more problem(s) not listed")
    assert err.value.errors[0] == ("teams row 1, column number", "expected an integer, got 'x'")


def test_plain_json_is_accepted_too(venue):
    plain = gzip.decompress(backup.dump(venue.db))
    assert backup.read(plain)["counts"]["teams"] == 8


def test_a_failure_in_the_middle_of_the_insert_leaves_the_old_data(venue, tmp_path):
    rich(venue)
    before = tables(venue.db)
    other_db = fresh_sqlite(tmp_path / "other.sqlite3")
    other = Venue(other_db, Bus(), FakeClock())
    try:
        make_event(other, teams=4, matches_per_team=2)
        data = backup.dump(other_db)
    finally:
        other.shutdown()
        other_db.dispose()
    dbapi = venue.db.engine.dialect.loaded_dbapi

    def disk_full(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO match_teams"):
            raise dbapi.OperationalError("disk I/O error")

    event.listen(venue.db.engine, "before_cursor_execute", disk_full)
    try:
        with pytest.raises(BackupError) as err:
            backup.restore(venue.db, data)
    finally:
        event.remove(venue.db.engine, "before_cursor_execute", disk_full)
    assert err.value.errors[0][0] == "table match_teams"
    assert "disk I/O error" in err.value.errors[0][1]
    assert tables(venue.db) == before
    same_event(venue, Venue(venue.db, Bus(), FakeClock()))
