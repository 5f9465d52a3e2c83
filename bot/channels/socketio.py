"""Rasa's socket.io channel with session persistence that works on python-socketio >= 5.10.

Rasa 3.6 calls `AsyncServer.enter_room` without awaiting it; since python-socketio 5.10 that is a
coroutine, so the browser's connection never joins its session's room and every bot reply is
lost (RasaHQ/rasa#13027). This subclass registers the same `session_request` handler, awaited.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

logger = logging.getLogger(__name__)


class SocketIOInput(RasaSocketIOInput):
    """Same name, credentials and events as Rasa's `socketio` channel."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        sio = self.sio
        assert sio is not None

        async def session_request(sid: str, data: dict | None) -> None:
            data = dict(data or {})
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, data["session_id"], namespace=self.namespace)
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)
            logger.debug("socket.io session confirmed")

        sio.on("session_request", handler=session_request, namespace=self.namespace)
        return webhook
