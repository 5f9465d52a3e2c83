from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response, status
from pydantic import AwareDatetime

from api.advisers.auth import AdminDep, AdviserDep, ServiceDep, SessionDep
from api.core.responses import csv_download
from api.core.schemas import Channel, ConversationId, DbId, LeadStatus, Verdict
from api.leads import service
from api.leads.models import Lead
from api.leads.schemas import (
    ConversationStartIn,
    Funnel,
    LeadDetail,
    LeadList,
    LeadUpsert,
    LeadUpsertOut,
    NoteIn,
    StatusChange,
)

router = APIRouter(prefix="/api", tags=["leads"])

Text100 = Annotated[str | None, Query(max_length=100)]


def lead_filter(
    status_: Annotated[LeadStatus | None, Query(alias="status")] = None,
    verdict: Verdict | None = None,
    persona: Text100 = None,
    channel: Channel | None = None,
    created_from: AwareDatetime | None = None,
    created_to: AwareDatetime | None = None,
    utm_campaign: Text100 = None,
    utm_source: Text100 = None,
    conversation_id: Annotated[str | None, Query(max_length=128)] = None,
    q: Annotated[str | None, Query(max_length=100, description="Search name, phone or e-mail")] = None,
) -> service.LeadFilter:
    return service.LeadFilter(
        status=status_,
        verdict=verdict,
        persona=persona,
        channel=channel,
        created_from=created_from,
        created_to=created_to,
        utm_campaign=utm_campaign,
        utm_source=utm_source,
        conversation_id=conversation_id,
        q=q,
    )


FilterDep = Annotated[service.LeadFilter, Depends(lead_filter)]


def load_lead(lead_id: Annotated[DbId, Path()], session: SessionDep, _: AdviserDep) -> Lead:
    """The lead for an adviser (every adviser sees all leads); 404 when it does not exist."""
    lead = session.get(Lead, lead_id)
    if lead is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such lead.")
    return lead


LeadDep = Annotated[Lead, Depends(load_lead)]


@router.put(
    "/leads/by-conversation/{conversation_id}",
    response_model=LeadUpsertOut,
    responses={
        201: {"description": "The lead was created", "model": LeadUpsertOut},
        422: {"description": "No consent yet (`consent_required`), a wrong consent_at or an unknown field"},
    },
)
def upsert_lead(
    conversation_id: Annotated[ConversationId, Path()],
    body: LeadUpsert,
    session: SessionDep,
    actor: ServiceDep,
    response: Response,
) -> LeadUpsertOut:
    """Creates or updates the lead of a conversation (action server only). The first upsert
    carries consent_at: nothing is stored before consent. A value that does not fit an optional
    field is left out (named in `ignored`) or cut to its limit; the answer holds the verdict on
    the stored answers (`check`, as POST /api/eligibility gives it)."""
    try:
        lead, created = service.upsert(session, conversation_id, body, actor.label)
    except service.ConsentRequired:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            {"code": "consent_required", "message": "A lead is stored only after consent: send consent_at."},
        ) from None
    if created:
        response.status_code = status.HTTP_201_CREATED
    return service.to_upsert_out(session, lead, body)


@router.post("/conversations", status_code=status.HTTP_202_ACCEPTED)
def conversation_started(body: ConversationStartIn, session: SessionDep, _: ServiceDep) -> dict[str, bool]:
    """Counts a conversation start for the funnel; stores no personal data."""
    return {"counted": service.record_conversation_start(session, body)}


@router.get("/leads", response_model=LeadList)
def list_leads(
    session: SessionDep,
    _: AdviserDep,
    filters: FilterDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> LeadList:
    leads, total, counts = service.list_leads(session, filters, limit, offset)
    return LeadList(
        items=service.to_outs(session, leads),
        total=total,
        limit=limit,
        offset=offset,
        counts_by_status=counts,
    )


@router.get("/leads/export.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
def export_leads(session: SessionDep, _: AdviserDep, filters: FilterDep) -> Response:
    return csv_download(service.export_filtered(session, filters), "leads.csv")


@router.get("/leads/{lead_id}", response_model=LeadDetail)
def get_lead(lead: LeadDep, session: SessionDep) -> LeadDetail:
    return service.to_detail(session, lead)


@router.post(
    "/leads/{lead_id}/status",
    response_model=LeadDetail,
    responses={409: {"description": "That status change is not allowed"}},
)
def change_status(body: StatusChange, lead: LeadDep, session: SessionDep, adviser: AdviserDep) -> LeadDetail:
    try:
        service.change_status(session, lead, body.status, body.note, f"adviser:{adviser.id}")
    except service.StatusChangeNotAllowed as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    return service.to_detail(session, lead)


@router.post("/leads/{lead_id}/notes", response_model=LeadDetail, status_code=201)
def add_note(body: NoteIn, lead: LeadDep, session: SessionDep, adviser: AdviserDep) -> LeadDetail:
    service.add_note(session, lead, body.note, f"adviser:{adviser.id}")
    return service.to_detail(session, lead)


@router.get("/stats/funnel", response_model=Funnel)
def funnel(
    session: SessionDep,
    _: AdminDep,
    from_: Annotated[AwareDatetime | None, Query(alias="from")] = None,
    to: AwareDatetime | None = None,
) -> Funnel:
    """Per UTM campaign and source: conversations, consented, eligible, booked, attended, voucher
    (administrators: campaign staff)."""
    rows = service.funnel(session, from_, to)
    return Funnel(items=rows, totals=service.funnel_totals(rows))
