from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, EmailStr, Field, field_validator

from api.core.schemas import (
    Age,
    Channel,
    ConversationId,
    Language,
    LeadStatus,
    Mode,
    Pain,
    PlaceName,
    Sector,
    ShortText,
    StrictModel,
    Utm,
    Verdict,
    WorkSituation,
)
from api.eligibility.schemas import Reason

PHONE_CHARS = set("+0123456789 -()")


class Contact(StrictModel):
    name: ShortText | None = None
    phone: str | None = Field(default=None, max_length=32)
    email: EmailStr | None = None

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        digits = [c for c in value if c.isdigit()]
        if set(value) - PHONE_CHARS or not 8 <= len(digits) <= 15:
            raise ValueError("a phone number has 8 to 15 digits, e.g. 06 12345678 or +31 6 12345678")
        return value.strip()


class LeadUpsert(StrictModel):
    """What the action server knows so far; only the fields given are changed."""

    channel: Channel | None = None
    language: Language | None = None
    age: Age | None = None
    municipality: PlaceName | None = None
    work_situation: WorkSituation | None = None
    pains: list[Pain] | None = Field(default=None, max_length=6)
    sector: Sector | None = None
    contact: Contact | None = None
    consent_at: datetime | None = None
    utm: Utm | None = None
    callback_requested: bool | None = None
    callback_note: str | None = Field(default=None, max_length=500)
    last_inbound_at: AwareDatetime | None = Field(
        default=None,
        description="When the resident last wrote on WhatsApp (the channel sends it with each message); "
        "the reminders use it for WhatsApp's 24-hour window. An older time than the stored one is ignored.",
    )
    whatsapp_opted_out: bool | None = Field(
        default=None,
        description="true after the resident sent STOP on WhatsApp, false after START: "
        "no reminders or notices on WhatsApp while true.",
    )
    # Accepted for compatibility; the API recomputes the verdict from the answers itself.
    eligibility: dict[str, Any] | None = None
    persona: str | None = Field(default=None, max_length=40)


class Eligibility(BaseModel):
    verdict: Verdict
    reasons: list[Reason]


class BookingSummary(BaseModel):
    id: int
    start: datetime
    end: datetime
    mode: Mode
    adviser: str
    adviser_id: int
    location: str | None
    status: str


class LeadEventOut(BaseModel):
    id: int
    actor: str
    action: str
    from_status: str | None
    to_status: str | None
    note: str | None
    created_at: datetime


class LeadOut(BaseModel):
    id: int
    conversation_id: str
    channel: Channel
    language: Language
    age: int | None
    municipality: str | None
    work_situation: WorkSituation | None
    pains: list[Pain]
    sector: Sector | None
    eligibility: Eligibility | None
    persona: str | None
    contact: Contact
    consent_at: datetime | None
    booking: BookingSummary | None
    utm: Utm
    status: LeadStatus
    callback_requested: bool
    callback_note: str | None
    last_inbound_at: datetime | None = None
    whatsapp_opted_out: bool = False
    created_at: datetime
    updated_at: datetime


class LeadDetail(LeadOut):
    events: list[LeadEventOut]


class LeadList(BaseModel):
    items: list[LeadOut]
    total: int
    limit: int
    offset: int
    counts_by_status: dict[str, int]


class StatusChange(StrictModel):
    status: LeadStatus
    note: str | None = Field(default=None, max_length=2000)


class NoteIn(StrictModel):
    note: str = Field(min_length=1, max_length=2000)


class ConversationStartIn(StrictModel):
    conversation_id: ConversationId
    channel: Channel = "rest"
    language: Language = "nl"
    utm: Utm | None = None


class FunnelRow(BaseModel):
    utm_campaign: str | None
    utm_source: str | None
    conversations: int
    consented: int
    eligible: int
    booked: int
    attended: int
    voucher_requested: int


class Funnel(BaseModel):
    items: list[FunnelRow]
    totals: FunnelRow
