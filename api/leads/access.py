"""Loading a lead for an adviser, and who may hold it: one place for the JSON API and the pages.

Every adviser sees every lead (the call list is the team's); an adviser takes a lead to call it,
and only its owner or an administrator can let it go; only an administrator assigns a lead to
someone else.
"""

# No `from __future__ import annotations`: FastAPI reads the loaders' annotations at run time,
# and `Depends(who)` names a variable of the enclosing function.

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Path
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from api.advisers.auth import SessionDep
from api.advisers.models import Adviser
from api.core.db import get_row
from api.core.errors import Conflict, Forbidden, NotFound, Refusal
from api.leads.models import Lead, LeadEvent


def lead_loader(who: Callable[..., Adviser]) -> Callable[..., Lead]:
    """A dependency giving the path's lead to the adviser that `who` authenticates (a bearer token
    for the API, the session for the pages); 404 when there is no such lead."""

    def load_lead(lead_id: Annotated[int, Path()], session: SessionDep, _: Annotated[Adviser, Depends(who)]) -> Lead:
        lead = get_row(session, Lead, lead_id)
        if lead is None:
            raise NotFound("No such lead.", text_key="lead.not_found")
        return lead

    return load_lead


def take(session: Session, lead: Lead, adviser: Adviser) -> Lead:
    """The adviser becomes the owner, unless someone else holds it (a race is decided by the
    database: the update only changes a lead without an owner)."""
    if lead.owner_id == adviser.id:
        return lead
    changed = session.execute(
        update(Lead)
        .where(Lead.id == lead.id, or_(Lead.owner_id.is_(None), Lead.owner_id == adviser.id))
        .values(owner_id=adviser.id)
        .execution_options(synchronize_session=False)
    )
    if not getattr(changed, "rowcount", 0):
        session.rollback()
        raise Conflict("Another adviser already holds this lead.", "held_by_other", text_key="calls.held_by_other")
    session.add(LeadEvent(lead_id=lead.id, actor=f"adviser:{adviser.id}", action="taken"))
    session.commit()
    session.refresh(lead)
    return lead


def release(session: Session, lead: Lead, adviser: Adviser) -> Lead:
    if lead.owner_id is None:
        return lead
    if lead.owner_id != adviser.id and adviser.role != "admin":
        raise Forbidden(
            "Only the adviser who holds this lead, or an administrator, can release it.",
            "not_owner",
            text_key="calls.not_owner",
        )
    lead.owner_id = None
    lead.events.append(LeadEvent(actor=f"adviser:{adviser.id}", action="released"))
    session.commit()
    session.refresh(lead)
    return lead


def assign(session: Session, lead: Lead, admin: Adviser, adviser_id: int | None) -> Lead:
    """An administrator gives the lead to an active adviser (or to nobody)."""
    if admin.role != "admin":
        raise Forbidden("Only an administrator assigns leads to others.", "admin_only", text_key="calls.admin_only")
    if adviser_id is None:
        return release(session, lead, admin)
    target = get_row(session, Adviser, adviser_id)
    if target is None or not target.active:
        raise Refusal(422, "There is no active adviser with that id.", "unknown_adviser", "calls.unknown_adviser")
    if lead.owner_id != target.id:
        lead.owner_id = target.id
        lead.events.append(LeadEvent(actor=f"adviser:{admin.id}", action="assigned", subject=f"adviser:{target.id}"))
        session.commit()
        session.refresh(lead)
    return lead


def release_all(session: Session, adviser: Adviser, actor: Adviser) -> int:
    """A deactivated adviser's leads go back to the call list."""
    leads = list(session.scalars(select(Lead).where(Lead.owner_id == adviser.id)))
    for lead in leads:
        lead.owner_id = None
        lead.events.append(LeadEvent(actor=f"adviser:{actor.id}", action="released"))
    session.commit()
    return len(leads)
