from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.core.db import Base
from api.core.timeutil import UTCDateTime, utcnow
from api.leads.models import Lead

# pending -> claimed -> sent | failed | cancelled; a claimed row whose lease ran out is claimed again.
OUTBOX_STATUSES = ("pending", "claimed", "sent", "failed", "cancelled")
OPEN_STATUSES = ("pending", "claimed")
CHANNELS = ("email", "whatsapp")


class OutboxMessage(Base):
    """One message to send. It holds no personal data: the recipient and the text are looked up
    and rendered when it is sent, so an erasure needs no cleaning here beyond the row itself."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    channel: Mapped[str] = mapped_column(String(10))
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="SET NULL"), nullable=True, index=True)
    booking_id: Mapped[int | None] = mapped_column(
        ForeignKey("bookings.id", ondelete="SET NULL"), nullable=True, index=True
    )
    adviser_id: Mapped[int | None] = mapped_column(ForeignKey("advisers.id", ondelete="SET NULL"), nullable=True)
    # The booking's version (its iCalendar SEQUENCE) the message describes: a reminder for an
    # older version is never sent.
    booking_sequence: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # What a notice needs when the booking may be gone (an erasure): time and mode, nothing personal.
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(String(32), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # A claim taken over from a sender whose lease ran out: it may have reached the provider.
    in_doubt: Mapped[bool] = mapped_column(default=False)
    provider_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    via: Mapped[str | None] = mapped_column(String(20), nullable=True)  # "template", "text", "smtp"
    last_error: Mapped[str | None] = mapped_column(String(200), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    # Lets a message be queued with a lead that has no id yet (a new lead in the same transaction).
    lead: Mapped[Lead | None] = relationship()
