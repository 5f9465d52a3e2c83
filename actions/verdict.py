"""The verdict: the eligibility check, a re-check after a correction, and the retry after an
API failure."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.api import Api, ApiError, ApiUnavailable
from actions.common import INTAKE_SLOTS, lang, t
from actions.lead_sync import sync_lead

logger = logging.getLogger(__name__)


def intake_complete(tracker: Tracker) -> bool:
    return all(tracker.get_slot(s) is not None for s in INTAKE_SLOTS)


async def check_eligibility(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    language = lang(tracker)
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
        dispatcher.utter_message(response="utter_api_down")
        return [SlotSet("api_error", True), SlotSet("verdict", None)]
    verdict = result.get("verdict")
    if verdict not in ("eligible", "not_eligible", "needs_review"):
        dispatcher.utter_message(response="utter_api_down")
        return [SlotSet("api_error", True), SlotSet("verdict", None)]
    dispatcher.utter_message(response=f"utter_verdict_{verdict}")
    lines = []
    for reason in result.get("reasons", []):
        text = (reason.get("explanations") or {}).get(language) or reason.get("explanation")
        if text:
            outcome = reason.get("outcome", "pass" if reason.get("passed") else "fail")
            mark = {"pass": "✓", "needs_review": "?"}.get(outcome, "✗")
            lines.append(f"{mark} {text}")
    if lines:
        dispatcher.utter_message(text="\n".join(lines))
    persona = result.get("persona")
    if persona and verdict != "not_eligible":
        dispatcher.utter_message(response=f"utter_persona_{persona}")
    steps = []
    for step in result.get("next_steps", []) or []:
        text = (step.get("texts") or {}).get(language) or step.get("text")
        if text:
            steps.append(f"- {text}" + (f" {step['url']}" if step.get("url") else ""))
    if verdict == "not_eligible":
        dispatcher.utter_message(response="utter_not_eligible_where_to_go")
    if steps:
        dispatcher.utter_message(text=t("next_steps", language) + "\n" + "\n".join(steps))
    eligibility = {"verdict": verdict, "reasons": result.get("reasons", [])}
    events: list[EventType] = [
        SlotSet("verdict", verdict),
        SlotSet("persona", persona),
        SlotSet("eligibility", eligibility),
        SlotSet("api_error", False),
    ]
    await sync_lead(tracker, [dict(e) for e in events])
    return events


class ActionAfterConsent(Action):
    """Right after consent: the first lead upsert, with consent time, channel, language, UTM."""

    def name(self) -> str:
        return "action_after_consent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        consent_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        await sync_lead(tracker, [], consent_at=consent_at)
        return []


class ActionCheckEligibility(Action):
    def name(self) -> str:
        return "action_check_eligibility"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        return await check_eligibility(dispatcher, tracker)


class ActionRecheck(Action):
    """An answer given outside the intake (a correction): re-check, or resume the intake."""

    def name(self) -> str:
        return "action_recheck"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if tracker.get_slot("consent") is not True:
            dispatcher.utter_message(response="utter_anything_else")
            return []
        if not intake_complete(tracker):
            return [FollowupAction("intake_form")]
        if tracker.get_slot("verdict") is None and not tracker.get_slot("api_error"):
            return await check_eligibility(dispatcher, tracker)
        dispatcher.utter_message(text=t("rechecked", lang(tracker)))
        return await check_eligibility(dispatcher, tracker)


class ActionRetry(Action):
    """After "try again": continue where the API failure stopped us."""

    def name(self) -> str:
        return "action_retry"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        if intake_complete(tracker) and tracker.get_slot("verdict") is None:
            events = await check_eligibility(dispatcher, tracker)
            verdict = next((e["value"] for e in events if e.get("name") == "verdict"), None)
            if verdict in ("eligible", "needs_review"):
                events.append(FollowupAction("booking_form"))
            return events
        dispatcher.utter_message(response="utter_anything_else")
        return [SlotSet("api_error", False)]
