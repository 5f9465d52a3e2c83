from __future__ import annotations

from datetime import date, time

from sqlalchemy import Date, ForeignKey, Integer, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from api.advisers.models import Adviser
from api.core.db import Base


class WorkingHours(Base):
    """One period of a weekday in local (Europe/Amsterdam) wall-clock time; several per day allowed."""

    __tablename__ = "working_hours"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    adviser_id: Mapped[int] = mapped_column(ForeignKey("advisers.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
    location: Mapped[str | None] = mapped_column(String(120), nullable=True)

    adviser: Mapped[Adviser] = relationship(back_populates="working_hours")


class DayOff(Base):
    __tablename__ = "days_off"
    __table_args__ = (UniqueConstraint("adviser_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    adviser_id: Mapped[int] = mapped_column(ForeignKey("advisers.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str | None] = mapped_column(String(120), nullable=True)

    adviser: Mapped[Adviser] = relationship(back_populates="days_off")
