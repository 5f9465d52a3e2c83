"""Imports every domain's models so that the metadata (Alembic, tests) sees all tables."""

from api.advisers.models import Adviser
from api.availability.models import DayOff, WorkingHours
from api.bookings.models import Booking, BookingBlock, CalendarFeed, IdempotencyRecord
from api.core.db import Base
from api.core.ratelimit import FailureCount
from api.funnel.models import ConversationStart
from api.leads.models import Lead, LeadEvent
from api.outbox.models import OutboxMessage
from api.portal.models import PortalSessionRecord
from api.privacy.models import ErasureRecord
from api.shortlinks.models import ShortLink

__all__ = [
    "Adviser",
    "Base",
    "Booking",
    "BookingBlock",
    "CalendarFeed",
    "ConversationStart",
    "DayOff",
    "ErasureRecord",
    "FailureCount",
    "IdempotencyRecord",
    "Lead",
    "LeadEvent",
    "OutboxMessage",
    "PortalSessionRecord",
    "ShortLink",
    "WorkingHours",
]
