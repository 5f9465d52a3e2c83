"""The website's socket.io channel: a reconnecting browser joins its session's room, so the
bot's replies reach it (Rasa 3.6's own handler forgets to await this)."""

from __future__ import annotations

import asyncio

from bot.channels.socketio import SocketIOInput


async def _noop(_message: object) -> None:
    return None


def test_session_request_joins_the_session_room_and_confirms() -> None:
    async def scenario() -> tuple[list[str], list[tuple]]:
        channel = SocketIOInput.from_credentials(
            {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered", "session_persistence": True}
        )
        channel.blueprint(_noop)
        sio = channel.sio
        emitted: list[tuple] = []

        async def record_emit(event, data=None, room=None, namespace=None, **_kw):
            emitted.append((event, data, room))

        sid = await sio.manager.connect("engine-io-sid", "/")
        sio.emit = record_emit
        handler = sio.handlers["/"]["session_request"]
        await handler(sid, {"session_id": "abc123"})
        return sio.rooms(sid, namespace="/"), emitted

    rooms, emitted = asyncio.run(scenario())
    assert "abc123" in rooms
    assert [(event, data) for event, data, _room in emitted] == [("session_confirm", "abc123")]


def test_a_session_request_without_id_gets_a_new_one() -> None:
    async def scenario() -> list[tuple]:
        channel = SocketIOInput.from_credentials({"session_persistence": True})
        channel.blueprint(_noop)
        sio = channel.sio
        emitted: list[tuple] = []

        async def record_emit(event, data=None, room=None, namespace=None, **_kw):
            emitted.append((event, data, room))

        sid = await sio.manager.connect("engine-io-sid-2", "/")
        sio.emit = record_emit
        await sio.handlers["/"]["session_request"](sid, None)
        return emitted

    ((event, session_id, _room),) = asyncio.run(scenario())
    assert event == "session_confirm" and len(session_id) == 32
