from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.advisers.schemas import AdviserRef
from api.core.schemas import ConversationId, DbId, Language, Mode, StrictModel
from api.leads.schemas import Contact


class BookingIn(StrictModel):
    conversation_id: ConversationId
    adviser_id: DbId
    start: datetime = Field(description="ISO 8601 with offset, one of the times /api/slots offers")
    mode: Mode
    contact: Contact
    language: Language | None = None


class BookingOut(BaseModel):
    id: int
    start: datetime
    end: datetime
    mode: Mode
    adviser: AdviserRef
    location: str | None
    status: str
    manage_url: str
    ics_url: str


class BookingCreated(BookingOut):
    manage_token: str


class RescheduleIn(StrictModel):
    start: datetime
    mode: Mode | None = None
    adviser_id: DbId | None = None


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


class Agenda(BaseModel):
    items: list[AgendaItem]


class OutcomeIn(StrictModel):
    status: Literal["attended", "no_show"]
