from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from api.advisers.auth import AdminDep, ServiceDep, SessionDep
from api.core.timeutil import Timestamp
from api.funnel import service
from api.funnel.schemas import ConversationStartIn, Funnel, Grouping

router = APIRouter(prefix="/api", tags=["funnel"])


@router.post("/conversations", status_code=status.HTTP_202_ACCEPTED)
def conversation_started(body: ConversationStartIn, session: SessionDep, _: ServiceDep) -> dict[str, bool]:
    """Counts a conversation start for the funnel; stores no personal data."""
    return {"counted": service.record_start(session, body)}


@router.get("/stats/funnel", response_model=Funnel)
def funnel(
    session: SessionDep,
    _: AdminDep,
    from_: Annotated[Timestamp | None, Query(alias="from")] = None,
    to: Timestamp | None = None,
    group: Grouping = "campaign_source",
) -> Funnel:
    """Conversations that started in the period, per UTM campaign and/or source, and how many of
    them gave consent, were likely eligible (or to be reviewed), booked, attended and requested a
    voucher. Each step counts a subset of the step before; `rates` are the conversions between
    steps; the totals are the sums of the rows (administrators: campaign staff)."""
    rows = service.funnel(session, from_, to, group)
    return Funnel(group=group, steps=list(service.STEPS), items=rows, totals=service.totals(rows))
