"""The leads inbox's filters from the query string: an unknown value is dropped (and the page
says so) rather than failing the page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from api.availability.calendar import local_midnight
from api.eligibility.rules import PERSONA_IDS
from api.leads.models import CHANNELS, STATUSES, VERDICTS
from api.leads.service import LeadFilter
from api.portal.forms import parse_day

PAGE_SIZE = 25


@dataclass
class LeadQuery:
    filters: LeadFilter
    values: dict[str, str]  # what the form shows again
    page: int
    invalid: bool = False

    def query_string(self, **override: Any) -> str:
        values = {k: v for k, v in {**self.values, **override}.items() if v not in (None, "")}
        return urlencode(values)


def lead_query(params: Mapping[str, str]) -> LeadQuery:
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
