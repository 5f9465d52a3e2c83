from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base
from api.core.timeutil import UTCDateTime, utcnow


class ShortLink(Base):
    """A short code that opens a booking's manage page. Only its keyed hash is stored."""

    __tablename__ = "short_links"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
