"""The intake form: age, where the resident lives, their work and what they want to change.

The answers themselves are read on every message (actions/observe.py, actions/reading.py);
here come the answers that only make sense as a reply to the question just asked (a WhatsApp
option number, "don't know", "none of these", "another municipality"), the checks, and what is
kept when an answer cannot be read twice.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import checks, nlu, reading
from actions.common import latest_intent, latest_text, option_number
from actions.validation.base import BaseFormValidation, earlier_messages_at
from bot import texts

WORK_OPTIONS = checks.values_of("work_situation")
PAIN_OPTIONS = checks.values_of("pain")
# "don't know" / "skip this question": what each answer becomes
DONT_KNOW = {"municipality": checks.UNKNOWN_PLACE, "work_situation": "other", "pains": []}
# a place typed as the answer is kept as typed when it is short enough to be a name
PLACE_WORDS_MAX = 4
ANOTHER = re.compile(
    r"\b(andere? (gemeente|plaats|stad)|another (municipality|place|town)|elsewhere|ergens anders)\b", re.I
)


def municipality_options() -> list[str]:
    """The municipality buttons in their order: the region, then "other" and "unknown"."""
    return [*texts.region(), "other", checks.UNKNOWN_PLACE]


def asked(tracker: Tracker, slot: str) -> bool:
    return bool(tracker.get_slot("requested_slot") == slot)


def not_said(tracker: Tracker) -> bool:
    """ "weet ik niet", "dat zeg ik liever niet": no answer to give, said plainly (not asked back)."""
    withheld = latest_intent(tracker) == "dont_know" or reading.declines_to_say(latest_text(tracker))
    return withheld and not reading.asks_back(tracker)


def pains_still_to_ask(tracker: Tracker, slot: str) -> bool:
    """What bothers the resident was heard before "what would you like to change?" was answered:
    in passing (a flex contract named with their work, an opening that mentions the contract
    ending) or with the whole story at once. The question is still put: facts about the job are
    not necessarily all they want to change, and what they add is added to what was heard
    (reading.read). After a whole story it only asks whether there is more
    (ActionAskPains)."""
    return (
        slot == "pains" and tracker.get_slot("pains") not in (None, []) and not reading.ever_answered(tracker, "pains")
    )


class ValidateIntakeForm(BaseFormValidation):
    def name(self) -> str:
        return "validate_intake_form"

    def give_up(self, slot: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> list[EventType]:
        """Second failed attempt: keep the answer as typed where it can be kept, and go on."""
        dispatcher.utter_message(response=f"utter_moved_on_{slot}")
        text = latest_text(tracker)
        if slot == "municipality":
            typed = checks.municipality(text) if len(text.split()) <= PLACE_WORDS_MAX else None
            return [SlotSet("municipality", typed or checks.UNKNOWN_PLACE), SlotSet("place_asked", None)]
        if slot == "pains" and tracker.get_slot("pains"):
            return [SlotSet("pains", tracker.get_slot("pains"))]  # what was heard or told before stays
        if slot in ("work_situation", "pains"):
            return [SlotSet(slot, DONT_KNOW[slot])]
        return super().give_up(slot, tracker, dispatcher)

    async def extra_events(self, tracker: Tracker, dispatcher: CollectingDispatcher) -> list[EventType]:
        """ "Skip this question" for the age: an adviser asks it later."""
        if asked(tracker, "age") and not_said(tracker) and tracker.get_slot("age") is None:
            dispatcher.utter_message(response="utter_moved_on_age")
            return super().give_up("age", tracker, dispatcher)
        return []

    async def next_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> str | None:
        for name in await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain):
            if tracker.get_slot(name) is None or pains_still_to_ask(tracker, name):
                return name
        return None

    # -- answers that only make sense as a reply to the question just asked
    async def extract_age(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {}

    async def extract_municipality(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not asked(tracker, "municipality") or tracker.get_slot("municipality"):
            return {}
        if not_said(tracker):
            return {"municipality": checks.UNKNOWN_PLACE}
        options = municipality_options()
        n = option_number(tracker, len(options))
        # a button's payload; typed words were read already (observe.py), with what was near or unsure
        payload = reading.is_payload(latest_text(tracker))
        choice = options[n - 1] if n else (reading.payload_entities(tracker).get("municipality") if payload else None)
        if choice == "other" or (not choice and self.another_municipality(tracker)):
            return {"municipality": "other"}
        return {"municipality": choice} if choice else {}

    def another_municipality(self, tracker: Tracker) -> bool:
        """ "andere gemeente", "another municipality": the button's words typed."""
        return bool(ANOTHER.search(latest_text(tracker)))

    async def extract_work_situation(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not asked(tracker, "work_situation") or tracker.get_slot("work_situation"):
            return {}
        if not_said(tracker):
            return {"work_situation": "other"}
        n = option_number(tracker, len(WORK_OPTIONS))
        return {"work_situation": WORK_OPTIONS[n - 1]} if n else {}

    async def extract_pains(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not asked(tracker, "pains") or tracker.get_slot("pains") is not None:
            return {}
        # "gaat dit niet van mijn WW af?" may read as a no: a question is never "nothing to change";
        # "idk" the first time gets the options to choose from, the second time it stands
        intent = latest_intent(tracker)
        unsure_first = intent == "dont_know" and not earlier_messages_at(tracker, "pains")
        none = intent in ("deny", "dont_know") and not unsure_first and not reading.asks_back(tracker)
        if none and reading.side_intent(tracker) is None and not nlu.is_question(latest_text(tracker)):
            return {"pains": []}
        n = option_number(tracker, len(PAIN_OPTIONS) + 1)
        if n:
            return {"pains": [PAIN_OPTIONS[n - 1]] if n <= len(PAIN_OPTIONS) else []}
        return {}

    # -- checks
    def validate_age(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        # "ergens in de 40": the adviser needs the age itself, so it is asked once more as a number;
        # said as a decade again (or after a failed attempt), the guess is kept
        if nlu.approximate_age(latest_text(tracker)) and not self.approximated_before(tracker):
            return {"age": None}
        return {"age": checks.age(value)}

    def approximated_before(self, tracker: Tracker) -> bool:
        earlier = earlier_messages_at(tracker, "age")
        return bool(tracker.get_slot("failures")) or any(nlu.approximate_age(ev.get("text") or "") for ev in earlier)

    def validate_municipality(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == "other":
            # "another municipality": ask which place (not a failed attempt)
            return {"municipality": None, "place_asked": True}
        if value == checks.UNKNOWN_PLACE:
            return {"municipality": value, "place_asked": None}
        return {"municipality": checks.municipality(value), "place_asked": None}

    def validate_work_situation(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"work_situation": checks.work_situation(value)}

    def validate_pains(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"pains": checks.pains(value)}
