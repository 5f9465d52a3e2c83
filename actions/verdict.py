"""The verdict: the eligibility check (anonymous until the resident agrees to storing; after
that the lead upsert answers with the verdict), a re-check after a correction, and the retry
after an API failure. Each sets `next_step`, which the rules follow: offer a booking, offer to
save the answers, or wait."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.api import Api, ApiError, ApiUnavailable
from actions.common import INTAKE_SLOTS, lang, t
from actions.lead_sync import upsert_lead
from actions.result import show_result

logger = logging.getLogger(__name__)
VERDICTS = ("eligible", "not_eligible", "needs_review")


def intake_complete(tracker: Tracker) -> bool:
    skipped = set(tracker.get_slot("skipped") or [])
    return all(tracker.get_slot(s) is not None or s in skipped for s in INTAKE_SLOTS)


def has_booking(tracker: Tracker) -> bool:
    return bool((tracker.get_slot("booking") or {}).get("start"))


async def fetch_result(tracker: Tracker) -> dict[str, Any] | None:
    """{verdict, reasons, persona, next_steps}: from the lead upsert after consent (the API
    stores and judges in one go), else from the anonymous check, which stores nothing."""
    language = lang(tracker)
    if tracker.get_slot("consent") is True:
        lead = await upsert_lead(tracker, [])
        check = (lead or {}).get("check") or {}
        if check.get("verdict") in VERDICTS:
            return dict(check)
    payload: dict[str, Any] = {
        "age": tracker.get_slot("age"),
        "municipality": tracker.get_slot("municipality"),
        "work_situation": tracker.get_slot("work_situation"),
        "pains": tracker.get_slot("pains") or [],
        "language": language,
    }
    if tracker.get_slot("sector"):
        payload["sector"] = tracker.get_slot("sector")
    try:
        result = await Api().eligibility(payload)
    except (ApiUnavailable, ApiError) as exc:
        logger.warning("eligibility failed: %s", exc)
        return None
    return result if result.get("verdict") in VERDICTS else None


def next_step(tracker: Tracker, verdict: str, changed: bool) -> str:
    if verdict in ("eligible", "needs_review"):
        if has_booking(tracker):
            return "done"
        if tracker.get_slot("wants_booking") is False and not changed:
            return "done"  # declined already; a correction that changes nothing does not nag
        return "booking"
    return "done" if tracker.get_slot("consent") is True else "save"


async def check_eligibility(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    language = lang(tracker)
    previous = tracker.get_slot("verdict")
    if tracker.get_slot("age") is None:
        # the age was skipped: an adviser checks it, and the resident can still book
        dispatcher.utter_message(text=t("unknown_age", language))
        verdict = "needs_review"
        events: list[EventType] = [SlotSet("verdict", verdict), SlotSet("api_error", False)]
    else:
        result = await fetch_result(tracker)
        if result is None:
            dispatcher.utter_message(response="utter_api_down")
            return [SlotSet("api_error", True), SlotSet("verdict", None), SlotSet("next_step", "retry")]
        verdict = result["verdict"]
        show_result(dispatcher, tracker, result)
        events = [
            SlotSet("verdict", verdict),
            SlotSet("persona", result.get("persona")),
            SlotSet("eligibility", {"verdict": verdict, "reasons": result.get("reasons") or []}),
            SlotSet("api_error", False),
        ]
    step = next_step(tracker, verdict, changed=previous is not None and previous != verdict)
    if step == "booking":
        events.append(SlotSet("wants_booking", None))
    events.append(SlotSet("next_step", step))
    return events


class ActionCheckEligibility(Action):
    def name(self) -> str:
        return "action_check_eligibility"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return await check_eligibility(dispatcher, tracker)


class ActionRecheck(Action):
    """An answer given or corrected outside the forms (acknowledged when it was read): resume
    the intake when it is not complete, else the verdict again with the new answers."""

    def name(self) -> str:
        return "action_recheck"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if not intake_complete(tracker):
            return [SlotSet("next_step", None), FollowupAction("intake_form")]
        if tracker.get_slot("verdict") is not None:
            dispatcher.utter_message(text=t("rechecked", lang(tracker)))
        return await check_eligibility(dispatcher, tracker)


class ActionRetry(Action):
    """After "try again": continue where the API failure stopped us (the rules follow
    `next_step`, as after the first check)."""

    def name(self) -> str:
        return "action_retry"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if intake_complete(tracker) and tracker.get_slot("verdict") is None:
            return await check_eligibility(dispatcher, tracker)
        dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("api_error", False), SlotSet("next_step", "done")]
