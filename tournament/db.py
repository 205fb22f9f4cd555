"""Database engine, sessions and migrations: SQLite in WAL mode by default, any SQLAlchemy URL."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")


def default_url(instance_path: str | os.PathLike) -> str:
    """The embedded default: ``instance/zharys.sqlite3``."""
    path = Path(instance_path) / "zharys.sqlite3"
    return f"sqlite:///{path}"


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout on every connection."""
    kwargs: dict = {"future": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        if url in ("sqlite://", "sqlite:///:memory:"):
            kwargs["poolclass"] = StaticPool
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")
            # Checkpoints run on a background thread (WalCheckpointer), never inside a
            # commit: an automatic one costs tens of milliseconds on the commit that
            # triggers it, and that commit may be a referee's tap.
            cur.execute("PRAGMA wal_autocheckpoint=0")
            cur.close()

    return engine


class WalCheckpointer:
    """Folds SQLite's write-ahead log into the database every few seconds, off the hot path.

    PASSIVE checkpoints never wait for writers, so a tablet's commit is never held up; the
    sqlite3 module releases the GIL while it copies pages.
    """

    def __init__(self, engine: Engine, every: float = 2.0):
        self.engine = engine
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.checkpoint("PASSIVE")

    def checkpoint(self, mode: str = "PASSIVE") -> None:
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql(f"PRAGMA wal_checkpoint({mode})")
        except Exception:  # a busy database: try again next time
            log.debug("WAL checkpoint skipped", exc_info=True)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.checkpoint("TRUNCATE")


class Database:
    """An engine plus its session factory; the one way services get a session."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        in_memory = url in ("sqlite://", "sqlite:///:memory:")
        self._checkpointer = (WalCheckpointer(self.engine)
                              if self.engine.dialect.name == "sqlite" and not in_memory else None)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error."""
        session = self.sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision."""
        migrate(self.engine)

    def dispose(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
        self.engine.dispose()


def alembic_config(url: str | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Run Alembic migrations on ``engine`` up to ``revision``."""
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
