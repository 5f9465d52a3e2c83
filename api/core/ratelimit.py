"""Failure counts that every API process shares, and the back-off they lead to.

Several API workers (uvicorn --workers, several containers) must see the same counts, or an
attacker gets a fresh allowance from each worker. The counts therefore live in Redis when
REDIS_URL is set (production) and in the database otherwise (the embedded `make run`, which
needs no Redis but may still run several workers). Keys are keyed hashes: neither an e-mail
address nor a client address is stored.
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, cast

import redis
from sqlalchemy import Engine, Float, Integer, String, Table, case, delete, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from api.core.config import get_settings
from api.core.db import Base, get_engine, make_engine
from api.core.security import pseudonymise

log = logging.getLogger("api.ratelimit")


class FailureCount(Base):
    """The database's copy of the counts (used when no Redis is configured)."""

    __tablename__ = "failure_counts"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure: Mapped[float] = mapped_column(Float)  # seconds since the epoch
    expires_at: Mapped[float] = mapped_column(Float, index=True)  # forgotten from then on


@dataclass(frozen=True)
class Failures:
    count: int
    last: float  # seconds since the epoch (wall clock: shared by processes and machines)


class FailureStore(Protocol):
    """Counts per key, each forgotten `window` seconds after its last failure."""

    def get(self, keys: Sequence[str], now: float) -> dict[str, Failures]: ...

    def add(self, keys: Sequence[str], now: float, window: int) -> None: ...

    def clear(self, keys: Sequence[str]) -> None: ...


class RedisFailureStore:
    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self.client, self.prefix = client, prefix

    def _k(self, key: str) -> str:
        return f"{self.prefix}failures:{key}"

    def get(self, keys: Sequence[str], now: float) -> dict[str, Failures]:
        pipe = self.client.pipeline(transaction=False)
        for key in keys:
            pipe.hmget(self._k(key), "n", "last")
        found = {}
        for key, (count, last) in zip(keys, pipe.execute(), strict=True):
            if count is not None and last is not None:
                found[key] = Failures(int(count), float(last))
        return found

    def add(self, keys: Sequence[str], now: float, window: int) -> None:
        # One transaction: the count, the time and the expiry move together (Redis forgets the
        # key `window` seconds after its last failure).
        pipe = self.client.pipeline(transaction=True)
        for key in keys:
            pipe.hincrby(self._k(key), "n", 1)
            pipe.hset(self._k(key), "last", repr(now))
            pipe.expire(self._k(key), window)
        pipe.execute()

    def clear(self, keys: Sequence[str]) -> None:
        if keys:
            self.client.delete(*(self._k(k) for k in keys))


@lru_cache
def counts_engine() -> Engine:
    """Where the database keeps the counts. PostgreSQL: the API's database. SQLite: a file of its
    own beside the API's, because SQLite has one write lock per file and a request that holds it
    (a POST that has begun writing) must not wait for its own failure to be counted."""
    url = get_settings().database_url
    if not url.startswith("sqlite"):
        return get_engine()
    path = url.split("///", 1)[1] if "///" in url else ""
    engine = make_engine(f"sqlite:///{path}-counts" if path and path != ":memory:" else "sqlite://")
    Base.metadata.create_all(engine, tables=[cast(Table, FailureCount.__table__)])
    return engine


class DatabaseFailureStore:
    """One row per key, updated with an atomic upsert (SQLite and PostgreSQL alike)."""

    def get(self, keys: Sequence[str], now: float) -> dict[str, Failures]:
        query = select(FailureCount).where(FailureCount.key.in_(keys), FailureCount.expires_at > now)
        with counts_engine().connect() as conn:
            return {row.key: Failures(row.failures, row.last_failure) for row in conn.execute(query)}

    def add(self, keys: Sequence[str], now: float, window: int) -> None:
        engine = counts_engine()
        insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
        with engine.execution_options(sqlite_begin="IMMEDIATE").begin() as conn:
            for key in sorted(keys):  # one order for everyone: no deadlock between two writers
                stmt = insert(FailureCount).values(key=key, failures=1, last_failure=now, expires_at=now + window)
                conn.execute(
                    stmt.on_conflict_do_update(
                        index_elements=[FailureCount.key],
                        set_={
                            "failures": case((FailureCount.expires_at <= now, 1), else_=FailureCount.failures + 1),
                            "last_failure": stmt.excluded.last_failure,
                            "expires_at": stmt.excluded.expires_at,
                        },
                    )
                )
            # Forgotten counts are removed by whoever writes next; they are few.
            conn.execute(delete(FailureCount).where(FailureCount.expires_at <= now))

    def clear(self, keys: Sequence[str]) -> None:
        with counts_engine().execution_options(sqlite_begin="IMMEDIATE").begin() as conn:
            conn.execute(delete(FailureCount).where(FailureCount.key.in_(keys)))


def forget_all() -> None:
    """Every count in the database (tests start each case afresh)."""
    with counts_engine().begin() as conn:
        conn.execute(delete(FailureCount))


class FallbackStore:
    """Redis first; while Redis is unreachable the database keeps counting, so logins neither
    stop working nor stop being limited."""

    def __init__(self, primary: FailureStore, fallback: FailureStore) -> None:
        self.primary, self.fallback = primary, fallback
        self._warned_at = 0.0

    def _failed(self, exc: Exception) -> None:
        if time.monotonic() - self._warned_at > 60:
            self._warned_at = time.monotonic()
            log.warning("Redis is unreachable (%s): login counts use the database meanwhile", type(exc).__name__)

    def get(self, keys: Sequence[str], now: float) -> dict[str, Failures]:
        try:
            return self.primary.get(keys, now)
        except redis.RedisError as exc:
            self._failed(exc)
            return self.fallback.get(keys, now)

    def add(self, keys: Sequence[str], now: float, window: int) -> None:
        try:
            self.primary.add(keys, now, window)
        except redis.RedisError as exc:
            self._failed(exc)
            self.fallback.add(keys, now, window)

    def clear(self, keys: Sequence[str]) -> None:
        try:
            self.primary.clear(keys)
        except redis.RedisError as exc:
            self._failed(exc)
        with contextlib.suppress(SQLAlchemyError):
            self.fallback.clear(keys)


@lru_cache
def failure_store() -> FailureStore:
    settings = get_settings()
    database = DatabaseFailureStore()
    if not settings.redis_url:
        return database
    client = redis.Redis.from_url(settings.redis_url, socket_timeout=1, socket_connect_timeout=1)
    return FallbackStore(RedisFailureStore(client, settings.redis_key_prefix), database)


@dataclass(frozen=True)
class Backoff:
    """`free` failures cost nothing; after that every attempt waits `first` seconds, doubled per
    further failure, at most `longest`."""

    free: int
    first: int
    longest: int

    def wait(self, failures: Failures | None, now: float) -> int:
        """Whole seconds until the next attempt may be made; 0: now."""
        if failures is None or failures.count < self.free:
            return 0
        delay: int = min(self.longest, self.first * 2 ** min(failures.count - self.free, 30))
        return max(0, math.ceil(failures.last + delay - now))


class FailureLimiter:
    """At most `max_failures` per key within `window_seconds` of the last one, shared by every
    API process (the store above); then the key waits until the window has passed."""

    def __init__(self, max_failures: int, window_seconds: int, name: str = "limit") -> None:
        self.max_failures, self.window, self.name = max_failures, window_seconds, name

    def _key(self, key: str) -> str:
        return pseudonymise(f"{self.name}:{key}")

    def retry_after(self, *keys: str) -> int:
        """Seconds until a new attempt is allowed; 0 when allowed now."""
        now = time.time()
        counts = failure_store().get([self._key(k) for k in keys], now)
        waits = [math.ceil(f.last + self.window - now) for f in counts.values() if f.count >= self.max_failures]
        return max([0, *waits])

    def fail(self, *keys: str) -> None:
        failure_store().add([self._key(k) for k in keys], time.time(), self.window)

    def reset(self, *keys: str) -> None:
        failure_store().clear([self._key(k) for k in keys])
