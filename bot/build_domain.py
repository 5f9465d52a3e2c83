"""Generates domain.yml: intents, entities, slots, forms and the nl/en responses.

Every response exists in Dutch and English as conditional variations on the `language` slot.
Buttons are the same on every channel: the WhatsApp channel (bot/channels/whatsapp.py) renders
them as numbered options itself and maps "2" or the option's words back to the payload. The texts
live in bot/texts/<language>.yml (bot/texts.py). Run `python -m bot.build_domain` after editing;
a test checks that domain.yml is up to date.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from bot import texts
from bot.intents import INTENTS

ROOT = Path(__file__).resolve().parents[1]

ENTITIES = [
    "age",
    "municipality",
    "work_situation",
    "pain",
    "sector",
    "mode",
    "language",
    "email",
    "phone",
    "slot_choice",
    "appointment_action",
]
# Filled by the reading of every message (actions/observe.py), which Rasa runs as
# action_validate_slot_mappings after each user message.
OBSERVED = [{"type": "custom"}]
CUSTOM = [{"type": "custom"}]


def slot(kind: str, mappings: list[dict[str, Any]], influence: bool = False, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "influence_conversation": influence, **extra, "mappings": mappings}


# Every slot is filled by the actions, never straight from an entity: an answer goes through the
# same reading and checks whether it was typed or came from a button payload (/inform{...}), and
# a payload cannot set the bookkeeping slots (issue 9). action_validate_slot_mappings reads every
# message (language, channel, UTM, the intake answers and corrections wherever they come); the
# forms' validation actions read the answers to their own questions.
SLOTS = {
    # read on every message
    "language": slot("categorical", OBSERVED, values=["nl", "en"], initial_value="nl"),
    "language_source": slot("text", OBSERVED),
    "language_evidence": slot("any", OBSERVED),
    "channel": slot("text", OBSERVED),
    "utm": slot("any", OBSERVED),
    "conversation_registered": slot("bool", OBSERVED),
    "callback_pending": slot("bool", OBSERVED),
    "age": slot("any", OBSERVED),
    "municipality": slot("text", OBSERVED),
    "work_situation": slot("text", OBSERVED),
    "pains": slot("list", OBSERVED),
    "sector": slot("text", OBSERVED),
    # the resident's own words about their work and what bothers them, kept on the lead
    "work_text": slot("text", OBSERVED),
    # outside the forms: did the message give or correct an answer (rules re-check then)
    "answered": slot("bool", OBSERVED, influence=True),
    # the last message this action read: one it missed (the action server was down) is read later
    "read_until": slot("float", OBSERVED),
    "consent": slot("bool", OBSERVED, influence=True),
    "consent_at": slot("text", OBSERVED),
    "contact_phone": slot("text", OBSERVED),
    "contact_email": slot("text", OBSERVED),
    # a returning resident asks about their appointment (or greets again after consent): the
    # rules look it up (action_show_appointment)
    "appointment_asked": slot("bool", OBSERVED, influence=True),
    # the forms' bookkeeping
    "failures": slot("float", CUSTOM, initial_value=0),
    "skipped": slot("list", CUSTOM),
    "place_asked": slot("bool", CUSTOM),
    # the verdict and what comes after it
    "verdict": slot("categorical", CUSTOM, values=["eligible", "not_eligible", "needs_review"]),
    # what the verdict (or the booking) leads to, as the actions decided; the rules follow it
    "next_step": slot("categorical", CUSTOM, influence=True, values=["booking", "save", "done", "retry", "manage"]),
    "persona": slot("text", CUSTOM),
    "eligibility": slot("any", CUSTOM),
    "api_error": slot("bool", CUSTOM),
    # booking
    "wants_booking": slot("bool", CUSTOM),
    "mode": slot("text", CUSTOM),
    "slot_choice": slot("text", CUSTOM),
    "offered_slots": slot("any", CUSTOM),
    "slots_from": slot("text", CUSTOM),
    "time_wish": slot("text", CUSTOM),
    "contact_name": slot("text", CUSTOM),
    "contact": slot("text", CUSTOM),
    "booking_confirmed": slot("bool", CUSTOM),
    "booking": slot("any", CUSTOM),
    "erased": slot("bool", CUSTOM),
    # a returning resident's appointment: move, cancel or keep it
    "appointment_action": slot("text", CUSTOM),
    "move_confirmed": slot("bool", CUSTOM),
    "cancel_confirmed": slot("bool", CUSTOM),
    "appointment_result": slot("text", CUSTOM),
}

FORMS = {
    "intake_form": {"required_slots": ["age", "municipality", "work_situation", "pains"]},
    # consent is asked here only when nothing was stored yet: the booking is the moment of storing
    "booking_form": {
        "required_slots": [
            "wants_booking",
            "consent",
            "mode",
            "slot_choice",
            "contact_name",
            "contact",
            "booking_confirmed",
        ]
    },
    # "shall I save your answers?" after a verdict without a booking
    "consent_form": {"required_slots": ["consent"]},
    # a returning resident's appointment: what to do with it, then (move) a new time and a yes,
    # or (cancel) a yes; the validation asks only what the choice needs
    "appointment_form": {"required_slots": ["appointment_action", "slot_choice", "move_confirmed", "cancel_confirmed"]},
}

ACTIONS = [
    "action_validate_slot_mappings",
    "validate_intake_form",
    "validate_booking_form",
    "validate_consent_form",
    "action_ask_age",
    "action_ask_municipality",
    "action_ask_work_situation",
    "action_ask_pains",
    "action_ask_wants_booking",
    "action_ask_consent",
    "action_ask_mode",
    "action_ask_slot_choice",
    "action_ask_contact_name",
    "action_ask_contact",
    "action_ask_booking_confirmed",
    "action_check_eligibility",
    "action_recheck",
    "action_retry",
    "action_booking_done",
    "action_consent_done",
    "action_request_human",
    "action_switch_language",
    "action_restart",
    "action_delete_data",
    "action_resume",
    "action_show_appointment",
    "validate_appointment_form",
    "action_ask_appointment_action",
    "action_ask_move_confirmed",
    "action_ask_cancel_confirmed",
    "action_appointment_done",
]


def cond(lang: str) -> list[dict[str, Any]]:
    return [{"type": "slot", "name": "language", "value": lang}]


def responses() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in texts.response_keys():
        variants = [{"condition": cond(lang), **texts.response(key, lang)} for lang in texts.LANGUAGES]
        # an unconditional Dutch fallback, in case the language slot is ever unset
        variants.append(texts.response(key, "nl"))
        out[key] = variants
    return out


def domain() -> dict[str, Any]:
    return {
        "version": "3.1",
        "session_config": {"session_expiration_time": 0, "carry_over_slots_to_new_session": True},
        "intents": list(INTENTS),
        "entities": ENTITIES,
        "slots": SLOTS,
        "forms": FORMS,
        "responses": responses(),
        "actions": ACTIONS,
    }


HEADER = "# Generated by `python -m bot.build_domain` from bot/build_domain.py: edit that file.\n"


def render() -> str:
    return HEADER + str(yaml.safe_dump(domain(), allow_unicode=True, sort_keys=False, width=100))


def main() -> int:
    target = ROOT / "domain.yml"
    text = render()
    if "--check" in sys.argv:
        if target.read_text(encoding="utf-8") != text:
            print("domain.yml is out of date: run python -m bot.build_domain")
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
