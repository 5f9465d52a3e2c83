"""The lead as the API keeps it: the fields known so far, sent after consent only."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker

from actions.api import Api, ApiError, ApiUnavailable
from actions.common import INTAKE_SLOTS, channel_name, slot_value

logger = logging.getLogger(__name__)


def lead_payload(tracker: Tracker, events: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The lead fields known so far (partial upsert)."""
    events = events or []
    payload: dict[str, Any] = {
        "channel": channel_name(tracker),
        "language": slot_value(tracker, events, "language") or "nl",
    }
    for name in [*INTAKE_SLOTS, "sector", "persona"]:
        value = slot_value(tracker, events, name)
        if value is not None:
            payload[name] = value
    eligibility = slot_value(tracker, events, "eligibility")
    if eligibility:
        payload["eligibility"] = eligibility
    utm = slot_value(tracker, events, "utm")
    if utm:
        payload["utm"] = utm
    contact = {
        "name": slot_value(tracker, events, "contact_name"),
        "phone": slot_value(tracker, events, "contact_phone"),
        "email": slot_value(tracker, events, "contact_email"),
    }
    contact = {k: v for k, v in contact.items() if v}
    if contact:
        payload["contact"] = contact
    return payload


async def sync_lead(tracker: Tracker, events: list[dict[str, Any]], **extra: Any) -> bool:
    """Partial lead upsert after consent; failures are logged, never shown."""
    if slot_value(tracker, events, "consent") is not True:
        return False
    payload = {**lead_payload(tracker, events), **extra}
    try:
        await Api().upsert_lead(tracker.sender_id, payload)
        return True
    except (ApiUnavailable, ApiError) as exc:
        logger.warning("lead upsert failed: %s", exc)
        return False
