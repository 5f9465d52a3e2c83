"""The action server's API client when a pooled connection breaks before the answer (the API closed
it as it went idle): a request that may safely be sent twice is sent once more, so the resident gets
the verdict instead of "something went wrong"; one that may not (a cancellation) is not."""

from __future__ import annotations

import asyncio
import json

from actions import api

ANSWER = json.dumps({"verdict": "eligible"}).encode()


class FlakyServer:
    """Speaks HTTP/1.1 on a local port; the first `drops` requests are read and then the connection
    is closed without an answer."""

    def __init__(self, drops: int) -> None:
        self.drops = drops
        self.requests: list[str] = []

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        length = next(
            (int(line.split(":")[1]) for line in head.split("\r\n") if line.lower().startswith("content-length")), 0
        )
        if length:
            await reader.readexactly(length)
        self.requests.append(head.split("\r\n")[0])
        if len(self.requests) <= self.drops:
            writer.close()
            return
        writer.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
            + str(len(ANSWER)).encode()
            + b"\r\n\r\n"
            + ANSWER
        )
        await writer.drain()
        writer.close()


async def _call(drops: int, call: str) -> tuple[object, list[str]]:
    server = FlakyServer(drops)
    listening = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    port = listening.sockets[0].getsockname()[1]
    client = api.Api(base_url=f"http://127.0.0.1:{port}", token="t")
    try:
        if call == "eligibility":
            result: object = await client.eligibility({"age": 40})
        else:
            result = await client.cancel_conversation_booking("conv-1")
    except api.ApiUnavailable as exc:
        result = exc
    finally:
        listening.close()
        await api.client().aclose()
    return result, server.requests


def test_the_eligibility_check_is_sent_once_more_when_the_connection_breaks():
    result, requests = asyncio.run(_call(1, "eligibility"))
    assert result == {"verdict": "eligible"}
    assert requests == ["POST /api/eligibility HTTP/1.1"] * 2


def test_a_cancellation_is_not_sent_twice():
    result, requests = asyncio.run(_call(1, "cancel"))
    assert isinstance(result, api.ApiUnavailable)
    assert len(requests) == 1


def test_a_connection_that_breaks_twice_is_the_api_unavailable():
    result, requests = asyncio.run(_call(2, "eligibility"))
    assert isinstance(result, api.ApiUnavailable)
    assert len(requests) == 2
