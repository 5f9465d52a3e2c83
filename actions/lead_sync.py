"""The lead as the API keeps it: the fields known so far, sent only after consent.

Every upsert after consent carries `consent_at`, so a lead created later (the API was down at
the moment of consent) is still a consented lead. The verdict is not sent: the API computes it
from the answers and sends it back ("the verdict travels once").
"""

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
    for name in [*INTAKE_SLOTS, "sector", "work_text", "consent_at"]:
        value = slot_value(tracker, events, name)
        if value is not None:
            payload[name] = value
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


async def upsert_lead(tracker: Tracker, events: list[dict[str, Any]], **extra: Any) -> dict[str, Any] | None:
    """The lead after the upsert (with the API's verdict), or None: no consent, or the API
    failed (logged, never shown here)."""
    if slot_value(tracker, events, "consent") is not True:
        return None
    payload = {**lead_payload(tracker, events), **extra}
    try:
        return await Api().upsert_lead(tracker.sender_id, payload)
    except (ApiUnavailable, ApiError) as exc:
        logger.warning("lead upsert failed: %s", exc)
        return None


async def sync_lead(tracker: Tracker, events: list[dict[str, Any]], **extra: Any) -> bool:
    return await upsert_lead(tracker, events, **extra) is not None
