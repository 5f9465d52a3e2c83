"""Rasa's lock store, made safe for several Rasa processes and for tickets taken at arrival.

Rasa serialises the turns of one conversation with a ticket lock: a turn takes the next ticket
number and waits until every earlier ticket is done. Two things in Rasa 3.6 break that:

1. `RedisLockStore` issues a ticket with GET, change, SET. Two Rasa processes issuing at the same
   moment both read the same list: they get the same number (both turns run at once on one
   tracker) or one overwrites the other's ticket (that turn waits for a ticket that no longer
   exists and fails with a LockError). Here every change is one Redis transaction (WATCH/MULTI),
   so numbers are unique and issued in the order the messages reached Redis.
2. A turn waits by sleeping a whole second between looks (`wait_time_in_seconds=1`). Here it
   looks every `POLL_SECONDS`.

The channels take a turn's ticket the moment its message arrives (bot/channels/turns.py) and hold
it for the whole turn; `lock()` then sees that this task already holds the conversation and does
not queue behind itself.

endpoints.yml:  lock_store: {type: bot.lock_store.ConversationLockStore, backend: in_memory|redis,
                             url, port, db, key_prefix}
With `backend: in_memory` only one Rasa process may run (SANIC_WORKERS must be 1).
"""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import json
import logging
import os
import time
from collections.abc import AsyncGenerator, Callable
from contextlib import asynccontextmanager
from typing import Any

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError, LockStore, RedisLockStore

logger = logging.getLogger(__name__)
POLL_SECONDS = 0.02

# Conversations whose ticket the current task (and what it starts) is being served under.
HELD: contextvars.ContextVar[frozenset[str]] = contextvars.ContextVar("held_conversations", default=frozenset())


class TurnLockStore(LockStore):
    """Serves tickets in order, polling briefly; re-entrant for a task that holds the ticket.
    Logs no conversation ids (Rasa's debug lines name them: a WhatsApp id is a phone number)."""

    # a store a channel made for itself (no agent yet): Rasa's lock() never sees its tickets
    private = False

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            lock = self.get_or_create_lock(conversation_id)
            ticket = int(lock.issue_ticket(lock_lifetime))
            self.save_lock(lock)
            return ticket
        except Exception as exc:
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc

    @staticmethod
    def _log_deletion(conversation_id: str, deletion_successful: bool) -> None:
        return None

    def count_message(self, conversation_id: str, window: int) -> int:
        """Messages of this conversation in the current `window`-second window, this one included
        (the channels' rate limit, bot/channels/guard.py), counted where the locks live."""
        slot = int(time.time() // window)
        counts: dict[str, tuple[int, int]] = self.__dict__.setdefault("_message_counts", {})
        if len(counts) > 10_000:
            for key in [k for k, v in counts.items() if v[0] != slot]:
                del counts[key]
        seen, count = counts.get(conversation_id, (slot, 0))
        count = count + 1 if seen == slot else 1
        counts[conversation_id] = (slot, count)
        return count

    async def wait_for_turn(self, conversation_id: str, ticket: int) -> None:
        """Returns when `ticket` is being served; LockError when it expired meanwhile."""
        while True:
            lock = self.get_lock(conversation_id)
            if lock is None or lock._ticket_for_ticket_number(ticket) is None:
                raise LockError("the turn's ticket expired before it was served")
            if lock.now_serving == ticket:
                return
            await asyncio.sleep(POLL_SECONDS)

    @asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncGenerator[TicketLock, None]:
        if conversation_id in HELD.get():  # the channel took this turn's ticket on arrival
            yield self.get_lock(conversation_id) or TicketLock(conversation_id)
            return
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            await self.wait_for_turn(conversation_id, ticket)
            yield self.get_lock(conversation_id) or TicketLock(conversation_id)
        finally:
            self.cleanup(conversation_id, ticket)


class InMemoryTurnLockStore(TurnLockStore, InMemoryLockStore):
    """One process: each change is synchronous on the event loop, so nothing interleaves."""


class RedisTurnLockStore(TurnLockStore, RedisLockStore):
    """Several processes on one Redis: every read-change-write is one transaction."""

    def _change(self, conversation_id: str, change: Callable[[TicketLock], Any]) -> Any:
        key = self.key_prefix + conversation_id
        result: list[Any] = []

        def apply(pipe: Any) -> None:
            raw = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(raw)) if raw else TicketLock(conversation_id)
            result[:] = [change(lock)]
            lock.remove_expired_tickets()
            pipe.multi()
            if lock.tickets:
                # the key outlives its last ticket a little, so a crashed process leaves nothing behind
                ttl = max(1, int(max(t.expires for t in lock.tickets) - time.time()) + 60)
                pipe.set(key, lock.dumps(), ex=ttl)
            else:
                pipe.delete(key)

        self.red.transaction(apply, key)
        return result[0] if result else None

    def count_message(self, conversation_id: str, window: int) -> int:
        # a hash, not the id, in the key: WhatsApp ids are phone numbers
        digest = hashlib.sha256(conversation_id.encode()).hexdigest()[:24]
        key = f"{self.key_prefix}rate:{digest}:{int(time.time() // window)}"
        try:
            pipe = self.red.pipeline()
            pipe.incr(key)
            pipe.expire(key, window * 2)
            return int(pipe.execute()[0])
        except Exception as exc:  # noqa: BLE001 - Redis away: count here rather than refuse everyone
            logger.warning("message count in Redis failed (%s); counting in this process", type(exc).__name__)
            return super().count_message(conversation_id, window)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return int(self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime)))
        except Exception as exc:
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc

    def update_lock(self, conversation_id: str) -> None:
        self._change(conversation_id, lambda lock: None)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        self.finish_serving(conversation_id, ticket_number)  # deletes the key with the last ticket


class ConversationLockStore:
    """Rasa builds a custom lock store as `type(endpoint_config=...)`: this picks the backend."""

    def __new__(cls, endpoint_config: Any = None) -> TurnLockStore:
        kwargs = dict(getattr(endpoint_config, "kwargs", None) or {})
        backend = str(kwargs.pop("backend", None) or "in_memory").strip().lower()
        if backend == "in_memory":
            workers = os.environ.get("SANIC_WORKERS", "1").strip() or "1"
            if workers != "1":
                raise SystemExit(
                    f"SANIC_WORKERS={workers} needs a shared lock store: set LOCK_STORE_TYPE=redis (and REDIS_HOST)"
                )
            return InMemoryTurnLockStore()
        if backend != "redis":
            raise SystemExit(f"LOCK_STORE_TYPE must be in_memory or redis, not {backend!r}")
        host = getattr(endpoint_config, "url", None) or "localhost"
        options = {k: v for k, v in kwargs.items() if v not in (None, "")}
        store = RedisTurnLockStore(host=host, **options)
        logger.info("lock store: Redis at %s (db %s)", host, options.get("db", 1))
        return store
