"""The verdict as the resident sees it: the outcome at a glance, the reasons under it, then what
they can do. On the website a card (a custom payload the widget renders, with a heading and the
outcome in words); on WhatsApp and other channels one compact message, not a row of bubbles in
which the outcome scrolls out of view."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import channel_name, lang
from bot import texts

MARKS = {"pass": "✓", "needs_review": "?", "fail": "✗"}


def reason_lines(result: dict[str, Any], language: str) -> list[dict[str, str]]:
    labels = texts.table("result_outcome", language)
    lines = []
    for reason in result.get("reasons") or []:
        text = (reason.get("explanations") or {}).get(language) or reason.get("explanation")
        if text:
            outcome = reason.get("outcome") or ("pass" if reason.get("passed") else "fail")
            outcome = outcome if outcome in MARKS else "fail"
            lines.append({"outcome": str(outcome), "label": str(labels[outcome]), "text": str(text)})
    return lines


def step_lines(result: dict[str, Any], language: str) -> list[dict[str, str | None]]:
    steps = []
    for step in result.get("next_steps") or []:
        text = (step.get("texts") or {}).get(language) or step.get("text")
        if text:
            steps.append({"text": str(text), "url": step.get("url")})
    return steps


def advice(result: dict[str, Any], language: str) -> str | None:
    """The persona's tip, or where to go instead when not eligible."""
    if result["verdict"] == "not_eligible":
        return str(texts.response("utter_not_eligible_where_to_go", language)["text"])
    persona = result.get("persona")
    if persona and f"utter_persona_{persona}" in texts.response_keys():
        return str(texts.response(f"utter_persona_{persona}", language)["text"])
    return None


def title(verdict: str, language: str) -> str:
    return str(texts.table("result", language)[verdict])


def as_text(result: dict[str, Any], language: str) -> str:
    parts = [title(result["verdict"], language)]
    reasons = reason_lines(result, language)
    if reasons:
        parts.append(texts.text("result_why", language))
        parts += [f"{MARKS[r['outcome']]} {r['text']}" for r in reasons]
    tip = advice(result, language)
    if tip:
        parts += ["", tip]
    steps = step_lines(result, language)
    if steps:
        parts += ["", texts.text("next_steps", language)]
        parts += [f"- {s['text']}" + (f" {s['url']}" if s.get("url") else "") for s in steps]
    return "\n".join(parts)


def as_card(result: dict[str, Any], language: str) -> dict[str, Any]:
    """What the widget renders (widget/src/widget.js, cardOf); `text` for its live region."""
    return {
        "type": "result_card",
        "verdict": result["verdict"],
        "title": title(result["verdict"], language),
        "why": texts.text("result_why", language),
        "reasons": reason_lines(result, language),
        "advice": advice(result, language),
        "steps_title": texts.text("next_steps", language),
        "steps": step_lines(result, language),
        "text": as_text(result, language),
    }


def show_result(dispatcher: CollectingDispatcher, tracker: Tracker, result: dict[str, Any]) -> None:
    language = lang(tracker)
    if channel_name(tracker) == "socketio":
        # Rasa's socket.io output emits json_message's keys as emit()'s arguments: `data` is the
        # message the browser receives
        dispatcher.utter_message(json_message={"data": as_card(result, language)})
    else:
        dispatcher.utter_message(text=as_text(result, language))
