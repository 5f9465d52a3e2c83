"""Free slots: each adviser's weekly hours on a wall-clock grid, minus days off, public
holidays and the time already held by bookings (see BookingBlock)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from api.advisers.models import Adviser
from api.availability.calendar import booking_window, is_public_holiday, local_tz, local_wall_time
from api.availability.models import DayOff, WorkingHours
from api.availability.schemas import AvailabilityIn, AvailabilityOut, DayOffIn, DayOffOut, WorkingPeriod
from api.bookings.models import BLOCK_MINUTES, BookingBlock
from api.core.db import get_row
from api.core.timeutil import utcnow


@dataclass(frozen=True)
class Slot:
    adviser: Adviser
    start: datetime  # aware, UTC
    end: datetime
    location: str | None

    def blocks(self) -> list[datetime]:
        """The 5-minute units this slot holds: its length plus the adviser's buffer."""
        held_until = self.end + timedelta(minutes=self.adviser.buffer_minutes)
        n = int((held_until - self.start) / timedelta(minutes=BLOCK_MINUTES))
        return [self.start + timedelta(minutes=BLOCK_MINUTES * i) for i in range(n)]


def grid(adviser: Adviser, day: date, days_off: set[date]) -> Iterator[Slot]:
    """Every slot of an adviser's working hours on one local day, booked or not."""
    if day in days_off or is_public_holiday(day):
        return
    length = timedelta(minutes=adviser.slot_minutes)
    step = timedelta(minutes=adviser.slot_minutes + adviser.buffer_minutes)
    for period in adviser.working_hours:
        if period.weekday != day.weekday():
            continue
        period_end = datetime.combine(day, period.end_time, tzinfo=local_tz())
        wall = datetime.combine(day, period.start_time)
        while wall.date() == day:
            start = local_wall_time(day, wall.time())
            wall += step
            if start is None:
                continue  # the clock skips this time on the spring DST change
            end = start + length
            if end > period_end:
                break
            location = period.location or (adviser.locations[0] if adviser.locations else None)
            yield Slot(adviser, start.astimezone(UTC), end.astimezone(UTC), location)


def _active_advisers(session: Session, mode: str | None, adviser_id: int | None, language: str | None) -> list[Adviser]:
    query = (
        select(Adviser)
        .where(Adviser.active.is_(True))
        .options(selectinload(Adviser.working_hours))
        .order_by(Adviser.id)
    )
    if adviser_id is not None:
        query = query.where(Adviser.id == adviser_id)
    advisers = session.scalars(query).all()
    return [a for a in advisers if (mode is None or mode in a.modes) and (language is None or language in a.languages)]


def _days(start: datetime, end: datetime) -> Iterator[date]:
    day = start.astimezone(local_tz()).date()
    last = end.astimezone(local_tz()).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


def free_slots(
    session: Session,
    mode: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    adviser_id: int | None = None,
    language: str | None = None,
    limit: int | None = None,
    now: datetime | None = None,
) -> list[Slot]:
    now = now or utcnow()
    earliest, latest = booking_window(now)
    lo = max(earliest, start or earliest, now)
    hi = min(latest, end or latest)
    if lo >= hi:
        return []
    advisers = _active_advisers(session, mode, adviser_id, language)
    if not advisers:
        return []
    ids = [a.id for a in advisers]
    taken = {
        (b.adviser_id, b.block_start)
        for b in session.scalars(
            select(BookingBlock).where(
                BookingBlock.adviser_id.in_(ids),
                BookingBlock.block_start >= lo - timedelta(hours=4),
                BookingBlock.block_start < hi + timedelta(hours=4),
            )
        )
    }
    off: dict[int, set[date]] = {}
    for d in session.scalars(select(DayOff).where(DayOff.adviser_id.in_(ids))):
        off.setdefault(d.adviser_id, set()).add(d.day)

    slots: list[Slot] = []
    for day in _days(lo, hi):
        # Day by day, so that a request for the next few slots stops early.
        todays = [
            slot
            for adviser in advisers
            for slot in grid(adviser, day, off.get(adviser.id, set()))
            if lo <= slot.start <= hi and not any((adviser.id, b) in taken for b in slot.blocks())
        ]
        slots.extend(sorted(todays, key=lambda s: (s.start, s.adviser.id)))
        if limit and len(slots) >= limit:
            return slots[:limit]
    return slots


class NotBookable(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def bookable_slot(session: Session, adviser: Adviser, start: datetime, mode: str, now: datetime | None = None) -> Slot:
    """The slot starting at `start`, if residents may book it at all (free or not)."""
    now = now or utcnow()
    if start.tzinfo is None:
        raise NotBookable("naive_time", "Give the start time with a UTC offset, e.g. +01:00.")
    start = start.astimezone(UTC)
    if start <= now:
        raise NotBookable("in_past", "That time has already passed.")
    earliest, latest = booking_window(now)
    if start < earliest:
        raise NotBookable("too_soon", "Appointments can be booked from the next working day.")
    if start > latest:
        raise NotBookable("too_far", "That time is too far ahead; choose a time within 4 weeks.")
    if not adviser.active:
        raise NotBookable("adviser_inactive", "That adviser does not take appointments.")
    if mode not in adviser.modes:
        raise NotBookable("mode_not_offered", f"That adviser does not offer '{mode}' appointments.")
    days_off = {d.day for d in adviser.days_off}
    for slot in grid(adviser, start.astimezone(local_tz()).date(), days_off):
        if slot.start == start:
            return slot
    raise NotBookable("not_a_slot", "That adviser has no appointment slot at that time.")


def availability(adviser: Adviser) -> AvailabilityOut:
    return AvailabilityOut(
        modes=adviser.modes,
        slot_minutes=adviser.slot_minutes,
        buffer_minutes=adviser.buffer_minutes,
        locations=adviser.locations,
        working_hours=[
            WorkingPeriod(weekday=w.weekday, start=w.start_time, end=w.end_time, location=w.location)
            for w in sorted(adviser.working_hours, key=lambda w: (w.weekday, w.start_time))
        ],
        days_off=[
            DayOffOut(id=d.id, day=d.day, reason=d.reason) for d in sorted(adviser.days_off, key=lambda d: d.day)
        ],
    )


def set_availability(session: Session, adviser: Adviser, body: AvailabilityIn) -> AvailabilityOut:
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
    return availability(adviser)


class DayOffExists(Exception):
    pass


def add_day_off(session: Session, adviser: Adviser, body: DayOffIn) -> DayOffOut:
    existing = session.scalar(select(DayOff).where(DayOff.adviser_id == adviser.id, DayOff.day == body.day))
    if existing:
        raise DayOffExists("That day is already a day off.")
    day_off = DayOff(adviser_id=adviser.id, day=body.day, reason=body.reason)
    session.add(day_off)
    session.commit()
    return DayOffOut(id=day_off.id, day=day_off.day, reason=day_off.reason)


def remove_day_off(session: Session, adviser: Adviser, day_off_id: int) -> bool:
    """False when there is no such day off of this adviser."""
    day_off = get_row(session, DayOff, day_off_id)
    if day_off is None or day_off.adviser_id != adviser.id:
        return False
    session.delete(day_off)
    session.commit()
    return True
