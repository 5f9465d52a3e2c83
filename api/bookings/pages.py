"""The resident's appointment page behind the manage link: view, move, cancel, calendar file.

No scripts; plain forms. The unguessable token in the path is the credential, so another site
cannot forge these posts without already knowing it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from api.advisers.auth import SessionDep
from api.availability.service import free_slots
from api.bookings import service
from api.bookings.models import Booking
from api.bookings.router import ManageToken
from api.bookings.texts import TEXTS, when
from api.core.timeutil import utcnow
from api.eligibility.service import get_vocabulary

router = APIRouter(tags=["resident pages"], include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
Lang = Annotated[str | None, Query(pattern="^(nl|en)$")]


def _language(booking: Booking | None, lang: str | None) -> str:
    return lang or (booking.lead.language if booking else "nl")


def _page(
    request: Request,
    session: Session,
    token: str,
    booking: Booking | None,
    lang: str,
    message: str | None = None,
    error: bool = False,
    status_code: int = 200,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "lang": lang,
        "other_lang": "en" if lang == "nl" else "nl",
        "t": TEXTS[lang],
        "message": message,
        "error": error,
        "booking": booking,
        "base": f"/afspraak/{token}",
    }
    if booking is not None:
        changeable = booking.status == "active" and booking.start_at > utcnow()
        slots = free_slots(session, booking.mode, limit=8) if changeable else []
        context |= {
            "when": when(booking.start_at, lang),
            "mode": get_vocabulary().label("mode", booking.mode, lang),
            "changeable": changeable,
            "ics_url": f"/api/bookings/manage/{token}/ics",
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


@router.get("/afspraak/{token}", response_class=HTMLResponse)
def manage_page(
    request: Request,
    token: ManageToken,
    session: SessionDep,
    lang: Lang = None,
    done: Annotated[str | None, Query(pattern="^(cancelled|moved)$")] = None,
) -> HTMLResponse:
    booking = service.by_manage_token(session, token)
    language = _language(booking, lang)
    if booking is None:
        return _page(request, session, token, None, language, TEXTS[language]["not_found"], error=True, status_code=404)
    message = TEXTS[language][f"done_{done}"] if done else None
    return _page(request, session, token, booking, language, message)


@router.post("/afspraak/{token}/afzeggen")
def cancel_from_page(request: Request, token: ManageToken, session: SessionDep, lang: Lang = None) -> Response:
    booking = service.by_manage_token(session, token)
    language = _language(booking, lang)
    if booking is None:
        return _page(request, session, token, None, language, TEXTS[language]["not_found"], error=True, status_code=404)
    try:
        service.cancel(session, booking, "resident")
    except service.BookingConflict:
        return _page(request, session, token, booking, language, TEXTS[language]["past"], error=True, status_code=409)
    return RedirectResponse(f"/afspraak/{token}?lang={language}&done=cancelled", status_code=303)


@router.post("/afspraak/{token}/verzetten")
def move_from_page(
    request: Request,
    token: ManageToken,
    session: SessionDep,
    start: Annotated[str, Form(max_length=80)],
    lang: Lang = None,
) -> Response:
    booking = service.by_manage_token(session, token)
    language = _language(booking, lang)
    if booking is None:
        return _page(request, session, token, None, language, TEXTS[language]["not_found"], error=True, status_code=404)
    try:
        adviser_id, when_iso = start.split("|", 1)
        new_start = datetime.fromisoformat(when_iso)
        service.reschedule(session, booking, new_start, None, int(adviser_id), "resident")
    except (ValueError, service.BookingRejected, service.BookingConflict):
        session.rollback()
        return _page(request, session, token, booking, language, TEXTS[language]["taken"], error=True, status_code=409)
    return RedirectResponse(f"/afspraak/{token}?lang={language}&done=moved", status_code=303)
