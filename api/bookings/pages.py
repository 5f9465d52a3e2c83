"""The resident's appointment page behind the manage link: view, move, cancel, calendar file.

Two links open it: the long token (/afspraak/<token>) and a short code (/a/<code>) that the
messages show (api.shortlinks).

No scripts; plain forms. The unguessable token in the path is the credential, so another site
cannot forge these posts without already knowing it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from api.advisers.auth import SessionDep
from api.availability.service import free_slots
from api.bookings import service
from api.bookings.ics import booking_ics
from api.bookings.models import Booking
from api.bookings.router import ManageToken
from api.bookings.texts import TEXTS, when
from api.core.timeutil import utcnow
from api.eligibility.service import get_vocabulary
from api.shortlinks import service as shortlinks

router = APIRouter(tags=["resident pages"], include_in_schema=False)
templates = Jinja2Templates(directory=FilePath(__file__).parent / "templates")
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
Lang = Annotated[str | None, Query(pattern="^(nl|en)$")]


def _language(booking: Booking | None, lang: str | None) -> str:
    return lang or (booking.lead.language if booking else "nl")


def _page(
    request: Request,
    session: Session,
    base: str,
    booking: Booking | None,
    lang: str,
    message: str | None = None,
    error: bool = False,
    status_code: int = 200,
    ics_url: str = "",
) -> HTMLResponse:
    context: dict[str, Any] = {
        "lang": lang,
        "other_lang": "en" if lang == "nl" else "nl",
        "t": TEXTS[lang],
        "message": message,
        "error": error,
        "booking": booking,
        "base": base,
    }
    if booking is not None:
        changeable = booking.status == "active" and booking.start_at > utcnow()
        slots = free_slots(session, booking.mode, limit=8) if changeable else []
        context |= {
            "when": when(booking.start_at, lang),
            "mode": get_vocabulary().label("mode", booking.mode, lang),
            "changeable": changeable,
            "ics_url": ics_url,
            "slots": [
                {
                    "value": f"{s.adviser.id}|{s.start.isoformat()}",
                    "label": f"{when(s.start, lang)} ({s.adviser.name})",
                }
                for s in slots
            ],
        }
    response = templates.TemplateResponse(request, "manage.html", context, status_code=status_code)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Referrer-Policy"] = "no-referrer"  # the path holds the token
    response.headers["Cache-Control"] = "no-store"
    return response


ShortCode = Annotated[str, Path(pattern=shortlinks.CODE_PATTERN)]


def _open_long(session: Session, token: str) -> Booking | None:
    return service.by_manage_token(session, token)


def _open_short(session: Session, code: str) -> Booking | None:
    return shortlinks.resolve(session, code)


def _client(request: Request) -> str:
    return f"short-link:{request.client.host if request.client else 'unknown'}"


def _too_many_misses(request: Request, lang: str | None) -> HTMLResponse | None:
    """Short codes are guessable in principle: a client that keeps missing waits (see
    api.shortlinks.service for the arithmetic)."""
    wait = shortlinks.miss_limiter.retry_after(_client(request))
    if not wait:
        return None
    language = lang or "nl"
    response = HTMLResponse(TEXTS[language]["not_found"], status_code=429, headers={"Retry-After": str(wait)})
    response.headers["Content-Security-Policy"] = CSP
    return response


def _show(
    request: Request,
    session: Session,
    base: str,
    ics_url: str,
    booking: Booking | None,
    lang: str | None,
    done: str | None,
) -> HTMLResponse:
    language = _language(booking, lang)
    if booking is None:
        return _page(request, session, base, None, language, TEXTS[language]["not_found"], error=True, status_code=404)
    message = TEXTS[language][f"done_{done}"] if done else None
    return _page(request, session, base, booking, language, message, ics_url=ics_url)


def _cancel(request: Request, session: Session, base: str, booking: Booking | None, lang: str | None) -> Response:
    language = _language(booking, lang)
    if booking is None:
        return _page(request, session, base, None, language, TEXTS[language]["not_found"], error=True, status_code=404)
    try:
        service.cancel(session, booking, "resident")
    except service.BookingConflict:
        return _page(request, session, base, booking, language, TEXTS[language]["past"], error=True, status_code=409)
    return RedirectResponse(f"{base}?lang={language}&done=cancelled", status_code=303)


def _move(
    request: Request, session: Session, base: str, booking: Booking | None, start: str, lang: str | None
) -> Response:
    language = _language(booking, lang)
    if booking is None:
        return _page(request, session, base, None, language, TEXTS[language]["not_found"], error=True, status_code=404)
    try:
        adviser_id, when_iso = start.split("|", 1)
        new_start = datetime.fromisoformat(when_iso)
        service.reschedule(session, booking, new_start, None, int(adviser_id), "resident")
    except (ValueError, OverflowError, service.BookingRejected, service.BookingConflict):
        session.rollback()
        return _page(request, session, base, booking, language, TEXTS[language]["taken"], error=True, status_code=409)
    return RedirectResponse(f"{base}?lang={language}&done=moved", status_code=303)


Done = Annotated[str | None, Query(pattern="^(cancelled|moved)$")]
StartField = Annotated[str, Form(max_length=80)]


@router.get("/afspraak/{token}", response_class=HTMLResponse)
def manage_page(
    request: Request, token: ManageToken, session: SessionDep, lang: Lang = None, done: Done = None
) -> HTMLResponse:
    base = f"/afspraak/{token}"
    return _show(request, session, base, f"/api/bookings/manage/{token}/ics", _open_long(session, token), lang, done)


@router.post("/afspraak/{token}/afzeggen")
def cancel_from_page(request: Request, token: ManageToken, session: SessionDep, lang: Lang = None) -> Response:
    return _cancel(request, session, f"/afspraak/{token}", _open_long(session, token), lang)


@router.post("/afspraak/{token}/verzetten")
def move_from_page(
    request: Request, token: ManageToken, session: SessionDep, start: StartField, lang: Lang = None
) -> Response:
    return _move(request, session, f"/afspraak/{token}", _open_long(session, token), start, lang)


def _open_counted(request: Request, session: Session, code: str) -> Booking | None:
    booking = _open_short(session, code)
    if booking is None:
        shortlinks.miss_limiter.fail(_client(request))
    return booking


@router.get("/a/{code}", response_class=HTMLResponse)
def short_manage_page(
    request: Request, code: ShortCode, session: SessionDep, lang: Lang = None, done: Done = None
) -> HTMLResponse:
    if limited := _too_many_misses(request, lang):
        return limited
    return _show(request, session, f"/a/{code}", f"/a/{code}/ics", _open_counted(request, session, code), lang, done)


@router.post("/a/{code}/afzeggen")
def short_cancel(request: Request, code: ShortCode, session: SessionDep, lang: Lang = None) -> Response:
    if limited := _too_many_misses(request, lang):
        return limited
    return _cancel(request, session, f"/a/{code}", _open_counted(request, session, code), lang)


@router.post("/a/{code}/verzetten")
def short_move(
    request: Request, code: ShortCode, session: SessionDep, start: StartField, lang: Lang = None
) -> Response:
    if limited := _too_many_misses(request, lang):
        return limited
    return _move(request, session, f"/a/{code}", _open_counted(request, session, code), start, lang)


@router.get("/a/{code}/ics", response_class=Response)
def short_calendar_file(request: Request, code: ShortCode, session: SessionDep) -> Response:
    if limited := _too_many_misses(request, None):
        return limited
    booking = _open_counted(request, session, code)
    if booking is None:
        return Response("Not found", status_code=404, media_type="text/plain")
    return Response(
        booking_ics(booking, shortlinks.short_url(code), booking.lead.language),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="adviesgesprek.ics"', "Cache-Control": "no-store"},
    )
