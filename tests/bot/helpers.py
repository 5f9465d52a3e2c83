"""Builds rasa-sdk trackers and runs actions against the fake API."""

from __future__ import annotations

import asyncio
from typing import Any

import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.bot.conftest import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
DEFAULT_SLOTS = {name: spec.get("initial_value") for name, spec in DOMAIN["slots"].items()}


def make_tracker(
    text: str = "",
    intent: str = "inform",
    *,
    confidence: float = 0.99,
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    metadata: dict[str, Any] | None = None,
    set_this_turn: dict[str, Any] | None = None,
    channel: str = "rest",
    sender_id: str = "conv-1",
    active_loop: str | None = None,
    after_user: list[dict[str, Any]] | None = None,
    before: list[dict[str, Any]] | None = None,
    ranking: list[tuple[str, float]] | None = None,
) -> Tracker:
    """A tracker whose latest event is the user's message (plus the slots Rasa's mappings set
    for it, which is what a form validation action receives)."""
    all_slots = {**DEFAULT_SLOTS, **(slots or {}), **(set_this_turn or {})}
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
        "metadata": metadata or {},
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking or [(intent, confidence)]],
    }
    events: list[dict[str, Any]] = [
        *(before or []),
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": latest, "input_channel": channel,
         "metadata": metadata or {}},
        {"event": "action", "name": "action_extract_slots"},
    ]  # fmt: skip
    events += after_user or []
    if active_loop:  # Rasa's form hands its validation action this marker
        events += [
            {"event": "slot", "name": "requested_slot", "value": all_slots.get("requested_slot")},
            {"event": "action", "name": active_loop},
        ]
    events += [{"event": "slot", "name": k, "value": v} for k, v in (set_this_turn or {}).items()]
    return Tracker(
        sender_id=sender_id,
        slots=all_slots,
        latest_message=latest,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_extract_slots",
    )


def earlier_message(text: str, intent: str, requested: str) -> list[dict[str, Any]]:
    """Events of an earlier turn while `requested` was being asked."""
    return [
        {"event": "slot", "name": "requested_slot", "value": requested},
        {"event": "action", "name": "action_listen"},
        {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": 0.99}}},
    ]


def entity(text: str, name: str, value: Any, words: str) -> dict[str, Any]:
    """An extractor entity for `words` inside `text`, with its character offsets."""
    start = text.index(words)
    return {"entity": name, "value": value, "start": start, "end": start + len(words)}


def run(action, tracker: Tracker) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return [dict(e) for e in events], dispatcher.messages


def slots_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def responses_of(messages: list[dict[str, Any]]) -> list[str]:
    return [m.get("response") or m.get("text") for m in messages]
