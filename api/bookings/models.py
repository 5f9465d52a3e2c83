from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.advisers.models import Adviser
from api.availability.calendar import local_tz
from api.core.db import Base
from api.core.timeutil import UTCDateTime, utcnow
from api.leads.models import Lead

BOOKING_STATUSES = ("active", "cancelled", "attended", "no_show")
BLOCK_MINUTES = 5


class Booking(Base):
    __tablename__ = "bookings"
    __table_args__ = (
        # At most one active booking per lead, enforced by the database on SQLite and PostgreSQL.
        Index(
            "uq_bookings_one_active_per_lead",
            "lead_id",
            unique=True,
            sqlite_where=text("status = 'active'"),
            postgresql_where=text("status = 'active'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    adviser_id: Mapped[int] = mapped_column(ForeignKey("advisers.id"), index=True)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    mode: Mapped[str] = mapped_column(String(20))
    location: Mapped[str | None] = mapped_column(String(120), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="active")
    manage_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    adviser: Mapped[Adviser] = relationship()
    lead: Mapped[Lead] = relationship()

    # Residents and advisers see Amsterdam time with its offset; the database keeps UTC.
    @property
    def local_start(self) -> datetime:
        return self.start_at.astimezone(local_tz())

    @property
    def local_end(self) -> datetime:
        return self.end_at.astimezone(local_tz())

    blocks: Mapped[list[BookingBlock]] = relationship(back_populates="booking", cascade="all, delete-orphan")


class BookingBlock(Base):
    """A 5-minute unit of an adviser's time held by a booking (its length plus buffer).

    The primary key (adviser, block start) makes overlapping bookings impossible in the
    database itself, on SQLite as on PostgreSQL, whatever the slot grid.
    """

    __tablename__ = "booking_blocks"

    adviser_id: Mapped[int] = mapped_column(ForeignKey("advisers.id"), primary_key=True)
    block_start: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)

    booking: Mapped[Booking] = relationship(back_populates="blocks")


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_records"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class CalendarFeed(Base):
    """An adviser's private calendar subscription (an .ics URL with a secret token). Only a hash
    of the token is kept: the URL is shown once, when it is made; making a new one ends the old."""

    __tablename__ = "calendar_feeds"

    adviser_id: Mapped[int] = mapped_column(ForeignKey("advisers.id", ondelete="CASCADE"), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
