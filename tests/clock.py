"""When an appointment that has begun starts, for tests that move one into the past.

The portal's "today" is the adviser's local day: "five minutes ago" just after local midnight is
yesterday, and the appointment would leave today's agenda. A run at 00:02 failed CI that way.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from api.core.config import Settings

LOCAL = ZoneInfo(Settings.model_fields["timezone"].default)


def begun_moments_ago(minutes: int = 5) -> datetime:
    """A start `minutes` ago, but not before today's local midnight (UTC, aware)."""
    now = datetime.now(UTC)
    midnight = now.astimezone(LOCAL).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(now - timedelta(minutes=minutes), midnight.astimezone(UTC))
