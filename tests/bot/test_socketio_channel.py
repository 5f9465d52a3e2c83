"""The website's socket.io channel (bot/channels/socketio.py): the server issues the session, a
connection that offers someone else's id gets its own, messages go to the session the connection
proved (never to an id inside the message), a reconnect with the key continues the session, the
room is joined (Rasa 3.6's own handler forgets to await that), long messages are refused."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.channels.socketio import SocketIOInput


class Scenario:
    def __init__(self) -> None:
        self.channel = SocketIOInput.from_credentials({"session_persistence": True})
        self.received: list[Any] = []
        self.emitted: list[tuple[str, Any, Any]] = []

        async def on_new_message(message: Any) -> None:
            self.received.append(message)

        self.channel.blueprint(on_new_message)
        self.sio = self.channel.sio

        async def record_emit(event, data=None, room=None, namespace=None, **_kw):  # type: ignore[no-untyped-def]
            self.emitted.append((event, data, room))

        self.sio.emit = record_emit

    async def connect(self) -> str:
        return await self.sio.manager.connect(f"eio-{len(self.emitted)}-{id(self)}", "/")

    async def session_request(self, sid: str, data: Any) -> dict[str, Any]:
        await self.sio.handlers["/"]["session_request"](sid, data)
        event, confirm, room = self.emitted[-1]
        assert event == "session_confirm" and room == sid
        return confirm

    async def say(self, sid: str, data: Any) -> None:
        await self.sio.handlers["/"]["user_uttered"](sid, data)


def test_the_server_issues_the_session_and_nobody_adopts_another() -> None:
    async def run() -> None:
        s = Scenario()
        resident = await s.connect()
        confirm = await s.session_request(resident, None)
        session_id, key = confirm["session_id"], confirm["session_key"]
        assert session_id.startswith("web-") and session_id in s.sio.rooms(resident, namespace="/")
        assert confirm["max_message_chars"] == 1000

        intruder = await s.connect()
        theirs = await s.session_request(intruder, {"session_id": session_id})  # Rasa's old form
        assert theirs["session_id"] != session_id
        assert session_id not in s.sio.rooms(intruder, namespace="/")
        await s.say(intruder, {"message": "ik ben 70", "session_id": session_id})
        assert [(m.sender_id, m.text) for m in s.received] == [(theirs["session_id"], "ik ben 70")]

        reload = await s.connect()
        again = await s.session_request(reload, {"session_key": key})
        assert again["session_id"] == session_id and session_id in s.sio.rooms(reload, namespace="/")
        await s.say(reload, {"message": "hoi", "metadata": {"language": "en"}})
        assert (s.received[-1].sender_id, s.received[-1].input_channel) == (session_id, "socketio")
        assert s.received[-1].metadata == {"language": "en"}

    asyncio.run(run())


def test_messages_before_a_session_and_long_messages_never_reach_the_bot() -> None:
    async def run() -> None:
        s = Scenario()
        sid = await s.connect()
        await s.say(sid, {"message": "hoi", "session_id": "web-someone"})
        assert s.received == []  # no session proved on this connection yet
        confirm = await s.session_request(sid, {})
        await s.say(sid, {"message": "x" * 1001})
        assert s.received == []
        assert s.emitted[-1] == ("bot_uttered", {"text": "Je bericht is te lang. Kun je het korter zeggen?"},
                                 confirm["session_id"])  # fmt: skip

    asyncio.run(run())
