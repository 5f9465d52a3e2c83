"""SQL tracker store that can erase a conversation, and saves a turn without re-reading it.

Erasure: Rasa's SQLTrackerStore only appends events, so a `Restarted` event alone would leave
the old messages in the database. When an action sets the slot `erased` (action_delete_data
does, right after `Restarted`), this store deletes every stored event of that conversation and
keeps only the events after the last restart.

Speed (every turn saves the tracker while the conversation's lock is held):
- Rasa counts the stored events of the conversation with a query before appending the new
  ones. The count is already known from loading the tracker at the start of the same turn, under
  the same lock (the lock store serialises turns across Rasa instances), so it is kept on the
  tracker object and the query runs only for trackers this store did not load.
- On SQLite (the embedded default) the file runs in WAL mode with synchronous=NORMAL: a commit
  no longer waits for an fsync while every other conversation waits for the event loop; a
  crash of the process loses nothing, a power cut at most the last turns. busy_timeout lets
  several processes share the file. PostgreSQL (production) is left as configured.

Configure with `tracker_store: type: bot.tracker_store.ErasingSQLTrackerStore` (same options as
type SQL)."""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, Restarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

import bot.resilience  # noqa: F401  (apologise when the action server is down)

logger = logging.getLogger(__name__)
ERASE_SLOT = "erased"
# the number of this conversation's events in the database when this tracker object was loaded
# or last saved (events since the latest session start, as Rasa counts them)
STORED = "_leertdoor_stored_events"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class ErasingSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        engine: Any = getattr(self, "engine")  # noqa: B009 (Rasa sets it; mypy cannot type it)
        if engine.dialect.name == "sqlite":
            # Rasa's engine opens a new connection for every query (SQLAlchemy 1.4's NullPool for
            # SQLite files); a small pool of connections with the pragmas set once each.
            engine.dispose()
            pooled = sa.create_engine(
                engine.url, poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False}
            )
            sa.event.listen(pooled, "connect", _sqlite_pragmas)
            self.engine = pooled
            self.sessionmaker = sa.orm.session.sessionmaker(bind=pooled)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        """Rasa's `_retrieve`, reading only the stored JSON of each event (not whole ORM rows:
        building those was 7 % of the CPU), and noting how many events this tracker started
        with."""
        with self.session_scope() as session:
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions=fetch_events_from_all_sessions)
            rows = query.with_entities(self.SQLEvent.data).all()
        events = [json.loads(data) for (data,) in rows]
        if not (self.domain and events):
            return None
        tracker = DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        if not fetch_events_from_all_sessions:
            setattr(tracker, STORED, len(tracker.events))
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        stored = getattr(tracker, STORED, None)
        if stored is None or stored > len(tracker.events):
            counted: Iterator[Event] = super()._additional_events(session, tracker)
            return counted
        return itertools.islice(tracker.events, stored, len(tracker.events))

    async def save(self, tracker: DialogueStateTracker) -> None:
        if tracker.get_slot(ERASE_SLOT):
            await self._erase_and_save(tracker)
            return
        await super().save(tracker)
        setattr(tracker, STORED, len(tracker.events))

    async def _erase_and_save(self, tracker: DialogueStateTracker) -> None:
        events = list(tracker.events)
        last_restart = max((i for i, e in enumerate(events) if isinstance(e, Restarted)), default=-1)
        kept = [e for e in events[last_restart + 1 :] if not (
            isinstance(e, SlotSet) and e.key == ERASE_SLOT)]  # fmt: skip
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == tracker.sender_id).delete()
            session.commit()
        logger.info("erased %s stored events of one conversation", deleted)
        slots = self.domain.slots if self.domain else None
        fresh = DialogueStateTracker.from_events(tracker.sender_id, kept, slots=slots)
        await super().save(fresh)
        # the caller's tracker still holds the erased events: make sure nothing of it is appended
        setattr(tracker, STORED, None)
