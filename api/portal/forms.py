"""Reading the portal's query strings and form fields: values that cannot be used are None (the
page then says so), never an exception."""

from __future__ import annotations

from datetime import date

from pydantic import ValidationError

from api.core.timeutil import in_range


def parse_day(value: str | None) -> date | None:
    """A date as a date field sends it (YYYY-MM-DD), within the years the system can compute with."""
    if not value:
        return None
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        return None
    return day if in_range(day) else None


def reasons(exc: ValidationError) -> str:
    """Pydantic's messages, without echoing the input back."""
    parts = []
    for error in exc.errors():
        loc = ".".join(str(x) for x in error.get("loc", ()) if x != "__root__")
        msg = str(error.get("msg", "")).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)
