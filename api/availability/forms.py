"""The availability form: its fields as strings (to show again after a mistake) and the check
through AvailabilityIn, the same schema the JSON API validates with."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from api.advisers.models import Adviser
from api.availability.schemas import AvailabilityIn

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
