"""The booking form: does the resident want a conversation, may we store what it needs (asked
only now: the booking is the moment of storing), how, when, name, contact, and the booking
itself once confirmed."""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import checks, nlu, reading, slot_choice
from actions.api import Api, ApiError, ApiUnavailable
from actions.booking import booking_words, free_times, lists_offered
from actions.common import INTAKE_SLOTS, lang, latest_intent, latest_text, option_number, t
from actions.lead_sync import sync_lead
from actions.observe import acknowledge, now_iso
from actions.validation.base import BaseFormValidation, slots_set_this_turn, yes_no_option
from bot.nlu import text as nlu_text
from bot.nlu.extract import EMAIL_RE
from bot.nlu.numbers import EN_UNITS, NL_UNITS

logger = logging.getLogger(__name__)
MODE_OPTIONS = checks.values_of("mode")
# the questions after a time is chosen, where another time may still be asked for
AFTER_THE_CHOICE = ("contact_name", "contact", "booking_confirmed")
# a way of talking asked for instead of the one chosen: "wacht, toch liever langskomen", "actually video"
MIND_CHANGED = nlu_text.CHOICE_CHANGED
OTHER_TIMES = re.compile(
    r"\b(andere tijd(en)?|ander moment|other times?|another time|different time|neither|none of (these|them|those)|"
    r"geen van (deze|die|allen|beide)|geen enkele|not these|not those|niet deze|deze niet|these don'?t|"
    r"(doesn'?t|don'?t|do not|does not) (work|suit)|past (me |mij )?(geen|niet)|passen (me |mij )?niet|"
    r"lukt (me |mij )?niet)\b",
    re.I,
)
# the end of a name said first, before a remark: a sentence's end, or "oh"/"btw" after a comma
# ("J. de Vries": an initial is no end of a sentence)
NAME_THEN_MORE = re.compile(
    r"(?<=[^\W\d_]{2}[.!?])\s+|\s*[,;]\s*(?=(?:oh|o|btw|by the way|trouwens|en|and|ps)\b)", re.I
)
NAME_WORDS_MAX = 5
NAME_PREFIX = re.compile(r"^(ik heet|mijn naam is|ik ben|my name is|i am|i'm|naam:|name:|dit is|this is)\s+", re.I)
# what is said instead of a name: not knowing, not wanting to, a plain no
NOT_A_NAME = re.compile(
    r"^(i don'?t know|don'?t know|no idea|weet ik niet|weet niet|geen idee|liever niet|rather not|nee|no|nope|"
    r"anoniem|anonymous|dat zeg ik (liever )?niet|i'?d rather not( say)?|none|geen)\b",
    re.I,
)


def asked(tracker: Tracker, slot: str) -> bool:
    return bool(tracker.get_slot("requested_slot") == slot)


def proposed_after_taken(tracker: Tracker) -> bool:
    """The time the resident just said yes to was itself proposed because their first choice
    was taken meanwhile ("utter_slot_taken_next" since their previous message)."""
    users = 0
    for ev in reversed(tracker.events):
        if ev.get("event") == "user":
            users += 1
            if users == 2:
                return False
        elif (
            users == 1
            and ev.get("event") == "bot"
            and (ev.get("metadata") or {}).get("utter_action") == "utter_slot_taken_next"
        ):
            return True
    return False


# "bel me op nul zes, 29 48 17 36", "oh six one two...": digits said as words (bot/nlu/numbers.py)
DIGITS = {word: str(n) for word, n in {**NL_UNITS, **EN_UNITS}.items() if n < 10} | {"oh": "0"}
DIGIT_WORDS = re.compile(r"\b(" + "|".join(DIGITS) + r")\b", re.I)
# At the summary: "mijn nummer klopt niet", "ja maar de naam is verkeerd gespeld", "my email is wrong"
WRONG = re.compile(
    r"\b(fout|verkeerd|klopt niet|niet goed|niet juist|onjuist|wijzigen|aanpassen|veranderen|wrong|incorrect|"
    r"not right|not correct|isn'?t right|isn'?t correct|typo|misspel+ed|spelfout|change|update)\b",
    re.I,
)
NAME_WORDS = re.compile(r"\b(naam|achternaam|voornaam|name|surname|first name|last name)\b", re.I)
CONTACT_WORDS = re.compile(
    r"\b(nummer|telefoonnummer|telefoon|mobiel|e-?mail|mail|mailadres|e-?mailadres|number|phone|"
    r"e-?mail address|contact)\b",
    re.I,
)
PHONE_IN_TEXT = re.compile(r"\+?\d[\d\s().,-]{8,16}\d")


# "dmitri dot volkov at gmail dot com", "sem apenstaartje gmail punt com": an address said aloud
SPOKEN_AT = re.compile(r"\s+(?:at|apenstaartje|apestaartje|apenstaart)\s+", re.I)
SPOKEN_DOT = re.compile(r"\s+(?:dot|punt)\s+", re.I)
# "ali.noori(at)outlook.com", "anna [at] example [dot] nl": written that way against spam
BRACKETED_AT = re.compile(r"\s*[(\[{]\s*(?:at|@)\s*[)\]}]\s*", re.I)
BRACKETED_DOT = re.compile(r"\s*[(\[{]\s*(?:dot|punt|\.)\s*[)\]}]\s*", re.I)


def corrected_this_turn(tracker: Tracker) -> bool:
    """This message changed an answer of the check (read on every message by observe.py)."""
    return bool(slots_set_this_turn(list(tracker.events), []).intersection(INTAKE_SLOTS))


def contact_in(text: str) -> dict[str, Any]:
    """The e-mail address or phone number in a message, as the contact slots (empty when none)."""
    text = BRACKETED_DOT.sub(".", BRACKETED_AT.sub("@", text))
    if SPOKEN_AT.search(text) and SPOKEN_DOT.search(text):
        text = SPOKEN_DOT.sub(".", SPOKEN_AT.sub("@", text))
    found = EMAIL_RE.search(text)
    email = checks.email(found.group(0)) if found else None
    if email:
        return {"contact": email, "contact_email": email, "contact_phone": None}
    digits = DIGIT_WORDS.sub(lambda m: DIGITS[m.group(0).lower()], text)
    phone = checks.phone(digits) or next(
        (checks.phone(m.group(0).replace(",", "")) for m in PHONE_IN_TEXT.finditer(digits)), None
    )
    return {"contact": phone, "contact_phone": phone, "contact_email": None} if phone else {}


def details_put_right(tracker: Tracker) -> list[EventType]:
    """A new phone number or e-mail address given at the summary replaces the old one (the summary
    follows again); a name or contact said to be wrong is asked again."""
    text = latest_text(tracker)
    if reading.is_payload(text):
        return []
    given = contact_in(text)
    if given:
        return [SlotSet(name, value) for name, value in given.items()]
    if not WRONG.search(text):
        return []
    events: list[EventType] = []
    if NAME_WORDS.search(text):
        events.append(SlotSet("contact_name", None))
    if CONTACT_WORDS.search(text) and not (tracker.sender_id or "").startswith("whatsapp:"):
        events += [SlotSet("contact", None), SlotSet("contact_phone", None), SlotSet("contact_email", None)]
    return events


class ValidateBookingForm(BaseFormValidation):
    def name(self) -> str:
        return "validate_booking_form"

    def is_retry(self, tracker: Tracker) -> bool:
        # "try again" after the slots could not be fetched
        return (
            asked(tracker, "slot_choice")
            and not tracker.get_slot("offered_slots")
            and latest_intent(tracker) == "affirm"
        )

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if tracker.get_slot("verdict") == "not_eligible":
            return []  # a correction made the resident not eligible: no booking
        if tracker.get_slot("wants_booking") is False:
            return ["wants_booking"]
        if tracker.get_slot("consent") is False:
            return ["wants_booking", "consent"]  # nothing may be stored: no booking
        slots = await super().required_slots(domain_slots, dispatcher, tracker, domain)
        if "contact" in (tracker.get_slot("skipped") or []):
            return slots[: slots.index("contact_name") + 1] if "contact_name" in slots else slots
        if tracker.get_slot("slot_choice") == "none":
            return [s for s in slots if s != "booking_confirmed"]  # an adviser calls to pick a time
        return slots

    def give_up(self, slot: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> list[EventType]:
        """Second failed attempt: never a third time the same question. No consent is said once,
        with what it means for the booking, by action_booking_done."""
        if slot != "consent":
            dispatcher.utter_message(response=f"utter_moved_on_{slot}")
        fallback: dict[str, list[EventType]] = {
            "wants_booking": [SlotSet("wants_booking", False)],
            "consent": [SlotSet("consent", False)],
            "mode": [SlotSet("mode", "phone")],
            "slot_choice": [SlotSet("slot_choice", "none")],
            "booking_confirmed": [SlotSet("slot_choice", "none"), SlotSet("booking_confirmed", True)],
        }
        return fallback.get(slot) or super().give_up(slot, tracker, dispatcher)

    async def after_correction(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """A correction during the booking: the verdict again; not eligible any more ends it."""
        from actions.verdict import check_eligibility

        dispatcher.utter_message(text=t("rechecked", lang(tracker)))
        events = [e for e in await check_eligibility(dispatcher, tracker) if e.get("name") != "next_step"]
        verdict = next((e.get("value") for e in events if e.get("name") == "verdict"), None)
        if verdict == "not_eligible":
            events.append(SlotSet("wants_booking", None))
        elif tracker.get_slot("wants_booking") is True:
            # the resident said yes to a conversation already: the booking goes on, not asked again
            events = [e for e in events if e.get("name") != "wants_booking"]
        return events

    # -- yes and no
    async def extract_wants_booking(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return yes_no_option(tracker, "wants_booking")

    async def extract_consent(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return yes_no_option(tracker, "consent")

    async def extract_booking_confirmed(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if asked(tracker, "booking_confirmed") and details_put_right(tracker):
            return {}  # "ja, maar mijn naam is fout": not yet (extra_events asks it again)
        answer = yes_no_option(tracker, "booking_confirmed")
        if not answer and asked(tracker, "booking_confirmed") and reading.THANKS_ONLY.match(latest_text(tracker)):
            return {"booking_confirmed": True}
        return answer

    # -- how, when, who
    async def extract_mode(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not asked(tracker, "mode"):
            return {}
        n = option_number(tracker, len(MODE_OPTIONS))
        if n:
            return {"mode": MODE_OPTIONS[n - 1]}
        given = reading.payload_entities(tracker).get("mode") if reading.is_payload(latest_text(tracker)) else None
        if given:
            return {"mode": given}
        found = nlu.values_for_slot("mode", latest_text(tracker), lang(tracker), date.today())
        return {"mode": found["mode"]} if found.get("mode") else {}

    def time_changed(self, tracker: Tracker) -> bool:
        """Another time asked for after one was chosen (at the name, the contact or the summary),
        in words that change it and with a wish the chosen time does not meet."""
        chosen = str(tracker.get_slot("slot_choice") or "")
        if "|" not in chosen or not any(asked(tracker, s) for s in AFTER_THE_CHOICE):
            return False
        text = latest_text(tracker)
        if reading.is_payload(text):
            return False
        changing = MIND_CHANGED.search(text) or nlu.asks_for_something(text) or "?" in text or OTHER_TIMES.search(text)
        wish = slot_choice.wish_of(text, lang(tracker)) if changing else None
        return wish is not None and not wish.matches(slot_choice.local(chosen.split("|", 1)[1]))

    def mode_changed(self, tracker: Tracker) -> str | None:
        """Another way of talking asked for where times are offered, with a change of mind."""
        text = latest_text(tracker)
        offered = tracker.get_slot("offered_slots") or []
        # "actually video", "can we do by phone not video?", "kan het ook telefonisch?": a change asked for
        changing = MIND_CHANGED.search(text) or nlu.negated(text) or nlu.asks_for_something(text)
        if reading.is_payload(text) or not changing or slot_choice.pick(text, offered, lang(tracker)):
            return None
        found = nlu.values_for_slot("mode", text, lang(tracker), date.today()).get("mode")
        return str(found) if found and found != tracker.get_slot("mode") else None

    def wants_other_times(self, tracker: Tracker) -> bool:
        if not asked(tracker, "slot_choice"):
            return False
        offered = tracker.get_slot("offered_slots") or []
        text = latest_text(tracker)
        if OTHER_TIMES.search(text) or text == "/other_times":
            return True
        if slot_choice.pick(text, offered, lang(tracker)):
            return False  # "the earliest one": a pick, whatever the classifier made of it
        if latest_intent(tracker) == "other_times":
            # a day or a time named is a wish, whatever the classifier made of it
            return slot_choice.wish_of(text, lang(tracker)) is None

        return bool(offered) and option_number(tracker, len(offered) + 1) == len(offered) + 1

    async def extra_events(self, tracker: Tracker, dispatcher: CollectingDispatcher) -> list[EventType]:
        """Other times (a later day), or a time wish the next offer follows; at the summary, a
        name or contact to put right."""
        if self.time_changed(tracker):
            # "ho wacht, dat is 's ochtends. kan het ook 's middags, na enen?" after a time was
            # chosen: times that meet the new wish are offered again
            return [SlotSet("slot_choice", None), SlotSet("offered_slots", None), SlotSet("slots_from", None),
                    SlotSet("time_wish", latest_text(tracker)[:200])]  # fmt: skip
        if asked(tracker, "booking_confirmed"):
            return details_put_right(tracker)
        if asked(tracker, "mode") or asked(tracker, "wants_booking"):
            # "bellen, maar dan op dinsdagavond na het eten": the first times offered follow it
            text = latest_text(tracker)
            # (not from a question about the course: "kan zo'n cursus ook in de avond?")
            about_else = bool(nlu.question_spans(text)) and not nlu.values_for_slot(
                "mode", text, lang(tracker), date.today()
            )
            wish = None if reading.is_payload(text) or about_else else slot_choice.wish_of(text, lang(tracker))
            return [SlotSet("time_wish", text[:200])] if wish else []
        if not asked(tracker, "slot_choice"):
            return []
        offered = tracker.get_slot("offered_slots") or []
        text = latest_text(tracker)
        changed = self.mode_changed(tracker)
        if changed:
            # "wacht, toch liever naar jullie toe in plaats van video. donderdagochtend": times for
            # the way of talking asked for now (and the wish said with it)
            language = lang(tracker)
            acknowledge(dispatcher, "mode", changed, language)
            wish = slot_choice.wish_of(text, language)
            wished = [SlotSet("time_wish", text[:200])] if wish else []
            return [SlotSet("mode", changed), SlotSet("slots_from", None), SlotSet("offered_slots", None), *wished]
        if self.wants_other_times(tracker):
            later = slot_choice.later_day(offered, tracker.get_slot("slots_from"))
            # "none of these, do you have something on Thursday?": later times that meet the new wish
            wish = None if reading.is_payload(text) else slot_choice.wish_of(text, lang(tracker))
            wished = [SlotSet("time_wish", text[:200])] if wish else []
            return [SlotSet("slots_from", later), SlotSet("offered_slots", None), *wished]
        if reading.is_payload(text) or slot_choice.pick(text, offered, lang(tracker)):
            return []
        wish = slot_choice.wish_of(text, lang(tracker))
        if wish is None:
            return []
        if slot_choice.matching(offered, wish):
            # a time on offer meets it and is taken; the wish is kept in case someone else books
            # that time first: the next free time proposed then must meet it too
            return [SlotSet("time_wish", text[:200])]
        wished = [SlotSet("time_wish", text[:200])]
        if lists_offered(tracker) >= 2:
            # times were offered twice and this wish is met by neither list: the best free time
            # for it goes straight to the summary (which asks to confirm), or an adviser agrees a
            # time when there is none; not a third list
            return wished + await self.best_for_wish(tracker, dispatcher, wish)
        # a wish the times on offer do not meet: offer times that do
        return [*wished, SlotSet("slots_from", None), SlotSet("offered_slots", None)]

    async def best_for_wish(
        self, tracker: Tracker, dispatcher: CollectingDispatcher, wish: nlu.TimeWish
    ) -> list[EventType]:
        language = lang(tracker)
        try:
            items = await free_times(tracker.get_slot("mode"), None, wish, language)
        except (ApiUnavailable, ApiError):
            return [SlotSet("slots_from", None), SlotSet("offered_slots", None)]  # the question says so
        fitting = [i for i in items if wish.matches(slot_choice.local(i["start"]))]
        n = slot_choice.matching(fitting, wish)
        if n is None:
            dispatcher.utter_message(text=t("wish_not_met_again", language))
            return [SlotSet("slot_choice", "none"), SlotSet("offered_slots", None)]
        item = fitting[n - 1]
        return [SlotSet("offered_slots", [item]), SlotSet("slot_choice", f"{item['adviser_id']}|{item['start']}")]

    async def extract_slot_choice(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if not asked(tracker, "slot_choice") or self.wants_other_times(tracker):
            return {}
        offered = tracker.get_slot("offered_slots") or []
        text = latest_text(tracker)
        if reading.is_payload(text):
            given = reading.payload_entities(tracker).get("slot_choice")
            return {"slot_choice": str(given)} if given is not None else {}
        language = lang(tracker)
        n = slot_choice.pick(text, offered, language)
        wish = slot_choice.wish_of(text, language) if n is None else None
        n = slot_choice.matching(offered, wish) if wish else n
        return {"slot_choice": str(n)} if n else {}

    async def extract_contact_name(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        text = latest_text(tracker)
        if not asked(tracker, "contact_name") or reading.is_payload(text) or reading.side_intent(tracker):
            return {}
        if self.time_changed(tracker):
            return {}  # "kan het ook 's middags?" is no name
        if nlu.is_question(text):
            return {}  # "krijg ik ook een bevestiging?" is no name
        first = NAME_THEN_MORE.split(text, maxsplit=1)[0].strip()
        if first == text.strip() and corrected_this_turn(tracker):
            return {}  # "oh I write 40 but is 41 now": a correction (read by observe.py), no name
        if first != text.strip() and 0 < len(first.split()) <= NAME_WORDS_MAX:
            # "Amir Yousef. oh btw i said den haag earlier but i moved to delft": the name, then a
            # correction of another answer (read by observe.py)
            return {"contact_name": first}
        return {"contact_name": text}

    async def extract_contact(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if tracker.get_slot("contact"):
            return {}
        known = tracker.get_slot("contact_phone") or tracker.get_slot("contact_email")
        if known:
            return {"contact": known}
        sender = tracker.sender_id or ""
        if sender.startswith("whatsapp:"):
            return {"contact": sender.split(":", 1)[1]}
        text = latest_text(tracker)
        if self.time_changed(tracker):
            return {}
        if asked(tracker, "contact") and reading.side_intent(tracker) is None and not reading.is_payload(text):
            return {"contact": text}
        return {}

    # -- checks
    def validate_wants_booking(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"wants_booking": value if isinstance(value, bool) else None}

    def validate_consent(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value is True:
            return {"consent": True, "consent_at": tracker.get_slot("consent_at") or now_iso()}
        return {"consent": value if isinstance(value, bool) else None}

    def validate_mode(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return {"mode": checks.mode(value)}

    def validate_slot_choice(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if value == "none":
            return {"slot_choice": "none"}
        offered = tracker.get_slot("offered_slots") or []
        try:
            item = offered[int(value) - 1]
        except (TypeError, ValueError, IndexError):
            return {"slot_choice": None}
        return {"slot_choice": f"{item['adviser_id']}|{item['start']}"}

    def validate_contact_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        name = NAME_PREFIX.sub("", str(value or "").strip()).strip(" .!")
        if not name or name.startswith("/") or len(name) > 80 or not re.search(r"[^\W\d_]", name):
            return {"contact_name": None}
        if NOT_A_NAME.match(name):
            return {"contact_name": None}  # "I don't know", "liever niet": no name
        return {"contact_name": name[:1].upper() + name[1:]}

    def validate_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return contact_in(str(value or "").strip()) or {"contact": None}

    async def free_times(self, tracker: Tracker, taken: str) -> list[dict[str, Any]]:
        """Free times from ``taken`` on that meet the resident's time wish (not ``taken`` itself)."""
        language = lang(tracker)
        wish_text = tracker.get_slot("time_wish")
        wish = slot_choice.wish_of(wish_text, language) if wish_text else None
        try:
            items = await Api().slots(tracker.get_slot("mode"), taken, limit=50, language=language)
        except (ApiUnavailable, ApiError):
            items = []
        return [
            i for i in items if i.get("start") != taken and (not wish or wish.matches(slot_choice.local(i["start"])))
        ]

    async def book_next_free(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, payload: dict[str, Any], taken: str
    ) -> dict[str, Any] | None:
        """The next free time the resident said yes to was taken too (others book at the same
        moment): they asked twice for the next free time, so it is booked straight away, with a
        word about it; the confirmation shows it and the link can move it. None when none works."""
        for item in (await self.free_times(tracker, taken))[:3]:
            attempt = {**payload, "adviser_id": item["adviser_id"], "start": item["start"]}
            key = f"{tracker.sender_id}:{item['adviser_id']}:{item['start']}"
            try:
                booking = await Api().book(attempt, key)
            except ApiUnavailable:
                return None
            except ApiError as exc:
                if exc.status == 409 and exc.code != "already_booked":
                    continue
                return None
            dispatcher.utter_message(text=t("taken_again_booked", lang(tracker)))
            return {
                "booking_confirmed": True,
                "booking": booking,
                "slot_choice": f"{item['adviser_id']}|{item['start']}",
                "offered_slots": [item],
            }
        return None

    async def next_free_time(self, dispatcher: CollectingDispatcher, tracker: Tracker, taken: str) -> dict[str, Any]:
        """The time was taken meanwhile: the next free one that meets the same wishes is proposed
        in the confirmation (not the whole choice again); none left: new times to choose from."""
        free = await self.free_times(tracker, taken)
        if not free:
            dispatcher.utter_message(response="utter_slot_taken")
            return {"booking_confirmed": None, "slot_choice": None, "offered_slots": None, "slots_from": None}
        dispatcher.utter_message(response="utter_slot_taken_next")
        item = free[0]
        return {
            "booking_confirmed": None,
            "slot_choice": f"{item['adviser_id']}|{item['start']}",
            "offered_slots": [item],
        }

    async def validate_booking_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
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
            "contact": {k: v for k, v in contact.items() if v},
            "language": language,
        }
        # the lead first, with its consent: it may be missing when the API was down at consent
        await sync_lead(tracker, [])
        try:
            booking = await Api().book(payload, f"{tracker.sender_id}:{adviser_id}:{start}")
        except ApiUnavailable:
            dispatcher.utter_message(response="utter_api_down")
            return {"booking_confirmed": None}
        except ApiError as exc:
            if exc.status == 409 and exc.code == "already_booked":
                booking = (exc.body.get("detail") or {}).get("booking") or {}
                if booking.get("start"):
                    dispatcher.utter_message(text=t("already_booked", language, **booking_words(booking, language)))
                return {"booking_confirmed": True, "booking": booking}
            if exc.status == 409:
                if proposed_after_taken(tracker):
                    booked = await self.book_next_free(dispatcher, tracker, payload, start)
                    if booked:
                        return booked
                return await self.next_free_time(dispatcher, tracker, start)
            logger.warning("booking rejected: %s %s", exc.status, exc.code)
            dispatcher.utter_message(response="utter_api_down")
            return {"booking_confirmed": None, "slot_choice": None, "offered_slots": None}
        return {"booking_confirmed": True, "booking": booking}
