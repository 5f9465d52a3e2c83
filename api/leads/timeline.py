"""One chronological timeline of a lead: notes, status changes, bookings, who holds it, and the
messages sent to the resident.

Each kind of entry comes from a source: a function (session, lead) -> entries, registered with
`@source`. The audit trail (lead_events) is the first; a domain that sends messages to residents
(confirmations, reminders) registers its own, and they appear here in time order with the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.leads.models import Lead
from api.outbox.models import OutboxMessage


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str  # "event" (the audit trail) | "message" (sent to the resident) | a source's own
    action: str  # what happened: "note", "status_changed", "booked", "reminder_sent", ...
    actor: str | None  # "adviser:7", "service", "resident", ... (never a name or number)
    note: str | None = None  # free text an adviser wrote
    detail: dict[str, str | None] = field(default_factory=dict)  # e.g. {"from": "new", "to": "contacted"}


TimelineSource = Callable[[Session, Lead], Iterable[TimelineEntry]]
_SOURCES: list[TimelineSource] = []


def source(fn: TimelineSource) -> TimelineSource:
    """Registers a source of timeline entries (a decorator)."""
    _SOURCES.append(fn)
    return fn


def timeline(session: Session, lead: Lead) -> list[TimelineEntry]:
    """Oldest first; entries at the same moment keep their source's order."""
    entries = [entry for fn in _SOURCES for entry in fn(session, lead)]
    return sorted(entries, key=lambda e: e.at)


@source
def audit_trail(_: Session, lead: Lead) -> Iterable[TimelineEntry]:
    for e in lead.events:
        yield TimelineEntry(
            at=e.created_at,
            kind="event",
            action=e.action,
            actor=e.actor,
            note=e.note,
            detail={"from": e.from_status, "to": e.to_status, "subject": e.subject},
        )


# Messages to the resident from the outbox (api/outbox): sent, still to be sent, or failed; notices
# to advisers and withdrawn messages are left out. Read only: the outbox owns these rows.
RESIDENT_MESSAGE = (
    "confirmation",
    "reminder_day_before",
    "reminder_hours_before",
    "booking_moved",
    "booking_cancelled",
)


@source
def messages_to_the_resident(session: Session, lead: Lead) -> Iterable[TimelineEntry]:
    rows = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.lead_id == lead.id,
            OutboxMessage.kind.in_(RESIDENT_MESSAGE),
            OutboxMessage.status != "cancelled",
        )
    )
    for m in rows:
        state = {"sent": "sent", "failed": "failed"}.get(m.status, "planned")
        at = m.sent_at if state == "sent" and m.sent_at else m.due_at
        channel = "email" if m.via == "smtp" else m.channel  # a WhatsApp reminder after STOP goes by e-mail
        yield TimelineEntry(at, "message", f"message_{state}", "service", detail={"kind": m.kind, "channel": channel})
