"""Refusals that the JSON API and the portal's pages both understand.

They are HTTPExceptions, so the API answers them as JSON (`{"detail": ...}`) with no handler of
its own; the portal's route class turns them into a page that shows `text_key` from its texts.
A loader that loads and authorises an object raises these, and both surfaces share the loader.
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException, status


class Refusal(HTTPException):
    def __init__(self, status_code: int, message: str, code: str | None = None, text_key: str | None = None) -> None:
        detail: Any = {"code": code, "message": message} if code else message
        super().__init__(status_code, detail)
        self.code, self.message = code, message
        self.text_key = text_key or f"error.{status_code}"


class NotFound(Refusal):
    def __init__(self, message: str = "Not found.", text_key: str | None = None) -> None:
        super().__init__(status.HTTP_404_NOT_FOUND, message, text_key=text_key)


class Forbidden(Refusal):
    def __init__(self, message: str, code: str | None = None, text_key: str | None = None) -> None:
        super().__init__(status.HTTP_403_FORBIDDEN, message, code, text_key)


class Conflict(Refusal):
    def __init__(self, message: str, code: str, text_key: str | None = None) -> None:
        super().__init__(status.HTTP_409_CONFLICT, message, code, text_key)
