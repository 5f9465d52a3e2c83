from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response, status

from api.advisers.auth import AdminDep, AdviserDep, ServiceDep, SessionDep, require_adviser
from api.core.responses import csv_download
from api.core.schemas import Channel, ConversationId, LeadStatus, Verdict
from api.core.timeutil import Timestamp, utcnow
from api.leads import access, calls, service
from api.leads.models import Lead
from api.leads.schemas import (
    CallItem,
    CallListOut,
    LeadDetail,
    LeadList,
    LeadOut,
    LeadUpsert,
    LeadUpsertOut,
    NoteIn,
    OwnerIn,
    StatusChange,
    WhatsAppConversationId,
    WhatsAppInbound,
    WhatsAppStateOut,
)

router = APIRouter(prefix="/api", tags=["leads"])

Text100 = Annotated[str | None, Query(max_length=100)]


def lead_filter(
    status_: Annotated[LeadStatus | None, Query(alias="status")] = None,
    verdict: Verdict | None = None,
    persona: Text100 = None,
    channel: Channel | None = None,
    created_from: Timestamp | None = None,
    created_to: Timestamp | None = None,
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


# Every adviser sees every lead; the same loader serves the portal's pages (api/leads/pages.py).
LeadDep = Annotated[Lead, Depends(access.lead_loader(require_adviser))]


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


@router.post(
    "/leads/by-conversation/{conversation_id}/whatsapp-inbound",
    response_model=WhatsAppStateOut,
    responses={
        404: {"description": "The conversation has no lead (no consent yet): nothing was stored"},
        422: {"description": "Not a WhatsApp conversation id, or a wrong received_at"},
    },
)
def whatsapp_inbound(
    conversation_id: Annotated[WhatsAppConversationId, Path()],
    body: WhatsAppInbound,
    session: SessionDep,
    _: ServiceDep,
) -> WhatsAppStateOut:
    """A resident's WhatsApp message arrived (the WhatsApp channel only, with each message): the
    lead's last_inbound_at moves forward (WhatsApp's 24-hour window for the reminders) and STOP or
    START sets or clears whatsapp_opted_out. Never creates a lead: without one (no consent yet)
    the answer is 404 and nothing is stored."""
    lead = service.whatsapp_inbound(session, conversation_id, body)
    if lead is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            {"code": "no_lead", "message": "This conversation has no lead (no consent yet): nothing was stored."},
        )
    return WhatsAppStateOut(last_inbound_at=lead.last_inbound_at, whatsapp_opted_out=lead.whatsapp_opted_out)


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
    return csv_download(service.CSV_COLUMNS, service.export_filtered(session, filters), "leads.csv")


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


def call_items(call_list: calls.CallList) -> CallListOut:
    def item(row: calls.CallRow) -> CallItem:
        lead = row.lead
        return CallItem(
            section=row.section,
            lead_id=lead.id,
            name=lead.contact_name,
            phone=lead.contact_phone,
            verdict=lead.verdict,
            work_text=lead.work_text,
            language=lead.language,
            channel=lead.channel,
            since=row.since,
            owner=service.adviser_ref(lead.owner),
            booking=service.booking_summary(row.booking),
        )

    return CallListOut(
        filter=call_list.filter,
        counts=dict(call_list.counts),
        filter_counts=dict(call_list.filter_counts),
        **{section: [item(r) for r in rows] for section, rows in call_list.sections.items()},
    )


@router.get("/calls", response_model=CallListOut)
def call_list(
    session: SessionDep,
    adviser: AdviserDep,
    filter_: Annotated[calls.Filter, Query(alias="filter")] = "all",
) -> CallListOut:
    """Who to call: call-back requests, then likely eligible or to-review leads without an
    appointment, then upcoming appointments; `filter` mine (I hold it), unassigned or all."""
    return call_items(calls.call_list(session, adviser, filter_, utcnow()))


@router.post("/leads/{lead_id}/take", response_model=LeadOut, responses={409: {"description": "Held by another"}})
def take_lead(lead: LeadDep, session: SessionDep, adviser: AdviserDep) -> LeadOut:
    """The adviser takes the lead to call it (409 while another adviser holds it)."""
    return service.to_out(session, access.take(session, lead, adviser))


@router.post("/leads/{lead_id}/release", response_model=LeadOut, responses={403: {"description": "Not yours"}})
def release_lead(lead: LeadDep, session: SessionDep, adviser: AdviserDep) -> LeadOut:
    """Back to the call list (its owner or an administrator)."""
    return service.to_out(session, access.release(session, lead, adviser))


@router.put("/leads/{lead_id}/owner", response_model=LeadOut)
def assign_lead(body: OwnerIn, lead: LeadDep, session: SessionDep, admin: AdminDep) -> LeadOut:
    """An administrator gives the lead to an adviser, or to nobody (`adviser_id`: null)."""
    return service.to_out(session, access.assign(session, lead, admin, body.adviser_id))
