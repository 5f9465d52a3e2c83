"""Generates data/rules/*.yml: the conversation's rules, including every digression inside
every form (FAQ, handoff, language switch, start over, erasure, small talk), which would be
tedious and error-prone to write out by hand. Run `python -m bot.build_rules` after editing;
a test checks the files are up to date."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from bot.build_domain import FAQ_INTENTS

ROOT = Path(__file__).resolve().parents[1]
FORMS = ["consent_form", "intake_form", "booking_form"]
FAQ = {i: "utter_" + i.removeprefix("ask_") for i in FAQ_INTENTS}
# intent -> actions, for messages that are not answers (inside a form or outside)
SIDE = {
    **{i: [a] for i, a in FAQ.items()},
    "bot_challenge": ["utter_bot_challenge"],
    "out_of_scope": ["utter_out_of_scope"],
    "thanks": ["utter_thanks"],
    "request_human": ["action_request_human"],
    "switch_language": ["action_switch_language"],
}
START_INTENTS = ["greet", "inform", "affirm", "deny", "dont_know", "other_times"]


def rule(
    name: str,
    steps: list[Any],
    condition: list[Any] | None = None,
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


def form_steps(form: str) -> list[Any]:
    return [{"action": form}, {"active_loop": form}]


def core_rules() -> list[Any]:
    rules = []
    for intent in START_INTENTS:
        rules.append(
            rule(
                f"start: {intent} opens with the welcome and asks consent",
                [{"intent": intent}, {"action": "utter_welcome"}, *form_steps("consent_form")],
                conversation_start=True,
            )
        )
    for intent, actions in SIDE.items():
        rules.append(
            rule(
                f"start: {intent} is answered, then the welcome",
                [
                    {"intent": intent},
                    *[{"action": a} for a in actions],
                    {"action": "utter_welcome"},
                    *form_steps("consent_form"),
                ],
                conversation_start=True,
            )
        )
    rules += [
        rule(
            "consent given: start the intake",
            [
                {"action": "consent_form"},
                {"active_loop": None},
                {"slot_was_set": [{"requested_slot": None}]},
                {"action": "utter_consent_thanks"},
                {"action": "action_after_consent"},
                *form_steps("intake_form"),
            ],
            condition=[{"active_loop": "consent_form"}, {"slot_was_set": [{"consent": True}]}],
        ),
        rule(
            "consent refused: explain, store nothing",
            [
                {"action": "consent_form"},
                {"active_loop": None},
                {"slot_was_set": [{"requested_slot": None}]},
                {"action": "utter_no_consent"},
            ],
            condition=[{"active_loop": "consent_form"}, {"slot_was_set": [{"consent": False}]}],
        ),
        rule(
            "intake complete: verdict",
            [
                {"action": "intake_form"},
                {"active_loop": None},
                {"slot_was_set": [{"requested_slot": None}]},
                {"action": "action_check_eligibility"},
            ],
            condition=[{"active_loop": "intake_form"}],
            wait_for_user_input=False,
        ),
    ]
    for verdict in ("eligible", "needs_review"):
        rules.append(
            rule(
                f"{verdict}: offer the booking",
                [
                    {"action": "action_check_eligibility"},
                    {"slot_was_set": [{"verdict": verdict}, {"api_error": False}]},
                    *form_steps("booking_form"),
                ],
            )
        )
    rules += [
        rule(
            "not eligible: where to go, then listen",
            [
                {"action": "action_check_eligibility"},
                {"slot_was_set": [{"verdict": "not_eligible"}, {"api_error": False}]},
                {"action": "utter_anything_else"},
            ],
        ),
        rule(
            "API down during the verdict: wait for 'try again'",
            [
                {"action": "action_check_eligibility"},
                {"slot_was_set": [{"api_error": True}, {"verdict": None}]},
                {"action": "action_listen"},
            ],
        ),
        rule(
            "try again after an API failure",
            [
                {"intent": "affirm"},
                {"action": "action_retry"},
            ],
            condition=[{"slot_was_set": [{"api_error": True}]}],
        ),
        rule(
            "booking form complete: confirm",
            [
                {"action": "booking_form"},
                {"active_loop": None},
                {"slot_was_set": [{"requested_slot": None}]},
                {"action": "action_booking_done"},
            ],
            condition=[{"active_loop": "booking_form"}],
        ),
        # outside the forms
        rule("greet later", [{"intent": "greet"}, {"action": "utter_greet_back"}]),
        rule("goodbye", [{"intent": "goodbye"}, {"action": "utter_goodbye"}]),
        rule("answer outside a form: correction or resume", [{"intent": "inform"}, {"action": "action_recheck"}]),
        rule("nlu fallback outside a form", [{"intent": "nlu_fallback"}, {"action": "utter_out_of_scope"}]),
        # action_restart (ours) returns Restarted + FollowupAction(consent_form); this rule says
        # the same for the policies (and for test stories, which do not run actions)
        rule("after start over: ask consent again", [{"action": "action_restart"}, *form_steps("consent_form")]),
        rule("delete my data", [{"intent": "delete_data"}, {"action": "action_delete_data"}, {"active_loop": None}]),
        rule("don't know outside a form", [{"intent": "dont_know"}, {"action": "utter_anything_else"}]),
        rule("other times outside a form", [{"intent": "other_times"}, {"action": "utter_anything_else"}]),
    ]
    for intent, actions in SIDE.items():
        rules.append(rule(f"{intent} outside a form", [{"intent": intent}, *[{"action": a} for a in actions]]))
    return rules


def digression_rules() -> list[Any]:
    rules = []
    for form in FORMS:
        cond = [{"active_loop": form}]
        for intent, actions in SIDE.items():
            rules.append(
                rule(
                    f"{form}: {intent}, then back to the question",
                    [
                        {"intent": intent},
                        *[{"action": a} for a in actions],
                        *form_steps(form),
                    ],
                    condition=cond,
                )
            )
        rules.append(
            rule(
                f"{form}: greet, then back to the question",
                [
                    {"intent": "greet"},
                    {"action": "utter_greet_back"},
                    *form_steps(form),
                ],
                condition=cond,
            )
        )
        rules.append(
            rule(
                f"{form}: goodbye pauses the form",
                [
                    {"intent": "goodbye"},
                    {"action": "utter_goodbye"},
                    {"action": "action_deactivate_loop"},
                    {"active_loop": None},
                ],
                condition=cond,
            )
        )
        rules.append(
            rule(
                f"{form}: delete my data",
                [
                    {"intent": "delete_data"},
                    {"action": "action_delete_data"},
                    {"active_loop": None},
                ],
                condition=cond,
            )
        )
    return rules


def render(rules: list[Any]) -> str:
    head = "# Generated by `python -m bot.build_rules` from bot/build_rules.py: edit that file.\n"
    return head + str(
        yaml.safe_dump({"version": "3.1", "rules": rules}, allow_unicode=True, sort_keys=False, width=100)
    )


FILES = {
    "data/rules/core.yml": core_rules,
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
