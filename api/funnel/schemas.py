from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from api.core.schemas import Channel, ConversationId, Language, StrictModel, Utm

Grouping = Literal["campaign_source", "campaign", "source"]


class ConversationStartIn(StrictModel):
    conversation_id: ConversationId
    channel: Channel = "rest"
    language: Language = "nl"
    utm: Utm | None = None


class FunnelRow(BaseModel):
    utm_campaign: str | None
    utm_source: str | None
    conversations: int
    consented: int
    eligible: int = Field(description="Likely eligible or to be reviewed by an adviser (or further)")
    booked: int
    attended: int
    voucher_requested: int
    rates: dict[str, float | None] = Field(
        description="Per step after the first: its percentage of the step before (null when that is 0)"
    )


class Funnel(BaseModel):
    group: Grouping
    steps: list[str]
    items: list[FunnelRow]
    totals: FunnelRow
