from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class OutboxItem(BaseModel):
    """A message as advisers and operators see it: what, to whom (a role, never an address), state."""

    id: int
    kind: str
    channel: str
    lead_id: int | None
    booking_id: int | None
    due_at: datetime
    status: str
    attempts: int
    next_attempt_at: datetime
    via: str | None
    last_error: str | None
    sent_at: datetime | None


class OutboxList(BaseModel):
    items: list[OutboxItem]
    counts_by_status: dict[str, int]
