from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Response, status
from fastapi.responses import JSONResponse

from api.advisers.auth import AdviserDep, ServiceDep, SessionDep, require_adviser
from api.advisers.schemas import AdviserRef
from api.availability.calendar import local_tz
from api.bookings import feed, service
from api.bookings.access import booking_loader, changeable_booking_loader
from api.bookings.ics import booking_ics
from api.bookings.models import Booking
from api.bookings.schemas import (
    Agenda,
    AgendaItem,
    BookingCreated,
    BookingIn,
    BookingOut,
    CalendarFeedOut,
    CancelIn,
    ConversationBookingOut,
    ConversationRescheduleIn,
    OutcomeIn,
    RescheduleIn,
)
from api.core.responses import PrivateRoute
from api.core.schemas import ConversationId
from api.core.timeutil import Timestamp, utcnow

router = APIRouter(prefix="/api", tags=["bookings"])
# Routes whose URL holds a secret (the resident's manage token, an adviser's calendar token).
private = APIRouter(tags=["bookings"], route_class=PrivateRoute)  # included below, under /api

ManageToken = Annotated[str, Path(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]
FeedToken = Annotated[str, Path(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")]
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "The slot was taken meanwhile, or the resident already has an appointment"}
}
REJECTED: dict[int | str, dict[str, Any]] = {
    422: {"description": "Not a bookable time (past, outside working hours, ...) or bad input"}
}


def _rejected(exc: service.BookingRejected) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, {"code": exc.code, "message": exc.message})


def _conflict(exc: service.BookingConflict) -> HTTPException:
    return HTTPException(status.HTTP_409_CONFLICT, exc.detail())


@router.post("/bookings", status_code=201, response_model=BookingCreated, responses={**CONFLICT, **REJECTED})
def create_booking(
    body: BookingIn,
    session: SessionDep,
    _: ServiceDep,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> JSONResponse:
    """Books an advice conversation (action server only). The same Idempotency-Key replays the answer."""
    try:
        code, payload = service.create(session, body, idempotency_key)
    except service.BookingRejected as exc:
        raise _rejected(exc) from None
    except service.BookingConflict as exc:
        raise _conflict(exc) from None
    return JSONResponse(payload, status_code=code)


def load_managed(token: ManageToken, session: SessionDep) -> tuple[Booking, str]:
    """The booking a resident's manage token opens; 404 for any token that opens nothing."""
    booking = service.by_manage_token(session, token)
    if booking is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No appointment found for this link.")
    return booking, token


ManagedDep = Annotated[tuple[Booking, str], Depends(load_managed)]


@private.get("/bookings/manage/{token}", response_model=BookingOut)
def view_booking(managed: ManagedDep) -> BookingOut:
    return service.to_out(*managed)


@private.post("/bookings/manage/{token}/cancel", response_model=BookingOut, responses=CONFLICT)
def cancel_booking(managed: ManagedDep, session: SessionDep) -> BookingOut:
    booking, token = managed
    try:
        service.cancel(session, booking, "resident")
    except service.BookingConflict as exc:
        raise _conflict(exc) from None
    return service.to_out(booking, token)


@private.post("/bookings/manage/{token}/reschedule", response_model=BookingOut, responses={**CONFLICT, **REJECTED})
def reschedule_booking(body: RescheduleIn, managed: ManagedDep, session: SessionDep) -> BookingOut:
    booking, token = managed
    try:
        service.reschedule(session, booking, body.start, body.mode, body.adviser_id, "resident")
    except service.BookingRejected as exc:
        raise _rejected(exc) from None
    except service.BookingConflict as exc:
        raise _conflict(exc) from None
    return service.to_out(booking, token)


@private.get(
    "/bookings/manage/{token}/ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def booking_calendar_file(managed: ManagedDep) -> Response:
    booking, token = managed
    return Response(
        booking_ics(booking, service.manage_url(token), booking.lead.language),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="adviesgesprek.ics"'},
    )


@router.get("/bookings", response_model=Agenda)
def agenda(
    session: SessionDep,
    adviser: AdviserDep,
    from_: Annotated[Timestamp | None, Query(alias="from")] = None,
    to: Timestamp | None = None,
    all_advisers: bool = False,
) -> Agenda:
    """An adviser's appointments (default: from today for a week); admins may ask for everyone's."""
    today = utcnow().astimezone(local_tz()).replace(hour=0, minute=0, second=0, microsecond=0)
    start, end = from_ or today, to or (from_ or today) + timedelta(days=7)
    if all_advisers and adviser.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only an administrator sees everyone's agenda.")
    bookings = service.agenda(session, None if all_advisers else adviser.id, start, end)
    return Agenda(items=[_agenda_item(b) for b in bookings])


def _agenda_item(b: Booking) -> AgendaItem:
    return AgendaItem(
        id=b.id,
        start=b.local_start,
        end=b.local_end,
        mode=b.mode,
        location=b.location,
        status=b.status,
        adviser=AdviserRef.model_validate(b.adviser),
        lead_id=b.lead_id,
        resident_name=b.lead.contact_name,
        phone=b.lead.contact_phone,
        verdict=b.lead.verdict,
        outcome_possible=service.outcome_possible(b),
    )


# An adviser's own appointments, or anyone's for an admin; the agenda pages use the same loader.
BookingDep = Annotated[Booking, Depends(booking_loader(require_adviser))]


@router.post(
    "/bookings/{booking_id}/outcome",
    response_model=AgendaItem,
    responses={409: {"description": "Cancelled, or it has not started yet (code not_started)"}},
)
def record_outcome(booking: BookingDep, body: OutcomeIn, session: SessionDep, adviser: AdviserDep) -> AgendaItem:
    """Marks an appointment attended or no-show (its adviser or an admin), once it has started."""
    try:
        service.record_outcome(session, booking, body.status, f"adviser:{adviser.id}")
    except service.BookingConflict as exc:
        raise _conflict(exc) from None
    return _agenda_item(booking)


# Cancelling and moving: the appointment's adviser, the lead's owner, or an admin.
ChangeableDep = Annotated[Booking, Depends(changeable_booking_loader(require_adviser))]
CHANGE_REFUSED: dict[int | str, dict[str, Any]] = {
    403: {"description": "Not the appointment's adviser, the lead's owner or an administrator"},
    409: {"description": "Cancelled, taken place or started (code not_active / started), or the slot is taken"},
}


@router.post("/bookings/{booking_id}/cancel", response_model=AgendaItem, responses=CHANGE_REFUSED)
def adviser_cancel(
    booking: ChangeableDep, session: SessionDep, adviser: AdviserDep, body: CancelIn | None = None
) -> AgendaItem:
    """Cancels an upcoming appointment; the resident is told (WhatsApp or e-mail), with the reason."""
    reason = (body.reason or "").strip() if body else ""
    try:
        service.cancel(session, booking, f"adviser:{adviser.id}", reason or None)
    except service.BookingConflict as exc:
        raise _conflict(exc) from None
    return _agenda_item(booking)


@router.post(
    "/bookings/{booking_id}/reschedule",
    response_model=AgendaItem,
    responses={**CHANGE_REFUSED, **REJECTED},
)
def adviser_reschedule(
    booking: ChangeableDep, body: RescheduleIn, session: SessionDep, adviser: AdviserDep
) -> AgendaItem:
    """Moves an upcoming appointment to a free slot (of any adviser, in any mode they offer); the
    resident and the advisers concerned are told."""
    try:
        service.reschedule(session, booking, body.start, body.mode, body.adviser_id, f"adviser:{adviser.id}")
    except service.BookingRejected as exc:
        session.rollback()
        raise _rejected(exc) from None
    except service.BookingConflict as exc:
        raise _conflict(exc) from None
    return _agenda_item(booking)


# --- the adviser's calendar feed ----------------------------------------------------------------


@router.get("/advisers/me/calendar-feed", response_model=CalendarFeedOut)
def calendar_feed_state(session: SessionDep, adviser: AdviserDep) -> CalendarFeedOut:
    """Whether the adviser has a calendar subscription (its URL was shown once, when made)."""
    current = feed.current(session, adviser)
    return CalendarFeedOut(active=current is not None, created_at=current.created_at if current else None)


@router.post("/advisers/me/calendar-feed", response_model=CalendarFeedOut, status_code=201)
def calendar_feed_renew(session: SessionDep, adviser: AdviserDep) -> CalendarFeedOut:
    """A new secret subscription URL for the adviser's own appointments; the previous one stops."""
    token = feed.renew(session, adviser)
    current = feed.current(session, adviser)
    return CalendarFeedOut(active=True, created_at=current.created_at if current else None, url=feed.feed_url(token))


@router.delete("/advisers/me/calendar-feed", status_code=204)
def calendar_feed_stop(session: SessionDep, adviser: AdviserDep) -> Response:
    feed.stop(session, adviser)
    return Response(status_code=204)


@private.get(
    "/calendar/{token}.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, 404: {"description": "No such feed (any more)"}},
)
def calendar_feed(token: FeedToken, session: SessionDep) -> Response:
    """An adviser's appointments as an iCalendar subscription; the secret token is the key."""
    adviser = feed.adviser_of(session, token)
    if adviser is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No calendar for this link (any more).")
    return Response(
        feed.calendar(session, adviser),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'inline; filename="adviesgesprekken.ics"', "X-Robots-Tag": "noindex"},
    )


# --- the resident's appointment, for the assistant (service token; keyed by the conversation) ---
# A returning resident (the same browser's session, the same WhatsApp number) sees their
# appointment in the chat and moves or cancels it there: the conversation is their key, so the
# bot needs no manage token. The adviser hears of it through the outbox (actor "service").

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No appointment for this conversation"}}
NOT_CHANGEABLE: dict[int | str, dict[str, Any]] = {
    409: {"description": "Cancelled or already started (not_active, started), or the time was taken (slot_taken)"}
}


def load_conversation_booking(
    _: ServiceDep, conversation_id: Annotated[ConversationId, Path()], session: SessionDep
) -> Booking:
    """The appointment of the conversation's resident (the active one, else the latest); 404 without."""
    booking = service.for_conversation(session, conversation_id)
    if booking is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND, {"code": "no_booking", "message": "No appointment for this conversation."}
        )
    return booking


ConversationBookingDep = Annotated[Booking, Depends(load_conversation_booking)]


@private.get("/bookings/by-conversation/{conversation_id}", response_model=ConversationBookingOut, responses=NOT_FOUND)
def conversation_booking(booking: ConversationBookingDep) -> ConversationBookingOut:
    """The resident's upcoming appointment (action server only); 404 when there is none to come."""
    if not service.upcoming(booking):
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            {"code": "no_upcoming", "message": "No upcoming appointment for this conversation."},
        )
    return service.to_conversation_out(booking)


@private.post(
    "/bookings/by-conversation/{conversation_id}/cancel",
    response_model=ConversationBookingOut,
    responses={**NOT_FOUND, **NOT_CHANGEABLE},
)
def cancel_conversation_booking(
    booking: ConversationBookingDep, session: SessionDep, actor: ServiceDep
) -> ConversationBookingOut:
    """Cancels the resident's appointment from the chat (action server only); the adviser is told."""
    try:
        service.cancel(session, booking, actor.label)
    except service.BookingConflict as exc:
        raise _conflict(exc) from None
    return service.to_conversation_out(booking)


@private.post(
    "/bookings/by-conversation/{conversation_id}/reschedule",
    response_model=ConversationBookingOut,
    responses={**NOT_FOUND, **NOT_CHANGEABLE, **REJECTED},
)
def reschedule_conversation_booking(
    body: ConversationRescheduleIn, booking: ConversationBookingDep, session: SessionDep, actor: ServiceDep
) -> ConversationBookingOut:
    """Moves the resident's appointment to a free time (same mode; action server only); the
    adviser (both advisers, when it changes hands) is told."""
    try:
        service.reschedule(session, booking, body.start, None, body.adviser_id, actor.label)
    except service.BookingRejected as exc:
        raise _rejected(exc) from None
    except service.BookingConflict as exc:
        raise _conflict(exc) from None
    return service.to_conversation_out(booking)


router.include_router(private)
