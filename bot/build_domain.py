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

ROOT = Path(__file__).resolve().parents[1]

INTENTS = [
    "greet",
    "goodbye",
    "thanks",
    "affirm",
    "deny",
    "inform",
    "dont_know",
    "bot_challenge",
    "out_of_scope",
    "ask_what_is_voucher",
    "ask_costs",
    "ask_courses",
    "ask_duration",
    "ask_taxes",
    "ask_who_can_apply",
    "ask_employer",
    "request_human",
    "restart",
    "delete_data",
    "switch_language",
    "other_times",
]
FAQ_INTENTS = [
    "ask_what_is_voucher",
    "ask_costs",
    "ask_courses",
    "ask_duration",
    "ask_taxes",
    "ask_who_can_apply",
    "ask_employer",
]
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
]
# Questions and requests are not answers: "can I get this as a student?" must not make the
# resident a student. Answers may still come with a greeting ("hoi, ik ben 45").
QUESTION_INTENTS = [
    "ask_what_is_voucher", "ask_costs", "ask_courses", "ask_duration", "ask_taxes", "ask_who_can_apply",
    "ask_employer", "bot_challenge", "out_of_scope", "request_human", "delete_data", "restart",
]  # fmt: skip


def answer(entity: str) -> dict[str, Any]:
    return {"type": "from_entity", "entity": entity, "not_intent": QUESTION_INTENTS}


SLOTS = {
    "language": {
        "type": "categorical",
        "values": ["nl", "en"],
        "initial_value": "nl",
        "influence_conversation": False,
        "mappings": [{"type": "custom", "action": "action_observe_message"}],
    },
    "language_source": {
        "type": "text",
        "influence_conversation": False,
        "mappings": [{"type": "custom", "action": "action_observe_message"}],
    },
    "channel": {
        "type": "text",
        "influence_conversation": False,
        "mappings": [{"type": "custom", "action": "action_observe_message"}],
    },
    "utm": {
        "type": "any",
        "influence_conversation": False,
        "mappings": [{"type": "custom", "action": "action_observe_message"}],
    },
    "conversation_registered": {
        "type": "bool",
        "influence_conversation": False,
        "mappings": [{"type": "custom", "action": "action_observe_message"}],
    },
    "callback_pending": {
        "type": "bool",
        "influence_conversation": False,
        "mappings": [{"type": "custom", "action": "action_observe_message"}],
    },
    "consent": {
        "type": "bool",
        "influence_conversation": True,
        "mappings": [
            {
                "type": "from_intent",
                "intent": "affirm",
                "value": True,
                "conditions": [{"active_loop": "consent_form", "requested_slot": "consent"}],
            },
            {
                "type": "from_intent",
                "intent": "deny",
                "value": False,
                "conditions": [{"active_loop": "consent_form", "requested_slot": "consent"}],
            },
        ],
    },
    "age": {"type": "any", "influence_conversation": False, "mappings": [answer("age"), {"type": "custom"}]},
    "municipality": {
        "type": "text",
        "influence_conversation": False,
        "mappings": [answer("municipality"), {"type": "custom"}],
    },
    "work_situation": {
        "type": "text",
        "influence_conversation": False,
        "mappings": [answer("work_situation"), {"type": "custom"}],
    },
    "pains": {"type": "list", "influence_conversation": False, "mappings": [answer("pain"), {"type": "custom"}]},
    "sector": {"type": "text", "influence_conversation": False, "mappings": [answer("sector")]},
    "failures": {
        "type": "float",
        "influence_conversation": False,
        "initial_value": 0,
        "mappings": [{"type": "custom"}],
    },
    "verdict": {
        "type": "categorical",
        "values": ["eligible", "not_eligible", "needs_review"],
        "influence_conversation": True,
        "mappings": [{"type": "custom"}],
    },
    "persona": {"type": "text", "influence_conversation": False, "mappings": [{"type": "custom"}]},
    "eligibility": {"type": "any", "influence_conversation": False, "mappings": [{"type": "custom"}]},
    "api_error": {"type": "bool", "influence_conversation": True, "mappings": [{"type": "custom"}]},
    "wants_booking": {
        "type": "bool",
        "influence_conversation": False,
        "mappings": [
            {
                "type": "from_intent",
                "intent": "affirm",
                "value": True,
                "conditions": [{"active_loop": "booking_form", "requested_slot": "wants_booking"}],
            },
            {
                "type": "from_intent",
                "intent": "deny",
                "value": False,
                "conditions": [{"active_loop": "booking_form", "requested_slot": "wants_booking"}],
            },
        ],
    },
    "mode": {
        "type": "text",
        "influence_conversation": False,
        "mappings": [
            {"type": "from_entity", "entity": "mode", "conditions": [{"active_loop": "booking_form"}]},
            {"type": "custom"},
        ],
    },
    "slot_choice": {
        "type": "text",
        "influence_conversation": False,
        "mappings": [
            {"type": "from_entity", "entity": "slot_choice", "conditions": [{"active_loop": "booking_form"}]},
            {"type": "custom"},
        ],
    },
    "offered_slots": {"type": "any", "influence_conversation": False, "mappings": [{"type": "custom"}]},
    "contact_name": {
        "type": "text",
        "influence_conversation": False,
        "mappings": [
            {
                "type": "from_text",
                "not_intent": [
                    "request_human",
                    "restart",
                    "delete_data",
                    "switch_language",
                    "bot_challenge",
                    *FAQ_INTENTS,
                ],
                "conditions": [{"active_loop": "booking_form", "requested_slot": "contact_name"}],
            },
        ],
    },
    "contact_phone": {
        "type": "text",
        "influence_conversation": False,
        "mappings": [{"type": "from_entity", "entity": "phone"}],
    },
    "contact_email": {
        "type": "text",
        "influence_conversation": False,
        "mappings": [{"type": "from_entity", "entity": "email"}],
    },
    "contact": {"type": "text", "influence_conversation": False, "mappings": [{"type": "custom"}]},
    "booking_confirmed": {
        "type": "bool",
        "influence_conversation": False,
        "mappings": [
            {
                "type": "from_intent",
                "intent": "affirm",
                "value": True,
                "conditions": [{"active_loop": "booking_form", "requested_slot": "booking_confirmed"}],
            },
            {
                "type": "from_intent",
                "intent": "deny",
                "value": False,
                "conditions": [{"active_loop": "booking_form", "requested_slot": "booking_confirmed"}],
            },
        ],
    },
    "slots_from": {"type": "text", "influence_conversation": False, "mappings": [{"type": "custom"}]},
    "erased": {"type": "bool", "influence_conversation": False, "mappings": [{"type": "custom"}]},
    "booking": {"type": "any", "influence_conversation": False, "mappings": [{"type": "custom"}]},
}

FORMS = {
    "consent_form": {"required_slots": ["consent"]},
    "intake_form": {"required_slots": ["age", "municipality", "work_situation", "pains"]},
    "booking_form": {
        "required_slots": ["wants_booking", "mode", "slot_choice", "contact_name", "contact", "booking_confirmed"]
    },
}

ACTIONS = [
    "action_observe_message",
    "validate_consent_form",
    "validate_intake_form",
    "validate_booking_form",
    "action_ask_slot_choice",
    "action_ask_booking_confirmed",
    "action_after_consent",
    "action_check_eligibility",
    "action_booking_done",
    "action_request_human",
    "action_restart",
    "action_delete_data",
    "action_switch_language",
    "action_retry",
    "action_recheck",
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
        "intents": INTENTS,
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
