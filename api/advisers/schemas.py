from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from api.core.schemas import Language, Mode


class Token(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


class AdviserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    email: str
    role: str
    languages: list[Language]
    locations: list[str]
    modes: list[Mode]
    slot_minutes: int
    buffer_minutes: int
    active: bool


class AdviserRef(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
