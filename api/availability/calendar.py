"""Working days, public holidays and the booking window, in Europe/Amsterdam."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from api.core.config import get_settings


@lru_cache
def local_tz() -> ZoneInfo:
    return ZoneInfo(get_settings().timezone)


@lru_cache(maxsize=16)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=year))


def is_public_holiday(day: date) -> bool:
    return day in _public_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_public_holiday(day)


def local_wall_time(day: date, at: time) -> datetime | None:
    """The aware moment of a wall-clock time on a day, or None when the clock skips it (DST)."""
    tz = local_tz()
    moment = datetime.combine(day, at, tzinfo=tz)  # fold=0: the first of a repeated hour
    round_trip = moment.astimezone(ZoneInfo("UTC")).astimezone(tz)
    if round_trip.replace(tzinfo=None) != moment.replace(tzinfo=None):
        return None
    return moment


def booking_window(now: datetime) -> tuple[datetime, datetime]:
    """Earliest and latest start a resident may book: from the next working day, up to N days."""
    settings = get_settings()
    day = now.astimezone(local_tz()).date()
    remaining = settings.booking_min_notice_working_days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    earliest = datetime.combine(day, time(0), tzinfo=local_tz())
    latest = now + timedelta(days=settings.booking_max_advance_days)
    return earliest, latest


def local_midnight(day: date) -> datetime:
    """The start of a local day (00:00 Europe/Amsterdam) as an aware moment."""
    return datetime.combine(day, time(0), tzinfo=local_tz())


def local_today(now: datetime) -> date:
    return now.astimezone(local_tz()).date()
