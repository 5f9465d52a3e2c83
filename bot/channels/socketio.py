"""The website's chat channel: Rasa's socket.io channel (same name, events and message shapes)
with conversations that belong to one browser.

Sessions. The server issues them; a browser cannot pick or adopt one:

  browser -> session_request {"session_key": <what this server issued before> | absent}
  server  -> session_confirm {"session_id": "web-<32 hex>", "session_key": <key>,
                              "max_message_chars": <the message limit>}

The key is `<nonce>.<signature>`: a random nonce with an HMAC of it under CHAT_SESSION_SECRET, so
the server accepts only keys it issued (on any instance that shares the secret). The session id
(the conversation id, which advisers and logs may see) is a second HMAC of the nonce: knowing it
does not give the key. A request without a valid key, including Rasa's old
`{"session_id": ...}` form, gets a new session. Messages (`user_uttered`) go to the session this
connection proved; a `session_id` inside a message is ignored. The widget keeps the key in the
browser's storage and presents it on every reconnect, so a reload continues the conversation.

Also: every message passes the limits of all channels (bot/channels/guard.py) and takes its turn
on arrival (bot/channels/turns.py); socket.io frames are limited to RASA_MAX_BODY_BYTES; a failed
turn is logged without its text. python-socketio >= 5.10 made `enter_room` a coroutine that Rasa
3.6 does not await (RasaHQ/rasa#13027): here it is awaited.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import re
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput
from sanic import Blueprint

from bot.channels import guard, limits, turns
from bot.channels.identity import WEB_PREFIX

logger = logging.getLogger(__name__)
SECRET_ENV = "CHAT_SESSION_SECRET"  # noqa: S105 - the name of the variable
_KEY = re.compile(r"^([A-Za-z0-9_-]{22,64})\.([0-9a-f]{32})$")


class Sessions:
    """Issues and checks the website's session keys."""

    def __init__(self, secret: str | None = None) -> None:
        secret = secret if secret is not None else os.environ.get(SECRET_ENV, "")
        if not secret:
            logger.warning(
                "%s is not set: website sessions end when this process stops (scripts/ensure-env makes one)",
                SECRET_ENV,
            )
            secret = secrets.token_urlsafe(32)
        self._secret = secret.encode()

    def _mac(self, purpose: str, nonce: str) -> str:
        return hmac.new(self._secret, f"{purpose}:{nonce}".encode(), hashlib.sha256).hexdigest()[:32]

    def issue(self) -> str:
        nonce = secrets.token_urlsafe(24)
        return f"{nonce}.{self._mac('key', nonce)}"

    def session_id(self, key: Any) -> str | None:
        """The conversation id of a key this server issued, else None."""
        match = _KEY.match(key) if isinstance(key, str) else None
        if not match or not hmac.compare_digest(match.group(2), self._mac("key", match.group(1))):
            return None
        return WEB_PREFIX + self._mac("session", match.group(1))


class SocketIOInput(RasaSocketIOInput):
    """Same name, credentials and events as Rasa's `socketio` channel."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sessions = Sessions()
        self._bound: dict[str, str] = {}  # socket id -> the session it proved
        self.app: Any = None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None
        sio.eio.max_http_buffer_size = limits.rasa_max_body_bytes()
        namespace = self.namespace
        channel = self

        @webhook.listener("before_server_start")
        async def bind_app(app: Any, _loop: Any) -> None:
            channel.app = app

        async def session_request(sid: str, data: Any) -> None:
            key = data.get("session_key") if isinstance(data, dict) else None
            session_id = channel.sessions.session_id(key)
            if session_id is None:
                key = channel.sessions.issue()
                session_id = channel.sessions.session_id(key)
                assert session_id is not None
            previous = channel._bound.get(sid)
            if previous and previous != session_id:
                await sio.leave_room(sid, previous, namespace=namespace)
            channel._bound[sid] = session_id
            await sio.enter_room(sid, session_id, namespace=namespace)
            confirm = {"session_id": session_id, "session_key": key, "max_message_chars": limits.message_max_chars()}
            await sio.emit("session_confirm", confirm, room=sid, namespace=namespace)

        async def disconnect(sid: str, _reason: Any = None) -> None:
            channel._bound.pop(sid, None)

        async def handle_message(sid: str, data: Any) -> None:
            session_id = channel._bound.get(sid)
            if session_id is None or not isinstance(data, dict):
                logger.info("socket.io message ignored: the connection has no session yet")
                return
            text = data.get("message")
            if not isinstance(text, str) or not text.strip():
                return
            metadata = data.get(channel.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            if not isinstance(metadata, dict):
                metadata = {}
            text = guard.clean(text)
            output = SocketIOOutput(sio, channel.bot_message_evt)
            refusal = guard.check(channel.app, session_id, text)
            if refusal is not None:
                lang = await guard.language(channel.app, session_id, metadata)
                await output.send_text_message(session_id, refusal.text(lang))
                return
            message = UserMessage(text, output, session_id, input_channel=channel.name(), metadata=metadata)
            try:
                async with turns.take(channel.app, session_id):
                    await on_new_message(message)
            except Exception as exc:  # noqa: BLE001 - logged without the text; the resident gets an apology
                logger.error("socket.io turn failed: %s", type(exc).__name__)
                lang = await guard.language(channel.app, session_id, metadata)
                await output.send_text_message(session_id, limits.text_for("error", lang))

        sio.on("session_request", handler=session_request, namespace=namespace)
        sio.on("disconnect", handler=disconnect, namespace=namespace)
        sio.on(self.user_message_evt, handler=handle_message, namespace=namespace)
        return webhook
