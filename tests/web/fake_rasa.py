"""A tiny stand-in for Rasa's socket.io channel (same events, same message shapes, sessions issued
by the server as bot/channels/socketio.py does), so the widget can be tested without the trained
bot. Records what the widget sends; `received` holds each message with the session the server
bound it to."""

from __future__ import annotations

import asyncio
import secrets
import threading
import time
from typing import Any

import socketio
import uvicorn

from tests.stack import free_port

GREETING = {
    "text": "Hallo! Ik ben een **digitale assistent**, geen mens.\nIk stel je een paar vragen:\n"
    "- je leeftijd\n- waar je woont\nMeer info: https://example.org/leertdoor.",
    "quick_replies": [
        {"content_type": "text", "title": "Ja, prima", "payload": "/affirm"},
        {"content_type": "text", "title": "Nee", "payload": "/deny"},
    ],
}
CONFIRM_ERASE = {
    "text": "Weet je het zeker? Dan wis ik je antwoorden, je gegevens en dit gesprek.",
    "quick_replies": [
        {"content_type": "text", "title": "Ja, wis alles", "payload": "/affirm"},
        {"content_type": "text", "title": "Nee, niet wissen", "payload": "/deny"},
    ],
}
ERASED = [{"type": "erased"}, {"text": "Je gegevens en dit gesprek zijn gewist."}]
# the verdict as actions/result.py sends it to the socket.io channel
RESULT_CARD = {
    "type": "result_card",
    "verdict": "eligible",
    "title": "Goed nieuws: je komt waarschijnlijk in aanmerking voor de voucher.",
    "why": "Dit is waarom:",
    "reasons": [
        {"outcome": "pass", "label": "Klopt", "text": "Je bent 45 jaar."},
        {"outcome": "needs_review", "label": "Nakijken", "text": "Een adviseur kijkt je werk na."},
        {"outcome": "fail", "label": "Klopt niet", "text": "<b>niet vet</b>"},
    ],
    "advice": "Veel mensen met zwaar werk kiezen een opleiding.",
    "steps_title": "Wat je kunt doen:",
    "steps": [{"text": "Kijk op", "url": "https://example.org/leerwerkloket"}],
    "text": "Goed nieuws: je komt waarschijnlijk in aanmerking voor de voucher.",
}
HTML_REPLY = {"text": '<img src=x onerror="window.__pwned=1"><b>vet</b> <script>window.__pwned=2</script>'}


class FakeRasa:
    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[dict[str, Any]] = []
        self.session_requests: list[Any] = []
        self.keys: dict[str, str] = {}  # session key -> session id
        self.bound: dict[str, str] = {}  # socket id -> session id
        self.sio = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins=[])
        self.app = socketio.ASGIApp(self.sio, socketio_path="socket.io")
        self.server = uvicorn.Server(
            uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

        @self.sio.on("session_request")
        async def session_request(sid: str, data: Any) -> None:
            self.session_requests.append(data)
            key = (data or {}).get("session_key")
            if key not in self.keys:
                key = secrets.token_urlsafe(16)
                self.keys[key] = "web-" + secrets.token_hex(16)
            session_id = self.bound[sid] = self.keys[key]
            await self.sio.enter_room(sid, session_id)
            confirm = {"session_id": session_id, "session_key": key, "max_message_chars": 1000}
            await self.sio.emit("session_confirm", confirm, room=sid)

        @self.sio.on("user_uttered")
        async def user_uttered(sid: str, data: dict[str, Any]) -> None:
            room = self.bound.get(sid)
            if room is None:
                return
            self.received.append({**data, "session_id": room})
            text = str(data.get("message", ""))
            await asyncio.sleep(0.3)  # long enough to see the typing indicator
            if text in ("/greet", "/restart"):
                await self.sio.emit("bot_uttered", GREETING, room=room)
            elif text == "/delete_data":
                await self.sio.emit("bot_uttered", CONFIRM_ERASE, room=room)
            elif text == "/affirm":
                for message in ERASED:
                    await self.sio.emit("bot_uttered", message, room=room)
            elif "uitslag" in text.lower():
                await self.sio.emit("bot_uttered", RESULT_CARD, room=room)
            elif "html" in text.lower():
                await self.sio.emit("bot_uttered", HTML_REPLY, room=room)
            else:
                await self.sio.emit("bot_uttered", {"text": f"Je zei: {text}"}, room=room)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the fake socket.io server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
