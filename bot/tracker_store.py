"""SQL tracker store that can erase a conversation.

Rasa's SQLTrackerStore only appends events, so a `Restarted` event alone would leave the old
messages in the database. When an action sets the slot `erased` (action_delete_data does, right
after `Restarted`), this store deletes every stored event of that conversation and keeps only
the events after the last restart. Configure with `tracker_store: type:
bot.tracker_store.ErasingSQLTrackerStore` (same options as type SQL)."""

from __future__ import annotations

import logging

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Restarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

import bot.resilience  # noqa: F401  (apologise when the action server is down)

logger = logging.getLogger(__name__)
ERASE_SLOT = "erased"


class ErasingSQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            new_events = list(self._additional_events(session, tracker))
        if not any(isinstance(e, SlotSet) and e.key == ERASE_SLOT and e.value for e in new_events):
            await super().save(tracker)
            return
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
