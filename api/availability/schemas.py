from __future__ import annotations

from datetime import date, datetime, time
from itertools import pairwise

from pydantic import BaseModel, Field, field_validator, model_validator

from api.core.schemas import Mode, ShortText, StrictModel


def _on_five_minutes(t: time) -> time:
    if t.minute % 5 or t.second or t.microsecond:
        raise ValueError("times must be on a 5-minute mark, e.g. 09:00 or 13:35")
    return t


class SlotOut(BaseModel):
    adviser_id: int
    adviser_name: str
    start: datetime
    end: datetime
    modes: list[Mode]
    location: str | None


class SlotList(BaseModel):
    items: list[SlotOut]


class WorkingPeriod(StrictModel):
    weekday: int = Field(ge=0, le=6, description="0 = Monday ... 6 = Sunday")
    start: time
    end: time
    location: ShortText | None = None

    _five = field_validator("start", "end")(_on_five_minutes)

    @model_validator(mode="after")
    def _ordered(self) -> WorkingPeriod:
        if self.start >= self.end:
            raise ValueError("a working period must end after it starts")
        return self


class AvailabilityFields(StrictModel):
    modes: list[Mode] = Field(min_length=1, max_length=3)
    slot_minutes: int = Field(default=45, ge=15, le=120, multiple_of=5)
    buffer_minutes: int = Field(default=15, ge=0, le=60, multiple_of=5)
    locations: list[ShortText] = Field(default_factory=list, max_length=10)
    working_hours: list[WorkingPeriod] = Field(max_length=50)


class AvailabilityIn(AvailabilityFields):
    """What an adviser saves: checked for overlaps and a location for in-person appointments."""

    @model_validator(mode="after")
    def _no_overlap(self) -> AvailabilityIn:
        by_day: dict[int, list[WorkingPeriod]] = {}
        for p in self.working_hours:
            by_day.setdefault(p.weekday, []).append(p)
        for periods in by_day.values():
            periods.sort(key=lambda p: p.start)
            for a, b in pairwise(periods):
                if b.start < a.end:
                    raise ValueError(f"working periods overlap on weekday {a.weekday}")
        if "in_person" in self.modes and not self.locations and not any(p.location for p in self.working_hours):
            raise ValueError("in-person appointments need a location")
        return self


class DayOffIn(StrictModel):
    day: date
    reason: ShortText | None = None


class DayOffOut(BaseModel):
    id: int
    day: date
    reason: str | None


class AvailabilityOut(AvailabilityFields):
    """What is stored, as it is: older data need not pass today's checks to be shown."""

    days_off: list[DayOffOut]
