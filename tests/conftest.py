"""Shared fixtures: a database (SQLite, and PostgreSQL when ZHARYS_TEST_POSTGRES_URL is set),
a fake clock, a venue with a small event, the Flask app and clients."""

from __future__ import annotations

import os
from datetime import datetime, timedelta

import pytest
from sqlalchemy import text

from tournament.accounts import Actor
from tournament.bus import Bus
from tournament.clock import FakeClock
from tournament.db import Database
from tournament.venue import Venue

POSTGRES_URL = os.environ.get("ZHARYS_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])

ADMIN = Actor(name="Admin", role="admin", device="test")
SCOREKEEPER = Actor(name="Scorekeeper", role="scorekeeper", device="laptop")
HEAD_REF = Actor(name="Head referee", role="head_referee", device="tablet-hr")
RED_REF = Actor(name="Red referee", role="referee", device="tablet-red", field=1, station="red")
BLUE_REF = Actor(name="Blue referee", role="referee", device="tablet-blue", field=1,
                 station="blue")


def pytest_report_header(config):
    if POSTGRES_URL:
        return f"database backends: sqlite, postgresql ({POSTGRES_URL})"
    return ("database backends: sqlite only — PostgreSQL tests SKIPPED "
            "(set ZHARYS_TEST_POSTGRES_URL to run them)")


def _reset_postgres(url: str) -> None:
    db = Database(url)
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    db.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    if request.param == "postgresql":
        _reset_postgres(POSTGRES_URL)
        return POSTGRES_URL
    return f"sqlite:///{tmp_path / 'zharys.sqlite3'}"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def database(db_url):
    db = Database(db_url)
    db.migrate()
    yield db
    db.dispose()


def make_csv(count: int, first: int = 1001) -> str:
    rows = [f"{first + i},Team {first + i},School {i},Астана,Қазақстан" for i in range(count)]
    return "number,name,organization,city,country\n" + "\n".join(rows) + "\n"


def make_event(venue: Venue, teams: int = 8, matches_per_team: int = 3, seed: int = 1) -> None:
    venue.create_event(ADMIN, "test", "Test event", "ftc-2024-into-the-deep", fields=1)
    venue.import_teams(ADMIN, make_csv(teams))
    venue.generate_schedule(ADMIN, matches_per_team, datetime(2026, 11, 22, 9, 0),
                            timedelta(minutes=6), seed=seed)


@pytest.fixture
def venue(database, clock):
    v = Venue(database, Bus(), clock)
    make_event(v)
    yield v
    v.shutdown()


@pytest.fixture
def app(db_url, clock, tmp_path):
    from web import create_app

    app = create_app({"DATABASE_URL": db_url, "TESTING": True, "SECRET_KEY": "test-secret"},
                     clock=clock, instance_path=str(tmp_path / "instance"))
    venue = app.extensions["zharys"]
    make_event(venue)
    for username, role in (("admin", "admin"), ("scorekeeper", "scorekeeper"),
                           ("headref", "head_referee"), ("referee", "referee")):
        venue.create_user(ADMIN, username, f"{username}-password", role)
    yield app
    venue.shutdown()
    venue.db.dispose()
