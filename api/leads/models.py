from __future__ import annotations

from datetime import datetime
from typing import Any, get_args

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.advisers.models import Adviser
from api.core.db import Base
from api.core.schemas import Channel, Language, LeadStatus, Pain, Sector, Verdict, WorkSituation
from api.core.timeutil import UTCDateTime, utcnow
from api.eligibility.vocabulary import Limits
from api.funnel.models import ConversationStart

# One source of truth for the enumerations: the Literal types the API validates with.
CHANNELS = get_args(Channel)
LANGUAGES = get_args(Language)
WORK_SITUATIONS = get_args(WorkSituation)
PAINS = get_args(Pain)
SECTORS = get_args(Sector)
VERDICTS = get_args(Verdict)
STATUSES = get_args(LeadStatus)
UTM_FIELDS = ("source", "medium", "campaign", "content", "term")


class Lead(Base):
    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(128), unique=True)
    channel: Mapped[str] = mapped_column(String(20), default="rest")
    language: Mapped[str] = mapped_column(String(2), default="nl")
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    municipality: Mapped[str | None] = mapped_column(String(80), nullable=True)
    work_situation: Mapped[str | None] = mapped_column(String(20), nullable=True)
    pains: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    sector: Mapped[str | None] = mapped_column(String(20), nullable=True)
    verdict: Mapped[str | None] = mapped_column(String(20), nullable=True, index=True)
    reasons: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, nullable=True)
    persona: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)
    contact_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    contact_phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    contact_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    utm_source: Mapped[str | None] = mapped_column(String(100), nullable=True)
    utm_medium: Mapped[str | None] = mapped_column(String(100), nullable=True)
    utm_campaign: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    utm_content: Mapped[str | None] = mapped_column(String(100), nullable=True)
    utm_term: Mapped[str | None] = mapped_column(String(100), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    callback_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    callback_note: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # The resident's last message on WhatsApp (reported by the channel with each message, POST
    # .../whatsapp-inbound): WhatsApp's 24-hour window for free-form messages runs from it; unknown
    # counts as outside the window.
    last_inbound_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # STOP on WhatsApp (reported by the channel, START clears it): no reminders or notices there.
    whatsapp_opted_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # What the resident said about their work, in their own words (cut to the vocabulary's limit).
    work_text: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # The adviser who took the lead to call; none while it waits in the call list.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("advisers.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    owner: Mapped[Adviser | None] = relationship()
    events: Mapped[list[LeadEvent]] = relationship(
        back_populates="lead", cascade="all, delete-orphan", order_by="LeadEvent.id"
    )


class LeadEvent(Base):
    """Audit trail of a lead: who changed what, when (adviser id or 'service')."""

    __tablename__ = "lead_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_status: Mapped[str | None] = mapped_column(String(20), nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Whom the action was about, as an actor label ("adviser:7"): the new owner of an assignment.
    subject: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lead: Mapped[Lead] = relationship(back_populates="events")


def limits_beyond_columns(held: Limits) -> list[str]:
    """The vocabulary's limits that a database column cannot hold (checked at start: a value cut
    to its limit must always fit)."""
    columns = {
        "utm_value": [getattr(model, f"utm_{f}") for model in (Lead, ConversationStart) for f in UTM_FIELDS],
        "place_name": [Lead.municipality],
        "callback_note": [Lead.callback_note],
        "work_text": [Lead.work_text],
    }
    problems = []
    for name, attributes in columns.items():
        for attribute in attributes:
            length = getattr(attribute.type, "length", None)
            if length is not None and getattr(held, name) > length:
                problems.append(f"{name}: {getattr(held, name)} is longer than {attribute} ({length} characters)")
    return problems
