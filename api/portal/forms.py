"""Turning the portal's query strings and form posts into the services' inputs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from pydantic import ValidationError

from api.advisers.models import Adviser
from api.availability.calendar import local_tz
from api.availability.schemas import AvailabilityIn
from api.eligibility.rules import PERSONA_IDS
from api.leads.models import CHANNELS, STATUSES, VERDICTS
from api.leads.service import LeadFilter

PAGE_SIZE = 25


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=local_tz())


def parse_day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


@dataclass
class LeadQuery:
    filters: LeadFilter
    values: dict[str, str]  # what the form shows again
    page: int
    invalid: bool = False

    def query_string(self, **override: Any) -> str:
        from urllib.parse import urlencode

        values = {k: v for k, v in {**self.values, **override}.items() if v not in (None, "")}
        return urlencode(values)


def lead_query(params: Mapping[str, str]) -> LeadQuery:
    """The inbox's filters; an unknown value is dropped (and said so) rather than failing the page."""
    invalid = False
    values: dict[str, str] = {}

    def choice(name: str, allowed: tuple[str, ...]) -> str | None:
        nonlocal invalid
        value = (params.get(name) or "").strip()
        if not value:
            return None
        if value not in allowed:
            invalid = True
            return None
        values[name] = value
        return value

    def text(name: str, max_length: int = 100) -> str | None:
        value = (params.get(name) or "").strip()[:max_length]
        if value:
            values[name] = value
        return value or None

    def day(name: str) -> date | None:
        nonlocal invalid
        raw = (params.get(name) or "").strip()
        parsed = parse_day(raw)
        if raw and parsed is None:
            invalid = True
        if parsed:
            values[name] = parsed.isoformat()
        return parsed

    day_from, day_to = day("from"), day("to")
    filters = LeadFilter(
        status=choice("status", STATUSES),
        verdict=choice("verdict", VERDICTS),
        persona=choice("persona", PERSONA_IDS),
        channel=choice("channel", CHANNELS),
        utm_campaign=text("campaign"),
        q=text("q"),
        created_from=local_midnight(day_from) if day_from else None,
        created_to=local_midnight(day_to + timedelta(days=1)) if day_to else None,
    )
    try:
        page = max(1, min(int(params.get("page") or 1), 100_000))
    except ValueError:
        page = 1
    return LeadQuery(filters, values, page, invalid)


PERIODS_PER_DAY = 2


@dataclass
class AvailabilityForm:
    """The availability form's values as strings, to show again after a mistake."""

    modes: list[str]
    slot_minutes: str
    buffer_minutes: str
    locations: str
    hours: dict[int, list[dict[str, str]]] = field(default_factory=dict)
    periods: int = PERIODS_PER_DAY

    @classmethod
    def from_adviser(cls, a: Adviser) -> AvailabilityForm:
        """From the stored settings as they are (they may not pass AvailabilityIn's checks yet, e.g.
        an account made by `make adviser` offers in-person talks without a location)."""
        by_day: dict[int, list[dict[str, str]]] = {d: [] for d in range(7)}
        for p in sorted(a.working_hours, key=lambda w: (w.weekday, w.start_time)):
            by_day[p.weekday].append(
                {
                    "start": p.start_time.strftime("%H:%M"),
                    "end": p.end_time.strftime("%H:%M"),
                    "location": p.location or "",
                }
            )
        periods = max([PERIODS_PER_DAY, *(len(v) + 1 for v in by_day.values() if len(v) >= PERIODS_PER_DAY)])
        return cls._padded(
            list(a.modes), str(a.slot_minutes), str(a.buffer_minutes), "\n".join(a.locations), by_day, periods
        )

    @classmethod
    def _padded(
        cls,
        modes: list[str],
        slot: str,
        buffer: str,
        locations: str,
        by_day: dict[int, list[dict[str, str]]],
        periods: int,
    ) -> AvailabilityForm:
        empty = {"start": "", "end": "", "location": ""}
        hours = {d: (by_day.get(d, []) + [dict(empty) for _ in range(periods)])[:periods] for d in range(7)}
        return cls(modes, slot, buffer, locations, hours, periods)

    @classmethod
    def from_post(cls, form: Mapping[str, Any], modes: list[str]) -> AvailabilityForm:
        try:
            periods = max(PERIODS_PER_DAY, min(int(form.get("periods") or PERIODS_PER_DAY), 10))
        except ValueError:
            periods = PERIODS_PER_DAY
        by_day = {
            d: [
                {key: str(form.get(f"h{d}_{i}_{key}") or "").strip()[:120] for key in ("start", "end", "location")}
                for i in range(periods)
            ]
            for d in range(7)
        }
        return cls._padded(
            modes,
            str(form.get("slot_minutes") or "").strip(),
            str(form.get("buffer_minutes") or "").strip(),
            str(form.get("locations") or "")[:2000],
            by_day,
            periods,
        )

    def validated(self) -> AvailabilityIn:
        """Raises ValidationError with the reasons."""
        periods = [
            {"weekday": d, "start": p["start"], "end": p["end"], "location": p["location"] or None}
            for d, day in self.hours.items()
            for p in day
            if p["start"] or p["end"]
        ]
        return AvailabilityIn.model_validate(
            {
                "modes": self.modes,
                "slot_minutes": self.slot_minutes or 45,
                "buffer_minutes": self.buffer_minutes or 0,
                "locations": [line.strip() for line in self.locations.splitlines() if line.strip()],
                "working_hours": periods,
            }
        )


def reasons(exc: ValidationError) -> str:
    """Pydantic's messages, without echoing the input back."""
    parts = []
    for error in exc.errors():
        loc = ".".join(str(x) for x in error.get("loc", ()) if x != "__root__")
        msg = str(error.get("msg", "")).removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)
