from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import Base
from api.core.timeutil import UTCDateTime, utcnow


class ConversationStart(Base):
    """One conversation, counted for the funnel without personal data: a keyed hash of its id
    (erasure replaces it by a random value), its channel, language and UTM.

    Every lead is linked to its conversation's row (made when the first message was not counted),
    so each later step of the funnel counts a subset of these rows. When the lead is erased, the
    furthest step it had reached stays behind as `final_stage`, and the funnel still adds up.
    """

    __tablename__ = "conversation_starts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_hash: Mapped[str] = mapped_column(String(64), unique=True)
    channel: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(2))
    utm_source: Mapped[str | None] = mapped_column(String(100), nullable=True)
    utm_medium: Mapped[str | None] = mapped_column(String(100), nullable=True)
    utm_campaign: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    utm_content: Mapped[str | None] = mapped_column(String(100), nullable=True)
    utm_term: Mapped[str | None] = mapped_column(String(100), nullable=True)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id", ondelete="SET NULL"), nullable=True, unique=True)
    final_stage: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
