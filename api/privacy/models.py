from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base
from api.core.timeutil import UTCDateTime, utcnow


class ErasureRecord(Base):
    """Proof that data was erased, holding no personal data: what, by whom, how much, when."""

    __tablename__ = "erasure_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))  # "erasure_request" | "retention_purge"
    actor: Mapped[str] = mapped_column(String(40))
    leads_erased: Mapped[int] = mapped_column(Integer, default=0)
    bookings_erased: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
