from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from api.advisers.schemas import AdviserRef
from api.core.schemas import ConversationId, DbId, Language, Mode, StrictModel, Verdict
from api.core.timeutil import InRange
from api.leads.schemas import Contact


class BookingIn(StrictModel):
    conversation_id: ConversationId
    adviser_id: DbId
    start: Annotated[datetime, InRange] = Field(description="ISO 8601 with offset, one of the times /api/slots offers")
    mode: Mode
    contact: Contact
    language: Language | None = None


class ConversationBookingOut(BaseModel):
    """The resident's appointment as the assistant shows it in the chat (no manage link: the chat
    itself is the resident's key)."""

    id: int
    start: datetime
    end: datetime
    mode: Mode
    adviser: AdviserRef
    location: str | None
    status: str


class BookingOut(ConversationBookingOut):
    """The appointment with the resident's manage link and calendar file."""

    manage_url: str
    ics_url: str


class ConversationRescheduleIn(StrictModel):
    start: Annotated[datetime, InRange] = Field(description="One of the times /api/slots offers")
    adviser_id: DbId | None = Field(default=None, description="Another adviser's free time; default: the same one")


class BookingCreated(BookingOut):
    manage_token: str


class RescheduleIn(StrictModel):
    start: Annotated[datetime, InRange]
    mode: Mode | None = None
    adviser_id: DbId | None = None


# An adviser's reason for cancelling: the resident reads it in the cancellation message.
CANCEL_REASON_MAX = 300


class CancelIn(StrictModel):
    reason: str | None = Field(
        default=None,
        max_length=CANCEL_REASON_MAX,
        description="Optional; the resident reads it in the cancellation message (e-mail, WhatsApp)",
    )


class AgendaItem(BaseModel):
    id: int
    start: datetime
    end: datetime
    mode: Mode
    location: str | None
    status: str
    adviser: AdviserRef
    lead_id: int
    resident_name: str | None
    phone: str | None = None
    verdict: Verdict | None = None
    outcome_possible: bool = Field(
        default=False, description="Attended / no show can be recorded (the appointment has started)"
    )


class Agenda(BaseModel):
    items: list[AgendaItem]


class OutcomeIn(StrictModel):
    status: Literal["attended", "no_show"]


class CalendarFeedOut(BaseModel):
    active: bool
    created_at: datetime | None
    url: str | None = Field(default=None, description="Only in the answer that made it: it is not stored")
