from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Response, status
from sqlalchemy import select

from api.advisers.auth import AdviserDep, SessionDep
from api.availability import service
from api.availability.calendar import local_tz
from api.availability.models import DayOff, WorkingHours
from api.availability.schemas import (
    AvailabilityIn,
    AvailabilityOut,
    DayOffIn,
    DayOffOut,
    SlotList,
    SlotOut,
    WorkingPeriod,
)
from api.core.schemas import DbId, Language, Mode

router = APIRouter(prefix="/api", tags=["availability"])


@router.get("/slots", response_model=SlotList)
def list_slots(
    session: SessionDep,
    mode: Mode | None = None,
    from_: Annotated[datetime | None, Query(alias="from")] = None,
    to: datetime | None = None,
    adviser_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    language: Language | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> SlotList:
    """Free appointment slots, times in Europe/Amsterdam with their UTC offset."""
    for name, value in (("from", from_), ("to", to)):
        if value is not None and value.tzinfo is None:
            raise HTTPException(422, f"'{name}' needs a UTC offset, e.g. 2026-03-02T09:00:00+01:00.")
    if from_ and to and from_ >= to:
        raise HTTPException(422, "'from' must be before 'to'.")
    slots = service.free_slots(session, mode, from_, to, adviser_id, language, limit)
    tz = local_tz()
    return SlotList(
        items=[
            SlotOut(
                adviser_id=s.adviser.id,
                adviser_name=s.adviser.name,
                start=s.start.astimezone(tz),
                end=s.end.astimezone(tz),
                modes=[m for m in s.adviser.modes if mode in (None, m)],
                location=s.location
                if mode in (None, "in_person") and "in_person" in s.adviser.modes
                else None,
            )
            for s in slots
        ]
    )


def _availability(adviser_dep: AdviserDep) -> AvailabilityOut:
    a = adviser_dep
    return AvailabilityOut(
        modes=a.modes,
        slot_minutes=a.slot_minutes,
        buffer_minutes=a.buffer_minutes,
        locations=a.locations,
        working_hours=[
            WorkingPeriod(weekday=w.weekday, start=w.start_time, end=w.end_time, location=w.location)
            for w in sorted(a.working_hours, key=lambda w: (w.weekday, w.start_time))
        ],
        days_off=[
            DayOffOut(id=d.id, day=d.day, reason=d.reason) for d in sorted(a.days_off, key=lambda d: d.day)
        ],
    )


@router.get("/advisers/me/availability", response_model=AvailabilityOut)
def get_my_availability(adviser: AdviserDep) -> AvailabilityOut:
    return _availability(adviser)


@router.put("/advisers/me/availability", response_model=AvailabilityOut)
def put_my_availability(body: AvailabilityIn, adviser: AdviserDep, session: SessionDep) -> AvailabilityOut:
    """Replaces the weekly hours, modes, slot length and buffer. Existing bookings stay."""
    adviser.modes = list(body.modes)
    adviser.slot_minutes = body.slot_minutes
    adviser.buffer_minutes = body.buffer_minutes
    adviser.locations = list(body.locations)
    adviser.working_hours = [
        WorkingHours(weekday=p.weekday, start_time=p.start, end_time=p.end, location=p.location)
        for p in body.working_hours
    ]
    session.commit()
    return _availability(adviser)


@router.post("/advisers/me/days-off", response_model=DayOffOut, status_code=201)
def add_day_off(body: DayOffIn, adviser: AdviserDep, session: SessionDep) -> DayOffOut:
    existing = session.scalar(select(DayOff).where(DayOff.adviser_id == adviser.id, DayOff.day == body.day))
    if existing:
        raise HTTPException(status.HTTP_409_CONFLICT, "That day is already a day off.")
    day_off = DayOff(adviser_id=adviser.id, day=body.day, reason=body.reason)
    session.add(day_off)
    session.commit()
    return DayOffOut(id=day_off.id, day=day_off.day, reason=day_off.reason)


@router.delete("/advisers/me/days-off/{day_off_id}", status_code=204)
def remove_day_off(day_off_id: Annotated[DbId, Path()], adviser: AdviserDep, session: SessionDep) -> Response:
    day_off = session.get(DayOff, day_off_id)
    if day_off is None or day_off.adviser_id != adviser.id:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such day off.")
    session.delete(day_off)
    session.commit()
    return Response(status_code=204)
