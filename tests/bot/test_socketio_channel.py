"""The website's socket.io channel: a reconnecting browser joins its session's room, so the
bot's replies reach it (Rasa 3.6's own handler forgets to await this)."""

from __future__ import annotations

import asyncio

from bot.channels.socketio import SocketIOInput


async def _noop(_message: object) -> None:
    return None


def session_request(data: dict | None) -> tuple[list[str], list[tuple]]:
    """Sends `session_request` on a fresh connection; returns its rooms and what was emitted."""

    async def scenario() -> tuple[list[str], list[tuple]]:
        channel = SocketIOInput.from_credentials({"session_persistence": True})
        channel.blueprint(_noop)
        sio = channel.sio
        emitted: list[tuple] = []

        async def record_emit(event, data=None, room=None, namespace=None, **_kw):
            emitted.append((event, data))

        sid = await sio.manager.connect("engine-io-sid", "/")
        sio.emit = record_emit
        await sio.handlers["/"]["session_request"](sid, data)
        return sio.rooms(sid, namespace="/"), emitted

    return asyncio.run(scenario())


def test_session_request_joins_the_session_room_and_confirms() -> None:
    rooms, emitted = session_request({"session_id": "abc123"})
    assert "abc123" in rooms
    assert emitted == [("session_confirm", "abc123")]


def test_a_session_request_without_id_gets_a_new_one() -> None:
    rooms, emitted = session_request(None)
    ((event, session_id),) = emitted
    assert event == "session_confirm" and len(session_id) == 32 and session_id in rooms
