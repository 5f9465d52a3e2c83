"""What every channel checks before a resident's message reaches Rasa: its size and the rate of
messages in its conversation (bot/channels/limits.py holds both limits). A message over a limit is
answered at once with a polite text in the resident's language and never reaches NLU.

The rate is counted per conversation in fixed windows where the lock store keeps its locks
(bot/lock_store.py): in Redis when it is Redis, so every Rasa process counts together; in this
process otherwise.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.channels import limits
from bot.channels.turns import lock_store

logger = logging.getLogger(__name__)
LANGUAGES = ("nl", "en")


def clean(text: str) -> str:
    """The text without what breaks storage or logging further on: lone UTF-16 surrogates (JSON can
    carry them) become U+FFFD, NUL characters go."""
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text.replace("\x00", "")


class Refusal:
    """Why a message is refused (a key of limits.TEXTS), and whether it is the first refusal of
    its kind in this window (channels that pay per message answer only that one)."""

    def __init__(self, reason: str, first: bool) -> None:
        self.reason, self.first = reason, first

    def text(self, language: str | None) -> str:
        return limits.text_for(self.reason, language)


def check(app: Any, conversation_id: str, text: str) -> Refusal | None:
    """Counts the message; a Refusal when it is one too many or too long. Synchronous, so a channel
    can call it before the turn takes its place in line."""
    allowed, window = limits.rate_limit()
    count = lock_store(app).count_message(conversation_id, window)
    if count > allowed:
        logger.info("message refused: more than %d in %d s in one conversation", allowed, window)
        return Refusal("too_fast", count == allowed + 1)
    maximum = limits.message_max_chars()
    if len(text) > maximum:
        logger.info("message refused: %d characters, the limit is %d", len(text), maximum)
        return Refusal("too_long", True)
    return None


async def language(app: Any, conversation_id: str, metadata: Any = None, hint: str | None = None) -> str | None:
    """The resident's language if known: the channel's own memory, the conversation's `language`
    slot, or the language the message's metadata names (the page's)."""
    if hint in LANGUAGES:
        return hint
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    store = getattr(agent, "tracker_store", None)
    if store is not None:
        try:
            tracker = await store.retrieve(conversation_id)
            slot = tracker.get_slot("language") if tracker else None
            if slot in LANGUAGES:
                return str(slot)
        except Exception as exc:  # noqa: BLE001 - the tracker store may be away: the metadata, or Dutch
            logger.debug("language lookup failed: %s", type(exc).__name__)
    if isinstance(metadata, dict) and metadata.get("language") in LANGUAGES:
        return str(metadata["language"])
    return None
