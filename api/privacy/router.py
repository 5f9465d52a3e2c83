from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel

from api.advisers.auth import ActorDep, AdminDep, SessionDep
from api.core.schemas import ConversationId
from api.leads.router import LeadDep
from api.privacy import service

router = APIRouter(prefix="/api", tags=["privacy"])


class Erased(BaseModel):
    erased: bool
    leads: int
    bookings: int


def _out(result: service.ErasureResult) -> Erased:
    return Erased(erased=result.leads > 0, leads=result.leads, bookings=result.bookings)


@router.delete("/privacy/conversations/{conversation_id}", response_model=Erased)
def erase_conversation(
    conversation_id: Annotated[ConversationId, Path()], session: SessionDep, actor: ActorDep
) -> Erased:
    """Erases a resident's lead and bookings (action server or adviser). Safe to repeat."""
    return _out(service.erase_conversation(session, conversation_id, actor.label))


@router.delete("/leads/{lead_id}", response_model=Erased)
def erase_lead(lead: LeadDep, session: SessionDep, actor: ActorDep) -> Erased:
    """Erases a lead on the resident's request (adviser)."""
    return _out(service.erase_lead(session, lead, actor.label))


@router.post("/privacy/purge", response_model=Erased)
def purge(session: SessionDep, admin: AdminDep) -> Erased:
    """Erases leads older than the retention period (RETENTION_DAYS, default 365)."""
    return _out(service.purge_expired(session, f"adviser:{admin.id}"))
