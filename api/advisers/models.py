from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, get_args

from sqlalchemy import JSON, Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.core.db import Base
from api.core.schemas import Mode
from api.core.timeutil import UTCDateTime, utcnow

if TYPE_CHECKING:
    from api.availability.models import DayOff, WorkingHours

ROLES = ("adviser", "admin")
MODES = get_args(Mode)


class Adviser(Base):
    __tablename__ = "advisers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="adviser")
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["nl"])
    locations: Mapped[list[str]] = mapped_column(JSON, default=list)
    modes: Mapped[list[str]] = mapped_column(JSON, default=lambda: list(MODES))
    slot_minutes: Mapped[int] = mapped_column(Integer, default=45)
    buffer_minutes: Mapped[int] = mapped_column(Integer, default=15)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    working_hours: Mapped[list[WorkingHours]] = relationship(
        back_populates="adviser", cascade="all, delete-orphan", order_by="WorkingHours.weekday"
    )
    days_off: Mapped[list[DayOff]] = relationship(back_populates="adviser", cascade="all, delete-orphan")
