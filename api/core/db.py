"""Engine, sessions and the declarative base shared by all domains."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any, TypeVar

from fastapi import Request
from sqlalchemy import Engine, MetaData, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from api.core.config import get_settings
from api.core.schemas import MAX_ID

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def make_engine(url: str) -> Engine:
    # Parameters are residents' data: never in a log line or in an error's text.
    kwargs: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
    if url.startswith("sqlite"):
        # Concurrent bookings must meet the unique index, not "database is locked":
        # wait for the writer lock instead of failing at once.
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
    else:
        kwargs.update(pool_size=10, max_overflow=20)
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
    return engine


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself (see _sqlite_begin_immediate).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    # In WAL mode a deferred transaction that reads and then writes fails at once with
    # SQLITE_BUSY when another writer committed meanwhile (no waiting); writers therefore take
    # the write lock up front and queue. Readers stay deferred so they never block anyone.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


@lru_cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@lru_cache
def get_sessionmaker(writer: bool = True) -> sessionmaker[Session]:
    """Sessions that may write take SQLite's write lock when they begin (see above)."""
    engine = get_engine()
    bind = engine.execution_options(sqlite_begin="IMMEDIATE") if writer else engine
    return sessionmaker(bind=bind, expire_on_commit=False)


T = TypeVar("T", bound=Base)


def get_row(session: Session, model: type[T], row_id: int) -> T | None:
    """The row with that id, or None, also for ids no row can have (PostgreSQL's integer: a larger
    id would be a database error, not "not found")."""
    return session.get(model, row_id) if 0 < row_id <= MAX_ID else None


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; committed by the service code that changes data."""
    session = get_sessionmaker(writer=request.method not in ("GET", "HEAD", "OPTIONS"))()
    try:
        yield session
    finally:
        session.close()


def get_read_session() -> Iterator[Session]:
    """A session that only reads, whatever the method (a login form is a POST): it holds no
    write lock while other work (the login counts) writes meanwhile."""
    with get_sessionmaker(writer=False)() as session:
        yield session
