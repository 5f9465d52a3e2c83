"""When the action server is down, Rasa logs the error and says nothing. This wraps custom
action calls so the resident gets an apology instead (the response `utter_api_down`, in their
language), every answer stays in the tracker, and the conversation continues when the action
server is back. Imported by bot/tracker_store.py, which the Rasa server loads at start."""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered
from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)
APOLOGY = "utter_api_down"
# runs on every message (actions/observe.py); Rasa already tolerates its failure
SILENT = {"action_validate_slot_mappings"}

_original_run = RemoteAction.run


async def _run_with_apology(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> list[Any]:
    try:
        events: list[Any] = await _original_run(self, output_channel, nlg, tracker, domain)
        return events
    except ActionExecutionRejection:
        raise
    except RasaException as exc:
        if self.name() in SILENT:
            raise
        logger.error("custom action %s failed: %s; apologising to the resident", self.name(), exc)
        try:
            message = await nlg.generate(APOLOGY, tracker, output_channel.name())
        except Exception:  # noqa: BLE001 - never let the apology itself fail
            message = None
        if not message:
            message = {"text": "Sorry, er gaat iets mis. Probeer het zo nog eens."}
        data = {k: v for k, v in message.items() if k != "text"}
        return [BotUttered(message.get("text"), data, {"utter_action": APOLOGY})]


if getattr(RemoteAction.run, "__name__", "") != "_run_with_apology":
    RemoteAction.run = _run_with_apology
