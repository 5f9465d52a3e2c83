from __future__ import annotations

from copy import deepcopy
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    EmailStr,
    Field,
    ModelWrapValidatorHandler,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from api.advisers.schemas import AdviserRef
from api.core.schemas import (
    Age,
    Channel,
    DbId,
    Language,
    LeadStatus,
    Mode,
    Pain,
    PlaceName,
    Sector,
    ShortText,
    StrictModel,
    Utm,
    Verdict,
    WorkSituation,
    cut,
    limits,
)
from api.eligibility.schemas import EligibilityResult, Reason

PHONE_CHARS = set("+0123456789 -()")
# A moment of a conversation (consent, the last message) before the campaign or a year ahead of
# our clock is a mistake of the caller (and year 1 or 9999 cannot even be stored).
EARLIEST_MOMENT = datetime(2020, 1, 1, tzinfo=UTC)
MOST_AHEAD = timedelta(days=366)

NoteText = Annotated[str | None, BeforeValidator(lambda v: cut(v, limits().callback_note))]


# What the resident said about their work: cut to the vocabulary's limit, never refused.
OwnWords = Annotated[str | None, BeforeValidator(lambda v: cut(v, limits().work_text))]


class Contact(StrictModel):
    name: ShortText | None = None
    phone: str | None = Field(default=None, max_length=32)
    email: EmailStr | None = None

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        digits = [c for c in value if c.isdigit()]
        if set(value) - PHONE_CHARS or not 8 <= len(digits) <= 15:
            raise ValueError("a phone number has 8 to 15 digits, e.g. 06 12345678 or +31 6 12345678")
        return value.strip()


# Refused with 422 when wrong: consent (the legal basis for storing anything) and unknown
# top-level fields (a caller's typo). Any other field with a value that does not fit is left
# out (or cut to its limit) and named in the answer's `ignored`: an optional answer, a UTM value
# or a contact detail never costs the resident their lead.
STRICT_FIELDS = ("consent_at",)


class LeadUpsert(StrictModel):
    """What the action server knows so far; only the fields given are changed. (The resident's last
    WhatsApp message and STOP/START come from the WhatsApp channel: WhatsAppInbound.)"""

    channel: Channel | None = None
    language: Language | None = None
    age: Age | None = None
    municipality: PlaceName = None
    work_situation: WorkSituation | None = None
    pains: list[Pain] | None = Field(default=None, max_length=6)
    sector: Sector | None = None
    contact: Contact | None = None
    consent_at: AwareDatetime | None = None
    utm: Utm | None = None
    callback_requested: bool | None = None
    callback_note: NoteText = None
    work_text: OwnWords = Field(
        default=None,
        description="What the resident said about their work, in their own words (cut to the vocabulary's "
        "limits.work_text, 500)",
    )
    # Accepted for compatibility; the API recomputes the verdict from the answers itself.
    eligibility: dict[str, Any] | None = None
    persona: str | None = Field(default=None, max_length=40)

    _ignored: list[str] = PrivateAttr(default_factory=list)

    @property
    def ignored(self) -> list[str]:
        """The fields (dotted paths) that were left out because their value did not fit."""
        return self._ignored

    @field_validator("consent_at")
    @classmethod
    def _real_moment(cls, value: datetime | None) -> datetime | None:
        return real_moment(value)

    @model_validator(mode="wrap")
    @classmethod
    def _leave_out_what_does_not_fit(cls, data: Any, handler: ModelWrapValidatorHandler[LeadUpsert]) -> LeadUpsert:
        ignored: list[str] = []
        for _ in range(20):  # each round removes at least one value; a body has few
            try:
                model = handler(data)
            except ValidationError as exc:
                data, removed = _without_optional_errors(data, exc)
                if not removed:
                    raise
                ignored += removed
                continue
            model._ignored = ignored
            return model
        return handler(data)


def _without_optional_errors(data: Any, exc: ValidationError) -> tuple[Any, list[str]]:
    """A copy of `data` without the values the errors point at, and their paths; nothing is
    removed when any error is about a strict field or the body's structure."""
    if not isinstance(data, dict):
        return data, []
    paths = []
    for error in exc.errors():
        loc = error["loc"]
        if not loc or loc[0] in STRICT_FIELDS or (len(loc) == 1 and error["type"] == "extra_forbidden"):
            return data, []
        paths.append(loc)
    copy = deepcopy(data)
    removed = []
    # Deepest and last first, so that removing a list item does not move the next one.
    for loc in sorted(paths, key=lambda p: [str(x).zfill(6) for x in p], reverse=True):
        parent: Any = copy
        for part in loc[:-1]:
            parent = _child(parent, part)
        if _remove(parent, loc[-1]):
            removed.append(".".join(str(p) for p in loc))
    return copy, sorted(removed)


def _child(container: Any, key: int | str) -> Any:
    if isinstance(container, dict):
        return container.get(key)
    if isinstance(container, list) and isinstance(key, int) and 0 <= key < len(container):
        return container[key]
    return None


def _remove(container: Any, key: int | str) -> bool:
    if isinstance(container, dict) and key in container:
        del container[key]
        return True
    if isinstance(container, list) and isinstance(key, int) and 0 <= key < len(container):
        del container[key]
        return True
    return False


# A WhatsApp conversation id as the WhatsApp channel makes it: Twilio's `From`, an E.164 number.
WhatsAppConversationId = Annotated[str, StringConstraints(pattern=r"^whatsapp:\+[1-9][0-9]{6,14}$", max_length=24)]


def real_moment(value: datetime | None) -> datetime | None:
    """A moment of a conversation in UTC; 422 for one before the campaign or far ahead."""
    if value is None:
        return None
    try:
        moment = value.astimezone(UTC)
    except OverflowError:
        moment = None
    if moment is None or not EARLIEST_MOMENT <= moment <= datetime.now(UTC) + MOST_AHEAD:
        raise ValueError("a moment of this conversation (with a time zone), not a date far away")
    return moment


class WhatsAppInbound(StrictModel):
    """A resident's message reached the WhatsApp channel (sent by the channel, with each message)."""

    received_at: AwareDatetime = Field(
        description="When the message arrived: WhatsApp's 24-hour window for free-form messages runs from it. "
        "An earlier time than the stored one changes nothing (messages may be reported out of order)."
    )
    opted_out: bool | None = Field(
        default=None,
        description="true when the message was STOP (or afmelden, ...), false when it was START (or aanmelden); "
        "absent for any other message.",
    )

    @field_validator("received_at")
    @classmethod
    def _real_moment(cls, value: datetime) -> datetime:
        moment = real_moment(value)
        assert moment is not None  # a required field
        return moment


class WhatsAppStateOut(BaseModel):
    """What the reminders go by: the resident's last WhatsApp message and whether they sent STOP."""

    last_inbound_at: datetime | None
    whatsapp_opted_out: bool


class Eligibility(BaseModel):
    verdict: Verdict
    reasons: list[Reason]


class BookingSummary(BaseModel):
    id: int
    start: datetime
    end: datetime
    mode: Mode
    adviser: str
    adviser_id: int
    location: str | None
    status: str


class LeadEventOut(BaseModel):
    id: int
    actor: str
    action: str
    from_status: str | None
    to_status: str | None
    note: str | None
    subject: str | None = None
    created_at: datetime


class LeadOut(BaseModel):
    id: int
    conversation_id: str
    channel: Channel
    language: Language
    age: int | None
    municipality: str | None
    work_situation: WorkSituation | None
    pains: list[Pain]
    sector: Sector | None
    eligibility: Eligibility | None
    persona: str | None
    contact: Contact
    consent_at: datetime | None
    booking: BookingSummary | None
    utm: Utm
    status: LeadStatus
    callback_requested: bool
    callback_note: str | None
    last_inbound_at: datetime | None = None
    whatsapp_opted_out: bool = False
    work_text: str | None = None
    owner: AdviserRef | None = None
    created_at: datetime
    updated_at: datetime


class LeadUpsertOut(LeadOut):
    """The lead after the upsert, with what the action server needs next, so that it makes no
    second call: the verdict as POST /api/eligibility gives it (reasons with their explanations
    in nl and en, the persona, the next steps), computed from the stored answers (null until
    age, work situation and pains are known), and the fields that were left out."""

    check: EligibilityResult | None
    ignored: list[str]


class TimelineItem(BaseModel):
    at: datetime
    kind: str = Field(description='"event" (the audit trail), "message" (sent to the resident), ...')
    action: str
    actor: str | None
    note: str | None
    detail: dict[str, str | None]


class LeadDetail(LeadOut):
    events: list[LeadEventOut]
    timeline: list[TimelineItem] = Field(
        default_factory=list, description="Notes, status changes, bookings and messages, oldest first"
    )


class LeadList(BaseModel):
    items: list[LeadOut]
    total: int
    limit: int
    offset: int
    counts_by_status: dict[str, int]


class StatusChange(StrictModel):
    status: LeadStatus
    note: str | None = Field(default=None, max_length=2000)


class NoteIn(StrictModel):
    note: str = Field(min_length=1, max_length=2000)


class CallItem(BaseModel):
    """One row of the call list."""

    section: Literal["callbacks", "to_call", "appointments"]
    lead_id: int
    name: str | None
    phone: str | None
    verdict: Verdict | None
    work_text: str | None = Field(description="The resident's own words about their work")
    language: Language
    channel: Channel
    since: datetime = Field(description="Waiting since (call-back asked, lead came in), or the appointment's start")
    owner: AdviserRef | None
    booking: BookingSummary | None


class CallListOut(BaseModel):
    filter: Literal["all", "mine", "unassigned"]
    counts: dict[str, int] = Field(description="Rows per section under this filter")
    filter_counts: dict[str, int] = Field(description="Rows of all sections per filter")
    callbacks: list[CallItem]
    to_call: list[CallItem]
    appointments: list[CallItem]


class OwnerIn(StrictModel):
    adviser_id: DbId | None = Field(description="The adviser who takes over the lead; null: nobody")
