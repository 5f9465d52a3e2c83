from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Response, status

from api.advisers.auth import AdviserDep, SessionDep, require_adviser
from api.advisers.models import Adviser
from api.availability import service
from api.availability.access import adviser_loader
from api.availability.calendar import local_tz
from api.availability.schemas import (
    AvailabilityIn,
    AvailabilityOut,
    DayOffIn,
    DayOffOut,
    SlotList,
    SlotOut,
)
from api.core.schemas import DbId, Language, Mode
from api.core.timeutil import Timestamp

router = APIRouter(prefix="/api", tags=["availability"])


@router.get("/slots", response_model=SlotList)
def list_slots(
    session: SessionDep,
    mode: Mode | None = None,
    from_: Annotated[Timestamp | None, Query(alias="from")] = None,
    to: Timestamp | None = None,
    adviser_id: Annotated[DbId | None, Query()] = None,
    language: Language | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> SlotList:
    """Free appointment slots, times in Europe/Amsterdam with their UTC offset."""
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
                location=s.location if mode in (None, "in_person") and "in_person" in s.adviser.modes else None,
            )
            for s in slots
        ]
    )


# An adviser's own availability (/me) and, for an administrator, anyone's (/{adviser_id}).
OthersDep = Annotated[Adviser, Depends(adviser_loader(require_adviser))]


def _add_day_off(session: SessionDep, adviser: Adviser, body: DayOffIn) -> DayOffOut:
    try:
        return service.add_day_off(session, adviser, body)
    except service.DayOffExists as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None


def _remove_day_off(session: SessionDep, adviser: Adviser, day_off_id: int) -> Response:
    if not service.remove_day_off(session, adviser, day_off_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such day off.")
    return Response(status_code=204)


@router.get("/advisers/me/availability", response_model=AvailabilityOut)
def get_my_availability(adviser: AdviserDep) -> AvailabilityOut:
    return service.availability(adviser)


@router.put("/advisers/me/availability", response_model=AvailabilityOut)
def put_my_availability(body: AvailabilityIn, adviser: AdviserDep, session: SessionDep) -> AvailabilityOut:
    """Replaces the weekly hours, modes, slot length and buffer. Existing bookings stay."""
    return service.set_availability(session, adviser, body)


@router.post("/advisers/me/days-off", response_model=DayOffOut, status_code=201)
def add_day_off(body: DayOffIn, adviser: AdviserDep, session: SessionDep) -> DayOffOut:
    return _add_day_off(session, adviser, body)


@router.delete("/advisers/me/days-off/{day_off_id}", status_code=204)
def remove_day_off(day_off_id: Annotated[DbId, Path()], adviser: AdviserDep, session: SessionDep) -> Response:
    return _remove_day_off(session, adviser, day_off_id)


@router.get("/advisers/{adviser_id}/availability", response_model=AvailabilityOut)
def get_availability(adviser: OthersDep) -> AvailabilityOut:
    """An adviser's availability (that adviser or an administrator)."""
    return service.availability(adviser)


@router.put("/advisers/{adviser_id}/availability", response_model=AvailabilityOut)
def put_availability(body: AvailabilityIn, adviser: OthersDep, session: SessionDep) -> AvailabilityOut:
    """Replaces an adviser's weekly hours, modes, slot length and buffer (that adviser or an
    administrator), with the same checks as /me. Existing bookings stay."""
    return service.set_availability(session, adviser, body)


@router.post("/advisers/{adviser_id}/days-off", response_model=DayOffOut, status_code=201)
def add_days_off_for(body: DayOffIn, adviser: OthersDep, session: SessionDep) -> DayOffOut:
    return _add_day_off(session, adviser, body)


@router.delete("/advisers/{adviser_id}/days-off/{day_off_id}", status_code=204)
def remove_day_off_for(day_off_id: Annotated[DbId, Path()], adviser: OthersDep, session: SessionDep) -> Response:
    return _remove_day_off(session, adviser, day_off_id)
