"""How the forms ask their questions: the plain question first; after a failed attempt the
variant that says what is needed, with the buttons, "skip" where the flow allows it and "talk
to a person" (bot/texts: utter_ask_<slot>, utter_retry_<slot>)."""

from __future__ import annotations

from abc import ABC, abstractmethod

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import reading


class AskAction(Action, ABC):
    @property
    @abstractmethod
    def slot(self) -> str: ...

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def first_question(self, tracker: Tracker) -> str:
        return f"utter_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        retry = bool(tracker.get_slot("failures"))
        dispatcher.utter_message(response=f"utter_retry_{self.slot}" if retry else self.first_question(tracker))
        return []


class ActionAskAge(AskAction):
    slot = "age"


class ActionAskMunicipality(AskAction):
    slot = "municipality"

    def first_question(self, tracker: Tracker) -> str:
        # after "another municipality": which place (a village or district will do)
        return "utter_ask_place" if tracker.get_slot("place_asked") else "utter_ask_municipality"


class ActionAskWorkSituation(AskAction):
    slot = "work_situation"


class ActionAskPains(AskAction):
    slot = "pains"

    def first_question(self, tracker: Tracker) -> str:
        # after the whole story at once: only whether there is more to change
        return "utter_ask_pains_more" if reading.pains_told_in_whole_story(tracker) else "utter_ask_pains"


class ActionAskWantsBooking(AskAction):
    slot = "wants_booking"


class ActionAskConsent(AskAction):
    """Consent is asked where something would be stored: for the booking, or to save the
    answers after a verdict."""

    slot = "consent"

    def first_question(self, tracker: Tracker) -> str:
        booking = (tracker.active_loop or {}).get("name") == "booking_form"
        return "utter_ask_consent_booking" if booking else "utter_ask_consent_save"


class ActionAskMode(AskAction):
    slot = "mode"


class ActionAskContactName(AskAction):
    slot = "contact_name"


class ActionAskContact(AskAction):
    slot = "contact"
