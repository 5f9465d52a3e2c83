"""A browser's socket.io connection as the widget makes it (Engine.IO 4 over WebSocket only),
spoken with the `websockets` package: the python-socketio client's WebSocket transport needs a
newer aiohttp than the one Rasa 3.6 pins."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

import websockets


class Browser:
    def __init__(self, url: str) -> None:
        self.url = url.replace("http://", "ws://").rstrip("/") + "/socket.io/?EIO=4&transport=websocket"
        self.ws: Any = None
        self.confirmed: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.replies: list[dict[str, Any]] = []
        self._reader: asyncio.Task[None] | None = None

    async def connect(self, request: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """Opens the socket; with `request`, also asks for a session and returns the confirmation."""
        self.ws = await websockets.connect(self.url, max_size=None)
        opened = await self.ws.recv()
        assert opened.startswith("0"), opened  # Engine.IO open
        await self.ws.send("40")  # Socket.IO connect to the default namespace
        connected = await self.ws.recv()
        assert connected.startswith("40"), connected
        self._reader = asyncio.create_task(self._read())
        return await self.request(request) if request is not None else None

    async def _read(self) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for frame in self.ws:
                if frame == "2":  # ping
                    await self.ws.send("3")
                elif frame.startswith("42"):
                    event, *args = json.loads(frame[2:])
                    if event == "session_confirm":
                        self.confirmed.put_nowait(args[0])
                    elif event == "bot_uttered":
                        self.replies.append(args[0])

    async def emit(self, event: str, data: Any) -> None:
        await self.ws.send("42" + json.dumps([event, data]))

    async def request(self, request: dict[str, Any]) -> dict[str, Any]:
        await self.emit("session_request", request)
        return await asyncio.wait_for(self.confirmed.get(), 60)

    async def say(self, text: str, session_id: str = "") -> None:
        await self.emit("user_uttered", {"message": text, "session_id": session_id, "metadata": {"language": "nl"}})

    async def wait_replies(self, count: int, timeout: float = 180) -> list[dict[str, Any]]:
        for _ in range(int(timeout * 10)):
            if len(self.replies) >= count:
                break
            await asyncio.sleep(0.1)
        return self.replies

    async def wait_quiet(self, quiet: float = 3.0, timeout: float = 180) -> list[dict[str, Any]]:
        """At least one reply, then none for `quiet` seconds (a turn's messages are all in)."""
        await self.wait_replies(1, timeout)
        count = -1
        while count != len(self.replies):
            count = len(self.replies)
            await asyncio.sleep(quiet)
        return self.replies

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            await self._reader
