"""The turns of one conversation run one at a time and in the order their messages arrived, on any
Rasa process.

Why this exists: Rasa takes a turn's ticket in `Agent.handle_message`, which the channels reach
only after their own work (WhatsApp: after the previous turn of that sender is done, in a
background task; the stock Redis lock store: with a GET and a SET that another process can slip
between). Messages of one resident that arrive close together on two processes could then run in
the wrong order or at once. Here the channel takes the ticket where the message arrives, before
anything can wait, and holds it for the whole turn (bot/lock_store.py: the lock store knows that
the task already holds the conversation, so Rasa's own `lock()` does not queue behind it).

    turn = turns.take(app, conversation_id)      # in the request handler, before any `await`
    async with turn:                             # waits until every earlier turn is done
        await on_new_message(message)
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Any

from bot.lock_store import HELD, InMemoryTurnLockStore, TurnLockStore

logger = logging.getLogger(__name__)
_warned = False


def lock_store(app: Any) -> TurnLockStore:
    """The agent's lock store; a server whose agent is not ready yet, or runs a lock store of
    another kind, keeps its own turns in order with a store of its own."""
    global _warned
    ctx = getattr(app, "ctx", None)
    store = getattr(getattr(ctx, "agent", None), "lock_store", None)
    if isinstance(store, TurnLockStore):
        return store
    if store is not None and not _warned:
        _warned = True
        logger.warning("the lock store is not bot.lock_store.ConversationLockStore: turns are ordered per process only")
    own = getattr(ctx, "own_turn_store", None)
    if own is None:
        own = InMemoryTurnLockStore()
        own.private = True
        if ctx is not None:
            ctx.own_turn_store = own
    return own


class Turn:
    def __init__(self, store: TurnLockStore, conversation_id: str) -> None:
        self.store, self.conversation_id = store, conversation_id
        self.ticket: int | None = store.issue_ticket(conversation_id)
        self._held: Any = None

    async def __aenter__(self) -> Turn:
        assert self.ticket is not None, "a released turn cannot start"
        try:
            await self.store.wait_for_turn(self.conversation_id, self.ticket)
        except BaseException:
            self.release()
            raise
        if not self.store.private:
            self._held = HELD.set(HELD.get() | {self.conversation_id})
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._held is not None:
            HELD.reset(self._held)
            self._held = None
        self.release()

    def release(self) -> None:
        """Gives the conversation to the next turn (also for a turn that never started)."""
        if self.ticket is not None:
            ticket, self.ticket = self.ticket, None
            self.store.cleanup(self.conversation_id, ticket)


def take(app: Any, conversation_id: str) -> Turn:
    """The turn's place in line, taken now: call it before the handler awaits anything."""
    return Turn(lock_store(app), conversation_id)
