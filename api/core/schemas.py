"""Types shared by the domains' request and response schemas."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from api.core.config import get_settings
from api.eligibility.vocabulary import Limits, vocabulary

Language = Literal["nl", "en"]
Channel = Literal["socketio", "whatsapp", "rest"]
Mode = Literal["phone", "video", "in_person"]
WorkSituation = Literal["employed", "self_employed", "job_seeker", "on_benefits", "returner", "student", "other"]
Pain = Literal["physical_strain", "low_income", "irregular_hours", "no_diploma", "insecure_work", "no_prospects"]
Sector = Literal[
    "construction",
    "retail",
    "hospitality",
    "security",
    "cleaning",
    "administration",
    "childcare",
    "education",
    "ict",
    "healthcare",
    "logistics",
    "other",
]
Verdict = Literal["eligible", "not_eligible", "needs_review"]
LeadStatus = Literal["new", "contacted", "advice_done", "voucher_requested", "closed"]


def _plausible_age(age: int) -> int:
    """The bounds of what can be an age are the vocabulary's (who is eligible is the rules')."""
    vocab = vocabulary(get_settings().vocabulary_path)
    if not vocab.age_min <= age <= vocab.age_max:
        raise ValueError(f"an age is between {vocab.age_min} and {vocab.age_max}")
    return age


def limits() -> Limits:
    """The vocabulary's limits on what the chat collects (`limits:` in vocabulary.yml)."""
    return vocabulary(get_settings().vocabulary_path).limits


def cut(value: object, limit: int) -> object:
    """A text trimmed and cut to `limit` characters (None when nothing is left); any other value
    as given, for the validator to judge."""
    if not isinstance(value, str):
        return value
    return value.strip()[:limit].rstrip() or None


Age = Annotated[int, AfterValidator(_plausible_age)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]
# Where a resident lives, as typed: cut to the vocabulary's limit, never refused.
PlaceName = Annotated[str | None, BeforeValidator(lambda v: cut(v, limits().place_name))]
# Cut to the one limit of the vocabulary, never refused: a long campaign code must not cost a
# resident their lead (the widget and the actions cut to the same limit).
UtmValue = Annotated[str | None, BeforeValidator(lambda v: cut(v, limits().utm_value))]
ConversationId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=128)]


class StrictModel(BaseModel):
    """Unknown fields are a mistake of the caller, answered with a 422 that names them."""

    model_config = ConfigDict(extra="forbid")


class Utm(StrictModel):
    source: UtmValue = None
    medium: UtmValue = None
    campaign: UtmValue = None
    content: UtmValue = None
    term: UtmValue = None


class Page(BaseModel):
    total: int
    limit: int = Field(ge=1)
    offset: int = Field(ge=0)


# Ids in paths and queries: bounded so that PostgreSQL's 32-bit integers never overflow (a 500).
MAX_ID = 2**31 - 1
DbId = Annotated[int, Field(ge=1, le=MAX_ID)]
