"""The base of every form's validation: counts failed answers to the requested slot, explains
what is needed, offers a person after two failures, and keeps the lead up to date after
consent."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import latest_intent, option_number, slot_value
from actions.lead_sync import sync_lead

BOOKKEEPING = {
    "failures", "requested_slot", "language", "language_source", "channel", "utm",
    "conversation_registered", "callback_pending", "offered_slots", "slots_from", "api_error",
}  # fmt: skip


def fresh_user_turn(tracker: Tracker, form: str) -> bool:
    """True when the form is validating a new user message (not resuming after a digression).
    Rasa hands the validation action a tracker that ends with ActionExecuted(<form>)."""
    for ev in reversed(tracker.events):
        if ev.get("event") == "user":
            return True
        if ev.get("event") == "action" and ev.get("name") not in (
            "action_extract_slots",
            "action_listen",
            form,
            None,
        ):
            return False
    return False


def slots_set_this_turn(before: list[dict[str, Any]], events: list[dict[str, Any]]) -> set[str]:
    """Slots (not bookkeeping) that end this turn with a value: set since the user's message
    by Rasa's mappings (`before`), as changed by the validation (`events`)."""
    since_user: list[dict[str, Any]] = []
    for ev in reversed(before):
        if ev.get("event") == "user":
            break
        since_user.insert(0, ev)
    final: dict[str, Any] = {}
    for ev in since_user + list(events):
        if ev.get("event") == "slot":
            final[str(ev.get("name"))] = ev.get("value")
    return {k for k, v in final.items() if v is not None and v != []} - BOOKKEEPING


def yes_no_option(tracker: Tracker, slot: str) -> dict[str, Any]:
    """WhatsApp numbered yes/no options: "1" is yes, "2" is no."""
    if tracker.get_slot("requested_slot") != slot:
        return {}
    n = option_number(tracker, 2)
    return {slot: n == 1} if n else {}


class BaseFormValidation(FormValidationAction):
    """Counts failed answers to the requested slot: explains what is needed, and after two
    failures offers buttons and a person. Upserts the lead at every step after consent."""

    NO_FAILURE_INTENTS: frozenset[str] = frozenset({"other_times"})
    # Rasa predicts the active form first after every message; only when the form rejects the
    # message (nothing extracted, nothing validated) do the rules for these intents answer it
    # and return to the question. So for them an unanswered question is not a failure.
    DIGRESSION_INTENTS: frozenset[str] = frozenset({
        "ask_what_is_voucher", "ask_costs", "ask_courses", "ask_duration", "ask_taxes",
        "ask_who_can_apply", "ask_employer", "bot_challenge", "out_of_scope", "request_human",
        "delete_data", "restart", "switch_language", "greet", "thanks", "goodbye",
    })  # fmt: skip

    @abstractmethod
    def name(self) -> str:  # pragma: no cover - every form's validation names itself
        raise NotImplementedError

    def is_retry(self, tracker: Tracker) -> bool:
        return False

    def extra_events(self, tracker: Tracker) -> list[EventType]:
        """Events for slots outside the form (rasa-sdk drops those from extract_ methods)."""
        return []

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        before = len(dispatcher.messages)
        initial_events = list(tracker.events)
        fresh = fresh_user_turn(tracker, self.form_name())
        extra = self.extra_events(tracker) if fresh else []
        events = list(await super().run(dispatcher, tracker, domain)) + extra
        explained = len(dispatcher.messages) > before
        requested = tracker.get_slot("requested_slot")
        failures = int(tracker.get_slot("failures") or 0)
        if requested and fresh:
            filled = slot_value(tracker, events, requested) is not None
            if filled or slots_set_this_turn(initial_events, events):
                if failures:
                    events.append(SlotSet("failures", 0))
            elif latest_intent(tracker) in self.DIGRESSION_INTENTS and not explained:
                pass  # let the form reject the message, so the digression rules answer it
            elif latest_intent(tracker) in self.NO_FAILURE_INTENTS or self.is_retry(tracker):
                events.append(SlotSet("failures", failures))
            else:
                failures += 1
                events.append(SlotSet("failures", failures))
                if not explained:
                    dispatcher.utter_message(response=f"utter_invalid_{requested}")
                if failures >= 2:
                    dispatcher.utter_message(response="utter_offer_human")
        changed = {e.get("name") for e in events if e.get("event") == "slot"} - BOOKKEEPING
        if self.name() != "validate_consent_form" and changed:
            await sync_lead(tracker, events)
        return events
