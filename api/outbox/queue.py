"""Claiming due messages and recording how their sending ended.

A claim marks rows `claimed` with a random token and a lease. On PostgreSQL the rows are picked
with SELECT ... FOR UPDATE SKIP LOCKED inside the claiming UPDATE, so schedulers running side by
side take different rows without waiting for each other; on SQLite the single UPDATE ... RETURNING
is atomic (SQLite has one writer at a time). A row whose lease ran out (its sender died) is due
again and is claimed "in doubt". Every outcome is written only by the holder of the claim token,
so a sender that lost its claim cannot overwrite its successor's result.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.orm import Session

from api.outbox.config import OutboxSettings
from api.outbox.models import OutboxMessage as M


def _due(now: datetime):  # type: ignore[no-untyped-def]
    return or_(
        and_(M.status == "pending", M.next_attempt_at <= now),
        and_(M.status == "claimed", M.lease_until <= now),
    )


def claim(session: Session, now: datetime, lease_seconds: int, limit: int) -> tuple[str, list[int]]:
    """Claims up to `limit` due rows and commits; returns the claim token and the rows' ids."""
    token = secrets.token_hex(16)
    picked = select(M.id).where(_due(now)).order_by(M.next_attempt_at, M.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        picked = picked.with_for_update(skip_locked=True)
    result = session.execute(
        update(M)
        .where(M.id.in_(picked.scalar_subquery()), _due(now))
        .values(
            status="claimed",
            claim_token=token,
            lease_until=now + timedelta(seconds=lease_seconds),
            attempts=M.attempts + 1,
            in_doubt=case((M.status == "claimed", True), else_=M.in_doubt),
            updated_at=now,
        )
        .returning(M.id)
        .execution_options(synchronize_session=False)
    )
    ids = sorted(result.scalars())
    session.commit()
    return token, ids


def _finish(session: Session, row_id: int, token: str, **values: object) -> bool:
    result = session.execute(
        update(M)
        .where(M.id == row_id, M.claim_token == token)
        .values(claim_token=None, lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return bool(getattr(result, "rowcount", 0))


def mark_sent(session: Session, row: M, token: str, now: datetime, provider_id: str, via: str) -> bool:
    # An erasure notice names an appointment time; once told, nothing of it needs to stay.
    cleared: dict[str, object] = {"details": {}} if row.kind == "adviser_erased" else {}
    return _finish(
        session, row.id, token, status="sent", sent_at=now, provider_id=provider_id[:200], via=via,
        last_error=None, in_doubt=False, updated_at=now, **cleared,
    )  # fmt: skip


def mark_cancelled(session: Session, row_id: int, token: str, now: datetime, reason: str) -> bool:
    return _finish(session, row_id, token, status="cancelled", last_error=reason[:200], updated_at=now)


def backoff(attempts: int, settings: OutboxSettings, rand: Callable[[], float] = random.random) -> timedelta:
    """Exponential: base, 2x base, 4x base ... capped; up to 20% more so retries spread out."""
    seconds = min(settings.outbox_retry_max_seconds, settings.outbox_retry_base_seconds * 2 ** (attempts - 1))
    return timedelta(seconds=seconds * (1 + 0.2 * rand()))


def mark_failed(
    session: Session,
    row: M,
    token: str,
    now: datetime,
    reason: str,
    permanent: bool,
    settings: OutboxSettings,
    rand: Callable[[], float] = random.random,
) -> str:
    """Schedules a retry, or gives up (permanent failure, or out of attempts). Returns the status."""
    if permanent or row.attempts >= settings.outbox_max_attempts:
        _finish(session, row.id, token, status="failed", last_error=reason[:200], updated_at=now)
        return "failed"
    # The provider may have taken it before the error (a time-out): the next try looks first.
    _finish(
        session, row.id, token, status="pending", last_error=reason[:200], in_doubt=True,
        next_attempt_at=now + backoff(row.attempts, settings, rand), updated_at=now,
    )  # fmt: skip
    return "pending"
