"""Time helpers: the database stores naive UTC; residents and advisers see Europe/Amsterdam."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime
from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

# Years the system can convert and compute with: year 1 at +14:00 has no UTC time, and a week
# after 31-12-9999 does not exist (OverflowError). Dates outside are refused with this reason.
FIRST_YEAR, LAST_YEAR = 1900, 2999
OUT_OF_RANGE = f"dates must lie between the years {FIRST_YEAR} and {LAST_YEAR}"


def utcnow() -> datetime:
    return datetime.now(UTC)


def in_range(value: datetime | date) -> bool:
    return FIRST_YEAR <= value.year <= LAST_YEAR


def _checked(value: datetime) -> datetime:
    if not in_range(value):
        raise ValueError(OUT_OF_RANGE)
    return value


# For request bodies and query parameters: a 422 with the reason above instead of an
# OverflowError (a 500) in a conversion. InRange also lets a naive time through (for its own reason).
InRange = AfterValidator(_checked)
Timestamp = Annotated[AwareDatetime, InRange]


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in Python, naive UTC in the database.

    SQLite has no time zones and PostgreSQL's timestamptz compares differently in unique
    indexes across sessions' time zones; storing naive UTC behaves the same on both.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)
