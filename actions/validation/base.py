"""The base of every form's validation: no dead ends.

Every question has a bounded number of attempts. A message that is neither an answer nor a
confident digression is a failed attempt: the question is asked again with what is needed, the
buttons, "skip" where the flow can go on without it and "talk to a person" (the form's ask
action shows that variant while `failures` is 1). After the second failed attempt the answer is
kept as typed (or the question skipped) and the form moves on: a question is never asked a
third time. A digression (an FAQ, "is this a person?") is answered by the rules and the question
follows again, once per kind; asked again, it counts as a failed attempt.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import nlu, reading
from actions.common import INTAKE_SLOTS, lang, latest_intent, latest_text, option_number, slot_value, t
from actions.lead_sync import sync_lead
from bot import intents as bot_intents

BOOKKEEPING = {
    "failures", "requested_slot", "language", "language_source", "language_evidence", "channel",
    "utm", "conversation_registered", "callback_pending", "offered_slots", "slots_from", "api_error",
    "answered", "place_asked", "skipped", "time_wish", "next_step", "read_until", "work_text",
}  # fmt: skip
# Slots whose change means the question made progress without an answer yet ("another
# municipality" asks which place, "other times" and a time wish show other times, "skip" skips
# it).
PROGRESS = {"place_asked", "slots_from", "skipped", "time_wish"}
# Requests about the conversation itself are always obeyed, however often they come.
COMMANDS = {"request_human", "delete_data", "restart", "switch_language"}
# questions answered with yes or no: a question of the resident's there is a reply too, so that a
# hesitant resident is not asked a third time (no clear yes stores nothing and books nothing)
YES_NO_SLOTS = {"wants_booking", "consent", "booking_confirmed"}
# requests that leave the question for something else: a person, erasure, starting over
HANDOFFS = COMMANDS - {"switch_language"}
ASKS_BACK_WORDS_MAX = 5


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


def events_this_turn(tracker: Tracker) -> list[dict[str, Any]]:
    since: list[dict[str, Any]] = []
    for ev in reversed(tracker.events):
        if ev.get("event") == "user":
            break
        since.insert(0, ev)
    return since


def slots_set_this_turn(before: list[dict[str, Any]], events: list[dict[str, Any]]) -> set[str]:
    """Slots (not bookkeeping) that end this turn with a value: set since the user's message
    (by the reading of every message), as changed by the validation (`events`)."""
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


def asked_slots(domain: DomainDict) -> set[str]:
    """The slots the forms ask for. Only an answer to one of them (or a correction of one) lets the
    open question follow again without a failed attempt: a detail heard in passing (a sector
    named while describing something else) is no answer to anything asked."""
    forms = domain.get("forms") or {}
    return {slot for form in forms.values() for slot in (form or {}).get("required_slots") or []}


def handled_elsewhere(tracker: Tracker) -> bool:
    """The message finished a call-back request (the reading of every message handled it)."""
    return any(
        ev.get("event") == "slot" and ev.get("name") == "callback_pending" and ev.get("value") is False
        for ev in events_this_turn(tracker)
    )


def earlier_messages_at(tracker: Tracker, requested: str) -> list[dict[str, Any]]:
    """The earlier user messages while this question was open (not the latest)."""
    messages: list[dict[str, Any]] = []
    current = None
    for ev in tracker.events:
        if ev.get("event") == "slot" and ev.get("name") == "requested_slot":
            if ev.get("value") != current:
                messages = []
            current = ev.get("value")
        elif ev.get("event") == "user" and current == requested:
            messages.append(ev)
    return messages[:-1]


def intent_name(ev: dict[str, Any]) -> str:
    """The intent Rasa gave a user event ("" when none)."""
    return str(((ev.get("parse_data") or {}).get("intent") or {}).get("name") or "")


def side_intents_at(tracker: Tracker, requested: str) -> list[str]:
    """The intents of the earlier messages while this question was open (not the latest)."""
    return [intent_name(ev) for ev in earlier_messages_at(tracker, requested)]


def replies_before_at(tracker: Tracker, requested: str) -> int:
    """Earlier replies to a question still open that were no answer: messages that asked nothing
    and were no side request (a question about the scheme is answered, and the question may follow
    twice more; a time wish shows other times, and one more reply must choose), and any message
    said again now, whatever it was taken for ("Daarmee stem ik in, dank u." twice): a resident
    who repeats what the bot cannot read is not asked a third time. At a yes-or-no question every
    reply but a hand-off (a person, erasure, starting over) counts: a question of the resident's,
    a language asked for."""
    if requested == "municipality":
        return 0
    if requested in YES_NO_SLOTS:
        return sum(1 for ev in earlier_messages_at(tracker, requested) if intent_name(ev) not in HANDOFFS)
    now = latest_text(tracker).strip().lower()
    earlier = [(str(ev.get("text") or ""), intent_name(ev)) for ev in earlier_messages_at(tracker, requested)]
    return sum(
        1
        for text, intent in earlier
        if text.strip().lower() == now or not (nlu.is_question(text) or intent in reading.SIDE_INTENTS)
    )


def asks_back_briefly(tracker: Tracker) -> bool:
    """ "maakt dat uit?", "what do you mean?": a question about the question, not about the scheme."""
    return reading.asks_back(tracker) and len(latest_text(tracker).split()) <= ASKS_BACK_WORDS_MAX


def asked_before_at(tracker: Tracker, requested: str) -> bool:
    """An earlier message while this question was open was a question of the resident's."""
    return any(nlu.question_spans(ev.get("text") or "") for ev in earlier_messages_at(tracker, requested))


def yes_no_option(tracker: Tracker, slot: str) -> dict[str, Any]:
    """Yes or no to the question asked (words, buttons, or WhatsApp's "1"/"2")."""
    if tracker.get_slot("requested_slot") != slot:
        return {}
    n = option_number(tracker, 2)
    if n:
        return {slot: n == 1}
    answer = reading.yes_no(tracker)
    return {} if answer is None else {slot: answer}


class BaseFormValidation(FormValidationAction):
    @abstractmethod
    def name(self) -> str:  # pragma: no cover - every form's validation names itself
        raise NotImplementedError

    def is_retry(self, tracker: Tracker) -> bool:
        """A message that asks to try again (after an API failure): no failed attempt."""
        return False

    async def extra_events(self, tracker: Tracker, dispatcher: CollectingDispatcher) -> list[EventType]:
        """Events for slots outside the form (rasa-sdk drops those from extract_ methods)."""
        return []

    def give_up(self, slot: str, tracker: Tracker, dispatcher: CollectingDispatcher) -> list[EventType]:
        """After the second failed attempt: what to keep, and what to say. By default the
        question is skipped."""
        skipped = list(tracker.get_slot("skipped") or [])
        return [SlotSet("skipped", [*skipped, slot])]

    def ended_early(self, tracker: Tracker) -> bool:
        """The form has nothing more to ask, whatever is still empty."""
        return False

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if self.ended_early(tracker):
            return []
        skipped = set(tracker.get_slot("skipped") or [])
        return [s for s in domain_slots if s not in skipped]

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        initial_events = list(tracker.events)
        fresh = fresh_user_turn(tracker, self.form_name())
        before = len(dispatcher.messages)
        extra = await self.extra_events(tracker, dispatcher) if fresh else []
        extra_said = len(dispatcher.messages) > before
        before = len(dispatcher.messages)
        events = [e for e in await super().run(dispatcher, tracker, domain) if e.get("name") != "requested_slot"]
        events += extra
        explained = extra_said or len(dispatcher.messages) > before
        requested = tracker.get_slot("requested_slot")
        failures = int(tracker.get_slot("failures") or 0)
        digression = False
        if requested and fresh:
            intent = latest_intent(tracker) or ""
            side = reading.side_intent(tracker)
            earlier_replies = replies_before_at(tracker, requested)
            value = slot_value(tracker, events, requested)
            set_this_turn = slots_set_this_turn(initial_events, events)
            set_now = requested in set_this_turn
            # a known value with no new one is this question's answer, unless the message was a
            # question back ("can I do it part time?") or corrected another answer ("ik ben 52, niet 53")
            corrects_other = bool(set_this_turn & asked_slots(domain) - {requested})
            # a time wish shows other times where times are offered; said at another question
            # ("op kantoor, niet op woensdag") it is noted beside it, and said again it is no answer
            wished = any(
                e.get("name") == "time_wish" and e.get("value") and e.get("value") != tracker.get_slot("time_wish")
                for e in events
            )
            other_answer = bool(set_this_turn & asked_slots(domain)) or (wished and requested != "slot_choice")
            progress = any(
                e.get("name") in PROGRESS
                and e.get("value")
                and (e.get("name") != "time_wish" or requested == "slot_choice")
                for e in events
            )
            text = latest_text(tracker)
            asks = nlu.is_question(text)  # a question and nothing else
            # a question, also one asked beside a remark ("moet die cursus in het Nederlands? mijn
            # Nederlands is nog niet zo goed"), is no answer that repeats what was known
            asks_anything = bool(nlu.question_spans(text))
            if value is not None and (set_now or not (side or corrects_other or asks_anything)):
                if not set_now:
                    # the answer repeats what was known (or heard in passing) and adds nothing:
                    # still an answer, so Rasa must not reject the form and let the rules guess
                    events.append(SlotSet(requested, value))
                if failures:
                    events.append(SlotSet("failures", 0))
                beside = reading.question_beside_answer(tracker) if asks_anything else None
                if beside and not explained:
                    dispatcher.utter_message(response=beside)
            elif (
                other_answer
                or any(e.get("name") in asked_slots(domain) for e in extra)  # a detail to put right
                or handled_elsewhere(tracker)
                or explained
                or progress
            ):
                # a correction or another answer: the same question follows, no failure. Another
                # answer with nothing said about it is said to be noted, so that the question is
                # not simply put again
                said = explained or any(ev.get("event") == "bot" for ev in events_this_turn(tracker))
                if other_answer and not progress and not said:
                    dispatcher.utter_message(response="utter_noted")
            elif (
                requested in YES_NO_SLOTS
                and ((side and side not in COMMANDS) or asks)
                and not explained
                and earlier_replies
            ):
                # a second reply that is a question or a side remark: a question about the scheme is
                # answered here, and the yes-or-no question is not put a third time
                faq = bot_intents.FAQ_RESPONSES.get(str(side)) or reading.question_beside_answer(tracker)
                if faq:
                    dispatcher.utter_message(response=faq)
                events += self.give_up(requested, tracker, dispatcher)
                events.append(SlotSet("failures", 0))
            elif side and not explained and (side in COMMANDS or side not in side_intents_at(tracker, requested)):
                digression = True  # the rules answer it, then the question follows again
            elif reading.asks_about_language_elsewhere(text):
                # answered here (no intent of its own): the adviser is chosen by the chat's language
                dispatcher.utter_message(text=t("language_of_the_advice", lang(tracker)))
                events.append(SlotSet("failures", failures))  # validated: the form asks again
            elif reading.language_request(tracker):
                # asked in words the classifier did not take for a request: the language is
                # switched already (observe.py); say so, and the question follows in it
                dispatcher.utter_message(response="utter_language_switched")
                events.append(SlotSet("failures", failures))  # validated: the form asks again
            elif self.is_retry(tracker) or (intent == "other_times" and requested == "slot_choice"):
                # ("other times" means something only where times are offered: elsewhere the
                # message is read like any other, not passed over in silence)
                pass
            elif asks_anything and not asks_back_briefly(tracker) and not asked_before_at(tracker, requested):
                # a question the bot has no answer for ("moet ik het terugbetalen als ik werk
                # vind?"), also beside a remark that answers nothing ("mag dat met een uitkering? wil
                # niet gekort worden"): said honestly, once per question asked, and no failed attempt
                dispatcher.utter_message(response="utter_question_for_adviser")
                events.append(SlotSet("failures", failures))  # validated: the form asks again
            else:
                # an earlier reply to this question that was no answer either (a correction of
                # something else, say) counts: a question is never asked a third time after two replies
                failures = max(failures, earlier_replies) + 1
                if failures >= 2:
                    events += self.give_up(requested, tracker, dispatcher)
                    events.append(SlotSet("failures", 0))
                else:
                    events.append(SlotSet("failures", failures))
            if (
                requested in YES_NO_SLOTS
                and slot_value(tracker, events, requested) is None
                and earlier_replies
                and not (digression and side in HANDOFFS)
            ):
                # whatever the second reply was (a language asked for, a correction, a remark), a
                # yes-or-no question is not put a third time: without a yes, it ends
                if digression and side == "switch_language":
                    dispatcher.utter_message(response="utter_language_switched")
                digression = False
                events += self.give_up(requested, tracker, dispatcher)
                events.append(SlotSet("failures", 0))
        if digression:
            return events  # nothing validated: the form rejects the message
        tracker.add_slots(events)
        corrected = slots_set_this_turn(initial_events, []).intersection(INTAKE_SLOTS)
        if fresh and corrected and requested not in INTAKE_SLOTS:
            more = await self.after_correction(dispatcher, tracker)
            tracker.add_slots(more)
            events += more
        nxt = await self.next_slot(dispatcher, tracker, domain)
        if nxt != requested and failures and not any(e.get("name") == "failures" for e in events):
            events.append(SlotSet("failures", 0))
        events.append(SlotSet("requested_slot", nxt))
        changed = {e.get("name") for e in events if e.get("event") == "slot"} - BOOKKEEPING
        if changed:
            await sync_lead(tracker, events)
        return events

    async def after_correction(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
        """An intake answer was corrected while this form asked something else."""
        return []

    async def next_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> str | None:
        for name in await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain):
            if tracker.get_slot(name) is None:
                return name
        return None
