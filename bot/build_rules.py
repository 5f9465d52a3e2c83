"""Generates data/rules/*.yml: the conversation's rules, including every digression inside
every form (FAQ, handoff, language switch, start over, erasure, small talk), which would be
tedious and error-prone to write out by hand. Run `python -m bot.build_rules` after editing;
a test checks the files are up to date.

The flow: the welcome and the intake (nothing is stored), the verdict, then the booking (consent
is asked there, at the moment of storing) or the offer to save the answers. The actions decide
what comes next and say so in the slot `next_step`; the rules follow it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from bot.intents import FAQ_RESPONSES, INTENTS

ROOT = Path(__file__).resolve().parents[1]
FORMS = ["intake_form", "booking_form", "consent_form", "appointment_form"]
# intent -> actions, for messages that are not answers (inside a form or outside)
SIDE = {
    **{i: [a] for i, a in FAQ_RESPONSES.items()},
    "bot_challenge": ["utter_bot_challenge"],
    "thanks": ["utter_thanks"],
    "request_human": ["action_request_human"],
    "switch_language": ["action_switch_language"],
}
# A first message that is no question: the welcome and the first question
# (also "delete my data" as a first message: nothing is stored yet, and the welcome says so)
START_INTENTS = [
    "greet", "inform", "affirm", "deny", "dont_know", "other_times", "out_of_scope", "nlu_fallback", "delete_data",
]  # fmt: skip
# What follows the verdict (or a re-check), as the action decided it
AFTER_VERDICT = ["action_check_eligibility", "action_recheck", "action_retry"]
Step = dict[str, Any]


def rule(
    name: str,
    steps: list[Step],
    condition: list[Step] | None = None,
    wait_for_user_input: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    r: dict[str, Any] = {"rule": name}
    if condition:
        r["condition"] = condition
    r.update(extra)
    r["steps"] = steps
    if not wait_for_user_input:
        r["wait_for_user_input"] = False
    return r


def form_steps(form: str) -> list[Step]:
    return [{"action": form}, {"active_loop": form}]


def form_done(form: str) -> list[Step]:
    return [{"action": form}, {"active_loop": None}, {"slot_was_set": [{"requested_slot": None}]}]


def next_step_rules(action: str) -> list[dict[str, Any]]:
    return [
        rule(f"after {action}: offer a booking", [
            {"action": action}, {"slot_was_set": [{"next_step": "booking"}]}, *form_steps("booking_form"),
        ]),
        rule(f"after {action}: offer to save the answers", [
            {"action": action}, {"slot_was_set": [{"next_step": "save"}]}, *form_steps("consent_form"),
        ]),
        rule(f"after {action}: wait", [
            {"action": action}, {"slot_was_set": [{"next_step": "done"}]}, {"action": "action_listen"},
        ]),
        rule(f"after {action}: the API failed, wait for 'try again'", [
            {"action": action}, {"slot_was_set": [{"next_step": "retry"}]}, {"action": "action_listen"},
        ]),
    ]  # fmt: skip


def start_rules() -> list[dict[str, Any]]:
    rules = []
    for intent in START_INTENTS:
        rules.append(rule(
            f"start: {intent} opens with the welcome and the first question",
            [{"intent": intent}, {"action": "utter_welcome"}, *form_steps("intake_form")],
            conversation_start=True,
        ))  # fmt: skip
    for intent, actions in SIDE.items():
        rules.append(rule(
            f"start: {intent} is answered, then the welcome",
            [{"intent": intent}, *[{"action": a} for a in actions], {"action": "utter_welcome"},
             *form_steps("intake_form")],
            conversation_start=True,
        ))  # fmt: skip
    return rules


def core_rules() -> list[dict[str, Any]]:
    rules = start_rules()
    rules.append(rule(
        "intake complete: the verdict",
        [*form_done("intake_form"), {"action": "action_check_eligibility"}],
        condition=[{"active_loop": "intake_form"}], wait_for_user_input=False,
    ))  # fmt: skip
    for action in AFTER_VERDICT:
        rules += next_step_rules(action)
    rules += [
        rule("try again after an API failure", [{"intent": "affirm"}, {"action": "action_retry"}],
             condition=[{"slot_was_set": [{"next_step": "retry"}]}], wait_for_user_input=False),
        rule("booking form complete", [*form_done("booking_form"), {"action": "action_booking_done"}],
             condition=[{"active_loop": "booking_form"}], wait_for_user_input=False),
        *next_step_rules("action_booking_done")[1:3],
        rule("save offer answered", [*form_done("consent_form"), {"action": "action_consent_done"}],
             condition=[{"active_loop": "consent_form"}], wait_for_user_input=False),
        *next_step_rules("action_consent_done")[2:],
        # outside the forms
        rule("greet later", [{"intent": "greet"}, {"action": "utter_greet_back"}]),
        rule("goodbye", [{"intent": "goodbye"}, {"action": "utter_goodbye"}]),
        rule("out of scope", [{"intent": "out_of_scope"}, {"action": "utter_out_of_scope"}]),
        rule("nlu fallback outside a form", [{"intent": "nlu_fallback"}, {"action": "utter_out_of_scope"}]),
        rule("no answer to anything outside a form", [{"intent": "inform"}, {"action": "utter_anything_else"}]),
        rule("yes outside a question", [{"intent": "affirm"}, {"action": "utter_anything_else"}]),
        rule("no outside a question", [{"intent": "deny"}, {"action": "utter_anything_else"}]),
        rule("don't know outside a form", [{"intent": "dont_know"}, {"action": "utter_anything_else"}]),
        rule("other times outside a form", [{"intent": "other_times"}, {"action": "utter_anything_else"}]),
        # action_restart (ours) returns Restarted + FollowupAction(intake_form); this rule says
        # the same for the policies (and for test stories, which do not run actions)
        rule("after start over: the first question", [{"action": "action_restart"}, *form_steps("intake_form")]),
    ]  # fmt: skip
    for intent, actions in SIDE.items():
        rules.append(rule(f"{intent} outside a form", [{"intent": intent}, *[{"action": a} for a in actions]]))
    # an answer or a correction outside the forms, whatever the classifier made of the message
    # ("start over" keeps Rasa's own rule)
    for intent in [*(i for i in INTENTS if i != "restart"), "nlu_fallback"]:
        rules.append(rule(
            f"an answer outside a form ({intent}): acknowledged, then checked again",
            [{"intent": intent}, {"slot_was_set": [{"answered": True}]}, {"action": "action_recheck"}],
            condition=[{"active_loop": None}], wait_for_user_input=False,
        ))  # fmt: skip
    return rules


def appointment_rules() -> list[dict[str, Any]]:
    """A returning resident: greeting again after something was stored, or a question about the
    appointment (whatever the classifier made of it), looks the appointment up; found, the
    appointment form asks what to do (move, cancel, keep); none, the action says so (and a
    booking may follow)."""
    rules = []
    for intent in [*(i for i in INTENTS if i != "restart"), "nlu_fallback"]:
        rules.append(rule(
            f"a returning resident ({intent}): the appointment is looked up",
            [{"intent": intent}, {"slot_was_set": [{"appointment_asked": True}]},
             {"action": "action_show_appointment"}],
            condition=[{"active_loop": None}], wait_for_user_input=False,
        ))  # fmt: skip
    rules += [
        rule("the appointment found: what to do with it", [
            {"action": "action_show_appointment"}, {"slot_was_set": [{"next_step": "manage"}]},
            *form_steps("appointment_form"),
        ]),
        rule("no appointment to come: a booking after all", [
            {"action": "action_show_appointment"}, {"slot_was_set": [{"next_step": "booking"}]},
            *form_steps("booking_form"),
        ]),
        rule("no appointment to come, or it could not be looked up: wait", [
            {"action": "action_show_appointment"}, {"slot_was_set": [{"next_step": "done"}]},
            {"action": "action_listen"},
        ]),
        rule("appointment form complete", [*form_done("appointment_form"), {"action": "action_appointment_done"}],
             condition=[{"active_loop": "appointment_form"}], wait_for_user_input=False),
        rule("after the appointment form: wait", [
            {"action": "action_appointment_done"}, {"slot_was_set": [{"next_step": "done"}]},
            {"action": "action_listen"},
        ]),
    ]  # fmt: skip
    return rules


def erasure_rules() -> list[dict[str, Any]]:
    rules = [
        rule("delete my data: asked first", [{"intent": "delete_data"}, {"action": "utter_confirm_delete"}]),
        rule("delete my data: confirmed", [
            {"action": "utter_confirm_delete"}, {"intent": "affirm"}, {"action": "action_delete_data"},
        ]),
        rule("delete my data: not after all", [
            {"action": "utter_confirm_delete"}, {"intent": "deny"}, {"action": "utter_delete_cancelled"},
            {"action": "action_resume"},
        ]),
    ]  # fmt: skip
    # anything else than yes after "are you sure?" erases nothing, and the conversation goes on
    for intent in [i for i in INTENTS if i not in ("affirm", "deny", "delete_data", "restart")] + ["nlu_fallback"]:
        rules.append(rule(f"delete my data: {intent} is no yes", [
            {"action": "utter_confirm_delete"}, {"intent": intent}, {"action": "utter_delete_cancelled"},
            {"action": "action_resume"},
        ]))  # fmt: skip
    for form in FORMS:
        rules.append(rule(f"{form}: delete my data pauses the form and asks first", [
            {"intent": "delete_data"}, {"action": "action_deactivate_loop"}, {"active_loop": None},
            {"action": "utter_confirm_delete"},
        ], condition=[{"active_loop": form}]))  # fmt: skip
    return rules


def digression_rules() -> list[dict[str, Any]]:
    rules = []
    for form in FORMS:
        cond = [{"active_loop": form}]
        for intent, actions in SIDE.items():
            rules.append(rule(f"{form}: {intent}, then back to the question", [
                {"intent": intent}, *[{"action": a} for a in actions], *form_steps(form),
            ], condition=cond))  # fmt: skip
        rules.append(rule(f"{form}: greet, then back to the question", [
            {"intent": "greet"}, {"action": "utter_greet_back"}, *form_steps(form),
        ], condition=cond))  # fmt: skip
        rules.append(rule(f"{form}: goodbye pauses the form", [
            {"intent": "goodbye"}, {"action": "utter_goodbye"},
            {"action": "action_deactivate_loop"}, {"active_loop": None},
        ], condition=cond))  # fmt: skip
    return rules


def render(rules: list[dict[str, Any]]) -> str:
    head = "# Generated by `python -m bot.build_rules` from bot/build_rules.py: edit that file.\n"
    return head + str(
        yaml.safe_dump({"version": "3.1", "rules": rules}, allow_unicode=True, sort_keys=False, width=100)
    )


FILES = {
    "data/rules/core.yml": core_rules,
    "data/rules/erasure.yml": erasure_rules,
    "data/rules/appointment.yml": appointment_rules,
    "data/rules/digressions.yml": digression_rules,
}


def main() -> int:
    stale = []
    for rel, make in FILES.items():
        path = ROOT / rel
        text = render(make())
        if "--check" in sys.argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(rel)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {rel}")
    if stale:
        print("out of date: " + ", ".join(stale) + " (run python -m bot.build_rules)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
