"""Which notices to send, to whom, with what text.

A notice carries the least personal data that still lets the adviser act: the time and mode of
the appointment or the verdict, and a link into the portal (behind its login). Never the
resident's name, phone, e-mail or answers.

The services call one function each (`booking_created`, `lead_changed`) before they commit; the
mail is queued only when that commit succeeds (a rolled-back booking sends nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.availability.calendar import local_tz
from api.bookings.models import Booking
from api.core.config import get_settings
from api.eligibility.service import get_vocabulary
from api.leads.models import Lead
from api.notifications.mailer import Mail, send_later

PREQUALIFIED = ("eligible", "needs_review")
_KEY = "pending_notifications"

DAYS = {
    "nl": ("ma", "di", "wo", "do", "vr", "za", "zo"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
VERDICTS = {
    "nl": {"eligible": "waarschijnlijk in aanmerking", "needs_review": "moet beoordeeld worden"},
    "en": {"eligible": "likely eligible", "needs_review": "needs review"},
}


def mode_label(mode: str, language: str) -> str:
    return get_vocabulary().label("mode", mode, language).lower()


def when(moment: datetime, language: str) -> str:
    local = moment.astimezone(local_tz())
    return f"{DAYS[language][local.weekday()]} {local.day} {MONTHS[language][local.month - 1]} {local:%H:%M}"


def portal_url(path: str) -> str:
    return f"{get_settings().public_base_url.rstrip('/')}/advisers{path}"


def _queue(session: Session, key: str, mail: Callable[[], Mail]) -> None:
    pending: dict[str, Callable[[], Mail]] = session.info.setdefault(_KEY, {})
    pending[key] = mail  # a retried commit replaces, never doubles, the notice
    if not session.info.get(_KEY + "_hooked"):
        session.info[_KEY + "_hooked"] = True
        event.listen(session, "after_commit", _after_commit)
        event.listen(session, "after_soft_rollback", _after_rollback)


def _after_commit(session: Session) -> None:
    pending: dict[str, Callable[[], Mail]] = session.info.pop(_KEY, {})
    # Built after the commit: a new lead has its id by then. Only loaded attributes are read.
    send_later([make() for make in pending.values()])


def _after_rollback(session: Session, _transaction: object) -> None:
    session.info.pop(_KEY, None)


def booking_mail(booking: Booking, adviser: Adviser) -> Mail:
    link = portal_url(f"/leads/{booking.lead_id}")
    nl = f"Nieuw adviesgesprek op {when(booking.start_at, 'nl')} ({mode_label(booking.mode, 'nl')})."
    en = f"New advice conversation on {when(booking.start_at, 'en')} ({mode_label(booking.mode, 'en')})."
    body = f"{nl}\nOpen het portaal: {link}\n\n{en}\nOpen the portal: {link}\n"
    subject = f"Nieuw adviesgesprek / New advice conversation: {when(booking.start_at, 'nl')}"
    return Mail("booking", (adviser.email,), subject, body)


def booking_created(session: Session, booking: Booking) -> None:
    """The assigned adviser hears of the new appointment once it is committed."""
    adviser = booking.adviser or session.get(Adviser, booking.adviser_id)
    if adviser is None:
        return
    _queue(session, f"booking:{booking.uid}", lambda: booking_mail(booking, adviser))


def lead_recipients(session: Session) -> tuple[str, ...]:
    configured = [a.strip() for a in get_settings().notify_leads_to.split(",") if a.strip()]
    if configured:
        return tuple(configured)
    with session.no_autoflush:  # the caller's pending changes are flushed by its own commit
        admins = session.scalars(
            select(Adviser.email).where(Adviser.role == "admin", Adviser.active.is_(True)).order_by(Adviser.id)
        )
        return tuple(admins)


def lead_mail(lead: Lead, recipients: tuple[str, ...]) -> Mail:
    verdict = lead.verdict or "needs_review"
    link = portal_url(f"/leads/{lead.id}")
    nl = f"Nieuwe lead zonder afspraak: {VERDICTS['nl'][verdict]}."
    en = f"New lead without an appointment: {VERDICTS['en'][verdict]}."
    body = f"{nl}\nOpen het portaal: {link}\n\n{en}\nOpen the portal: {link}\n"
    return Mail("lead", recipients, "Nieuwe lead / New lead", body)


def lead_changed(session: Session, lead: Lead) -> None:
    """A lead that has just become prequalified (eligible or needs review): the admins, or
    NOTIFY_LEADS_TO, hear of it. Call after the change, before the commit."""
    history = inspect(lead).attrs.verdict.history
    added: tuple[object, ...] = tuple(history.added or ())
    became = any(v in PREQUALIFIED for v in added)
    was = any(v in PREQUALIFIED for v in history.deleted or ())
    if not became or was:
        return
    recipients = lead_recipients(session)
    _queue(session, f"lead:{lead.conversation_id}", lambda: lead_mail(lead, recipients))
