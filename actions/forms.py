"""One FormValidationAction per form, on a shared base that handles repeated failures and
keeps the lead up to date after consent."""

from __future__ import annotations

import logging
import re
from abc import abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.api import Api, ApiError, ApiUnavailable
from actions.common import (
    MODE_TEXT,
    format_when,
    lang,
    latest_intent,
    latest_text,
    lead_payload,
    slot_value,
    t,
    utter_choices,
)

logger = logging.getLogger(__name__)

BOOKKEEPING = {
    "failures", "requested_slot", "language", "language_source", "channel", "utm",
    "conversation_registered", "callback_pending", "offered_slots", "slots_from", "api_error",
}  # fmt: skip
WORK_OPTIONS = [
    "employed", "self_employed", "job_seeker", "on_benefits", "returner", "student", "other",
]  # fmt: skip
PAIN_OPTIONS = [
    "physical_strain", "low_income", "irregular_hours", "no_diploma", "insecure_work",
    "no_prospects",
]  # fmt: skip
MUNICIPALITY_OPTIONS = ["Den Haag", "Delft", "Rijswijk", "Westland", "Midden-Delfland", "other"]
MODE_OPTIONS = ["phone", "video", "in_person"]
EMAIL_RE = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")


def option_number(tracker: Tracker, count: int) -> Optional[int]:
    """A reply of "2" (WhatsApp numbered options) -> 2, when within range."""
    m = re.fullmatch(r"\s*(\d{1,2})[.)]?\s*", latest_text(tracker))
    if m and 1 <= int(m.group(1)) <= count:
        return int(m.group(1))
    return None


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


def slots_set_this_turn(before: List[Dict[str, Any]], events: List[Dict[str, Any]]) -> set:
    """Slots (not bookkeeping) that end this turn with a value: set since the user's message
    by Rasa's mappings (`before`), as changed by the validation (`events`)."""
    since_user: List[Dict[str, Any]] = []
    for ev in reversed(before):
        if ev.get("event") == "user":
            break
        since_user.insert(0, ev)
    final: Dict[str, Any] = {}
    for ev in since_user + list(events):
        if ev.get("event") == "slot":
            final[ev.get("name")] = ev.get("value")
    return {k for k, v in final.items() if v is not None and v != []} - BOOKKEEPING


async def sync_lead(tracker: Tracker, events: List[Dict[str, Any]], **extra: Any) -> bool:
    """Partial lead upsert after consent; failures are logged, never shown."""
    if slot_value(tracker, events, "consent") is not True:
        return False
    payload = {**lead_payload(tracker, events), **extra}
    try:
        await Api().upsert_lead(tracker.sender_id, payload)
        return True
    except (ApiUnavailable, ApiError) as exc:
        logger.warning("lead upsert failed for %s: %s", tracker.sender_id, exc)
        return False


class BaseFormValidation(FormValidationAction):
    """Counts failed answers to the requested slot: explains what is needed, and after two
    failures offers buttons and a person. Upserts the lead at every step after consent."""

    NO_FAILURE_INTENTS = {"other_times"}
    # Rasa predicts the active form first after every message; only when the form rejects the
    # message (nothing extracted, nothing validated) do the rules for these intents answer it
    # and return to the question. So for them an unanswered question is not a failure.
    DIGRESSION_INTENTS = {
        "ask_what_is_voucher", "ask_costs", "ask_courses", "ask_duration", "ask_taxes",
        "ask_who_can_apply", "ask_employer", "bot_challenge", "out_of_scope", "request_human",
        "delete_data", "restart", "switch_language", "greet", "thanks", "goodbye",
    }  # fmt: skip

    @abstractmethod
    def name(self) -> Text:  # pragma: no cover - every form's validation names itself
        raise NotImplementedError

    def is_retry(self, tracker: Tracker) -> bool:
        return False

    def extra_events(self, tracker: Tracker) -> List[EventType]:
        """Events for slots outside the form (rasa-sdk drops those from extract_ methods)."""
        return []

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
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
        changed = {
            e.get("name") for e in events if e.get("event") == "slot"
        } - BOOKKEEPING
        if self.name() != "validate_consent_form" and changed:
            await sync_lead(tracker, events)
        return events


def yes_no_option(tracker: Tracker, slot: str) -> Dict[Text, Any]:
    """WhatsApp numbered yes/no options: "1" is yes, "2" is no."""
    if tracker.get_slot("requested_slot") != slot:
        return {}
    n = option_number(tracker, 2)
    return {slot: n == 1} if n else {}


class ValidateConsentForm(BaseFormValidation):
    def name(self) -> Text:
        return "validate_consent_form"

    async def extract_consent(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return yes_no_option(tracker, "consent")

    def validate_consent(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"consent": value if isinstance(value, bool) else None}


class ValidateIntakeForm(BaseFormValidation):
    def name(self) -> Text:
        return "validate_intake_form"

    # -- extraction beyond the entity mappings (bare numbers, numbered options, "don't know")
    async def extract_age(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "age":
            return {}
        m = re.fullmatch(r"\s*(\d{1,3})\s*", latest_text(tracker))
        return {"age": int(m.group(1))} if m else {}

    async def extract_municipality(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "municipality":
            return {}
        if latest_intent(tracker) == "dont_know":
            return {"municipality": "unknown"}
        n = option_number(tracker, len(MUNICIPALITY_OPTIONS) + 1)
        if n:
            return {"municipality": (MUNICIPALITY_OPTIONS + ["unknown"])[n - 1]}
        return {}

    async def extract_work_situation(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "work_situation":
            return {}
        if latest_intent(tracker) == "dont_know":
            return {"work_situation": "other"}
        n = option_number(tracker, len(WORK_OPTIONS))
        return {"work_situation": WORK_OPTIONS[n - 1]} if n else {}

    async def extract_pains(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "pains":
            return {}
        if latest_intent(tracker) in ("deny", "dont_know"):
            return {"pains": []}
        n = option_number(tracker, len(PAIN_OPTIONS) + 1)
        if n:
            return {"pains": [PAIN_OPTIONS[n - 1]] if n <= len(PAIN_OPTIONS) else []}
        return {}

    # -- validation
    def validate_age(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        try:
            age = int(float(value))
        except (TypeError, ValueError):
            return {"age": None}
        if not 10 <= age <= 120:
            dispatcher.utter_message(response="utter_invalid_age")
            return {"age": None}
        return {"age": age}

    def validate_municipality(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if not value or not isinstance(value, str):
            return {"municipality": None}
        return {"municipality": value}

    def validate_work_situation(
        self, value: Any, dispatcher, tracker, domain
    ) -> Dict[Text, Any]:
        return {"work_situation": value if value in WORK_OPTIONS else None}

    def validate_pains(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value is None:
            return {"pains": None}
        values = value if isinstance(value, list) else [value]
        pains = []
        for p in values:
            if p in PAIN_OPTIONS and p not in pains:
                pains.append(p)
        if values and not pains:
            return {"pains": None}
        return {"pains": pains}


class ValidateBookingForm(BaseFormValidation):
    NO_FAILURE_INTENTS = {"other_times"}

    def name(self) -> Text:
        return "validate_booking_form"

    def is_retry(self, tracker: Tracker) -> bool:
        # "try again" after the slots could not be fetched
        return (
            tracker.get_slot("requested_slot") == "slot_choice"
            and not tracker.get_slot("offered_slots")
            and latest_intent(tracker) == "affirm"
        )

    async def required_slots(
        self, domain_slots: List[Text], dispatcher, tracker, domain
    ) -> List[Text]:
        if tracker.get_slot("wants_booking") is False:
            return ["wants_booking"]
        return domain_slots

    async def extract_wants_booking(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return yes_no_option(tracker, "wants_booking")

    async def extract_booking_confirmed(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return yes_no_option(tracker, "booking_confirmed")

    async def extract_mode(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "mode":
            return {}
        n = option_number(tracker, len(MODE_OPTIONS))
        return {"mode": MODE_OPTIONS[n - 1]} if n else {}

    def wants_other_times(self, tracker: Tracker) -> bool:
        if tracker.get_slot("requested_slot") != "slot_choice":
            return False
        offered = tracker.get_slot("offered_slots") or []
        if latest_intent(tracker) == "other_times":
            return True
        return bool(offered) and option_number(tracker, len(offered) + 1) == len(offered) + 1

    def extra_events(self, tracker: Tracker) -> List[EventType]:
        if not self.wants_other_times(tracker):
            return []
        offered = tracker.get_slot("offered_slots") or []
        last = offered[-1]["start"] if offered else tracker.get_slot("slots_from")
        return [SlotSet("slots_from", last), SlotSet("offered_slots", None)]

    async def extract_slot_choice(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot("requested_slot") != "slot_choice" or self.wants_other_times(tracker):
            return {}
        offered = tracker.get_slot("offered_slots") or []
        n = option_number(tracker, len(offered))
        if n:
            return {"slot_choice": str(n)}
        # a time typed out: "10:00", "om 10 uur", "dinsdag"
        text = latest_text(tracker).lower()
        for i, item in enumerate(offered, 1):
            when = format_when(item["start"], lang(tracker)).lower()
            hhmm = item["start"][11:16]
            if hhmm in text or hhmm.lstrip("0") in text or when.split(" ")[0] in text:
                return {"slot_choice": str(i)}
        return {}

    async def extract_contact(self, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if tracker.get_slot("contact"):
            return {}
        known = tracker.get_slot("contact_phone") or tracker.get_slot("contact_email")
        if known:
            return {"contact": known}
        sender = tracker.sender_id or ""
        if sender.startswith("whatsapp:"):
            return {"contact": sender.split(":", 1)[1]}
        if (
            tracker.get_slot("requested_slot") == "contact"
            and latest_intent(tracker) not in self.DIGRESSION_INTENTS
        ):
            text = latest_text(tracker)
            if text and not text.startswith("/"):
                return {"contact": text}
        return {}

    def validate_wants_booking(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"wants_booking": value if isinstance(value, bool) else None}

    def validate_mode(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        return {"mode": value if value in MODE_OPTIONS else None}

    def validate_slot_choice(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        if value == "none":
            return {"slot_choice": "none"}
        offered = tracker.get_slot("offered_slots") or []
        try:
            item = offered[int(value) - 1]
        except (TypeError, ValueError, IndexError):
            return {"slot_choice": None}
        return {"slot_choice": f"{item['adviser_id']}|{item['start']}"}

    def validate_contact_name(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        name = str(value or "").strip()
        name = re.sub(
            r"^(ik heet|mijn naam is|ik ben|my name is|i am|i'm|naam:|name:)\s+",
            "",
            name,
            flags=re.I,
        ).strip(" .!")
        if not name or name.startswith("/") or len(name) > 80 or not re.search(r"[A-Za-zÀ-ÿ]", name):
            return {"contact_name": None}
        return {"contact_name": name[:1].upper() + name[1:]}

    def validate_contact(self, value: Any, dispatcher, tracker, domain) -> Dict[Text, Any]:
        text = str(value or "").strip()
        if EMAIL_RE.match(text.lower()):
            return {"contact": text.lower(), "contact_email": text.lower()}
        digits = re.sub(r"[\s()-]", "", text)
        if digits.startswith("+31"):
            digits = "0" + digits[3:]
        elif digits.startswith("0031"):
            digits = "0" + digits[4:]
        if re.fullmatch(r"0\d{9}", digits) or re.fullmatch(r"\+\d{10,14}", digits):
            return {"contact": digits, "contact_phone": digits}
        return {"contact": None}

    async def validate_booking_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain
    ) -> Dict[Text, Any]:
        language = lang(tracker)
        if value is False:
            return {"booking_confirmed": None, "slot_choice": None, "offered_slots": None}
        if value is not True:
            return {"booking_confirmed": None}
        choice = tracker.get_slot("slot_choice") or ""
        if choice == "none":  # no free times: an adviser calls back
            return {"booking_confirmed": True}
        adviser_id, _, start = choice.partition("|")
        contact = {
            "name": tracker.get_slot("contact_name"),
            "phone": tracker.get_slot("contact_phone"),
            "email": tracker.get_slot("contact_email"),
        }
        payload = {
            "conversation_id": tracker.sender_id,
            "adviser_id": int(adviser_id) if adviser_id.isdigit() else adviser_id,
            "start": start,
            "mode": tracker.get_slot("mode"),
            "contact": contact,
            "language": language,
        }
        try:
            booking = await Api().book(payload, f"{tracker.sender_id}:{adviser_id}:{start}")
        except ApiUnavailable:
            dispatcher.utter_message(response="utter_api_down")
            return {"booking_confirmed": None}
        except ApiError as exc:
            if exc.status == 409 and exc.code == "already_booked":
                booking = (exc.body.get("detail") or {}).get("booking") or {}
                if booking.get("start"):
                    dispatcher.utter_message(
                        text=t("already_booked", language, **booking_words(booking, language))
                    )
                return {"booking_confirmed": True, "booking": booking}
            if exc.status == 409:
                dispatcher.utter_message(response="utter_slot_taken")
                return {
                    "booking_confirmed": None,
                    "slot_choice": None,
                    "offered_slots": None,
                    "slots_from": None,
                }
            logger.warning("booking rejected: %s", exc)
            dispatcher.utter_message(response="utter_api_down")
            return {"booking_confirmed": None, "slot_choice": None, "offered_slots": None}
        return {"booking_confirmed": True, "booking": booking}


def booking_words(booking: Dict[str, Any], language: str) -> Dict[str, str]:
    adviser = booking.get("adviser") or {}
    return {
        "when": format_when(booking["start"], language) if booking.get("start") else "",
        "mode": MODE_TEXT[language].get(booking.get("mode") or "", ""),
        "adviser": adviser.get("name") or booking.get("adviser_name") or "",
    }


class ActionAskSlotChoice(Action):
    """Asks for a time: fetches the next free slots for the chosen mode, plus "other times"."""

    def name(self) -> Text:
        return "action_ask_slot_choice"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        language = lang(tracker)
        try:
            items = await Api().slots(tracker.get_slot("mode"), tracker.get_slot("slots_from"))
        except (ApiUnavailable, ApiError):
            dispatcher.utter_message(response="utter_api_down")
            return [SlotSet("offered_slots", None)]
        items = [i for i in items if i.get("start") != tracker.get_slot("slots_from")][:4]
        if not items:
            dispatcher.utter_message(response="utter_no_slots")
            return [SlotSet("offered_slots", None), SlotSet("slot_choice", "none")]
        buttons = []
        for i, item in enumerate(items, 1):
            title = format_when(item["start"], language)
            if item.get("adviser_name"):
                title += f" ({item['adviser_name']})"
            buttons.append({"title": title, "payload": f'/inform{{"slot_choice": "{i}"}}'})
        buttons.append({"title": t("other_times", language), "payload": "/other_times"})
        utter_choices(dispatcher, tracker, t("pick_time", language), buttons)
        return [SlotSet("offered_slots", items)]


class ActionAskBookingConfirmed(Action):
    def name(self) -> Text:
        return "action_ask_booking_confirmed"

    async def run(self, dispatcher, tracker: Tracker, domain) -> List[EventType]:
        language = lang(tracker)
        choice = tracker.get_slot("slot_choice") or ""
        contact = tracker.get_slot("contact") or ""
        if choice == "none":
            dispatcher.utter_message(response="utter_invalid_booking_confirmed")
            return []
        _, _, start = choice.partition("|")
        offered = tracker.get_slot("offered_slots") or []
        item = next((o for o in offered if o.get("start") == start), {})
        text = t(
            "confirm",
            language,
            when=format_when(start, language),
            mode=MODE_TEXT[language].get(tracker.get_slot("mode") or "", ""),
            adviser=item.get("adviser_name") or "",
            name=tracker.get_slot("contact_name") or "",
            contact=contact,
        )
        buttons = [
            {"title": t("yes", language), "payload": "/affirm"},
            {"title": t("no", language), "payload": "/deny"},
        ]
        utter_choices(dispatcher, tracker, text, buttons)
        return []
