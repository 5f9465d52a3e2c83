"""What the outbox did: a lead's messages for its adviser, failures for the operator, a retry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, status
from sqlalchemy import func, select

from api.advisers.auth import AdminDep, AdviserDep, SessionDep
from api.core.db import get_row
from api.core.schemas import DbId
from api.core.timeutil import utcnow
from api.outbox.models import OUTBOX_STATUSES, OutboxMessage
from api.outbox.schemas import OutboxItem, OutboxList

router = APIRouter(prefix="/api/outbox", tags=["outbox"])
StatusFilter = Annotated[str | None, Query(pattern="^(" + "|".join(OUTBOX_STATUSES) + ")$")]


def _item(row: OutboxMessage) -> OutboxItem:
    return OutboxItem.model_validate(row, from_attributes=True)


@router.get("", response_model=OutboxList)
def list_messages(
    session: SessionDep,
    _: AdviserDep,
    lead_id: Annotated[DbId | None, Query()] = None,
    status_: Annotated[StatusFilter, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> OutboxList:
    """Messages, newest due first: a lead's (the lead page's timeline), or by status (what failed)."""
    query = select(OutboxMessage)
    if lead_id is not None:
        query = query.where(OutboxMessage.lead_id == lead_id)
    counted = query.subquery()
    if status_ is not None:
        query = query.where(OutboxMessage.status == status_)
    rows = session.scalars(query.order_by(OutboxMessage.due_at.desc(), OutboxMessage.id.desc()).limit(limit))
    counts: dict[str, int] = dict(
        session.execute(select(counted.c.status, func.count()).group_by(counted.c.status)).all()
    )
    return OutboxList(items=[_item(r) for r in rows], counts_by_status={s: counts.get(s, 0) for s in OUTBOX_STATUSES})


@router.post("/{message_id}/retry", response_model=OutboxItem)
def retry_message(message_id: Annotated[DbId, Path()], session: SessionDep, _: AdminDep) -> OutboxItem:
    """Sends a failed message again (say, once the missing WhatsApp template is configured). The
    scheduler still checks that it fits: a cancelled booking's reminder is not sent."""
    row = get_row(session, OutboxMessage, message_id)
    if row is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such message.")
    if row.status != "failed":
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"Only a failed message can be retried; this one is {row.status}."
        )
    row.status, row.next_attempt_at, row.attempts, row.in_doubt = "pending", utcnow(), 0, True
    session.commit()
    return _item(row)
