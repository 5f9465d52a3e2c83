"""Refuses request bodies larger than any endpoint needs, before they are read.

JSON bodies may be MAX_BODY_BYTES long; form posts (the portal's forms, the login form) four
times that. A declared Content-Length over the limit is answered at once; a body sent without
one (chunked) is counted while it is read and refused as soon as it passes the limit.
"""

from __future__ import annotations

import json

from fastapi import HTTPException
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is too large: this endpoint takes at most {limit} bytes.")


class BodyLimit:
    def __init__(self, app: ASGIApp, json_bytes: int, form_bytes: int) -> None:
        self.app, self.json_bytes, self.form_bytes = app, json_bytes, form_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        is_form = headers.get("content-type", "").split(";")[0].strip().lower() in FORM_TYPES
        limit = self.form_bytes if is_form else self.json_bytes
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send, limit)
            return

        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)  # FastAPI answers it like any HTTPException
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await _refuse(send, limit)


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps({"detail": BodyTooLarge(limit).detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            # The rest of the body is not read: the client must not reuse this connection.
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
