"""Shared fixtures: a database (SQLite, and PostgreSQL when ZHARYS_TEST_POSTGRES_URL is set),
a fake clock, a venue with a small event, the Flask app and clients."""

from __future__ import annotations

import os
import threading
import time

import pytest
import requests
from factories import ADMIN, make_event
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import DBAPIError
from werkzeug.serving import make_server

from tournament.bus import Bus
from tournament.clock import FakeClock
from tournament.db import Database
from tournament.venue import Venue

BASE_POSTGRES_URL = os.environ.get("ZHARYS_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if BASE_POSTGRES_URL else [])


def _worker_database(url: str | None) -> str | None:
    """With pytest-xdist each worker gets its own database beside the given one (``test`` ->
    ``test_gw0``), made on first use: the tests reset the schema, so two workers must never
    share one."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        for attempt in range(10):
            with engine.connect() as conn:
                if conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                               {"n": name}) is not None:
                    break
                try:  # two workers copying template1 at once may be refused: try again
                    conn.execute(text(f'CREATE DATABASE "{name}"'))
                    break
                except DBAPIError:
                    if attempt == 9:
                        raise
            time.sleep(0.2 * (attempt + 1))
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


POSTGRES_URL = _worker_database(BASE_POSTGRES_URL)

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


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)

    def join_session(self, role: str, station: str | None = None) -> requests.Session:
        """A requests session signed in through a join code, as a tablet scanning a QR."""
        venue = self.app.extensions["zharys"]
        code = venue.create_join_code(ADMIN, role, 1, station, f"{role} {station or ''}")
        http = requests.Session()
        http.get(f"{self.url}/join/{code}", allow_redirects=False, timeout=5)
        return http


@pytest.fixture
def live_server(app):
    server = LiveServer(app)
    yield server
    server.stop()


def cookie_header(http: requests.Session) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in http.cookies.items())}
