"""Rasa's REST channel for development, tests and tools, with the checks a stranger's request needs.

Registered in credentials.yml (development) as `bot.channels.rest.RestInput:`; the production
credentials (credentials.production.yml) leave it out, so it does not exist there.

  POST /webhooks/rest/webhook  {"sender": str, "message": str, "metadata": {...}?}
    200  the bot's messages, as Rasa's REST channel returns them
    400  {"error": reason} for a body that is not such an object (empty, not JSON, no sender, ...)
    503  the bot is still loading

What differs from Rasa's `rest` channel:
- `sender` is required (Rasa put every message without one into one shared "default"
  conversation) and may not be a WhatsApp or website id (bot/channels/identity.py): the REST
  channel can never act in another channel's conversation.
- The channel is always "rest" (Rasa let the body name any `input_channel`).
- The message size and rate limits of every channel (bot/channels/guard.py).
- The turn takes its place in line on arrival (bot/channels/turns.py).
- A failed turn is logged without the message text, and the caller gets an apology, not a 500.
- No streaming (`?stream=true`): nothing uses it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot.channels import guard, limits, turns
from bot.channels.identity import rest_sender_problem

logger = logging.getLogger(__name__)
CHANNEL = "rest"


def _bad(reason: str) -> response.HTTPResponse:
    return response.json({"error": reason}, status=400)


class RestInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return CHANNEL

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @bp.route("/", methods=["GET"])
        async def health(request: Request) -> response.HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> response.HTTPResponse:
            # Nothing here awaits before turns.take: the turn's place is where the message arrived.
            try:
                body = json.loads(request.body or b"")
            except (ValueError, UnicodeDecodeError):
                return _bad("the body must be a JSON object with 'sender' and 'message'")
            if not isinstance(body, dict):
                return _bad("the body must be a JSON object with 'sender' and 'message'")
            sender = body.get("sender")
            problem = rest_sender_problem(sender)
            if problem or not isinstance(sender, str):
                return _bad(problem or "'sender' is required")
            text = body.get("message")
            if not isinstance(text, str) or not text.strip():
                return _bad("'message' is required: the resident's text")
            metadata = body.get("metadata")
            if metadata is None:
                metadata = {}
            if not isinstance(metadata, dict):
                return _bad("'metadata' must be a JSON object when given")
            text = guard.clean(text)
            agent = getattr(request.app.ctx, "agent", None)
            if agent is None or not agent.is_ready():
                return response.json({"error": "the bot is starting; try again in a minute"}, status=503)

            refusal = guard.check(request.app, sender, text)
            if refusal is not None:
                lang = await guard.language(request.app, sender, metadata)
                return response.json([{"recipient_id": sender, "text": refusal.text(lang)}])

            collector = CollectingOutputChannel()
            message = UserMessage(text, collector, sender, input_channel=CHANNEL, metadata=metadata)
            try:
                async with turns.take(request.app, sender):
                    await on_new_message(message)
            except Exception as exc:  # noqa: BLE001 - logged without the text; the caller gets an apology
                logger.error("REST turn failed: %s", type(exc).__name__)
                lang = await guard.language(request.app, sender, metadata)
                collector.messages.append({"recipient_id": sender, "text": limits.text_for("error", lang)})
            return response.json(collector.messages)

        return bp
