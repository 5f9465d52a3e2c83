"""How a send can end other than "sent". Messages name codes and classes, never a recipient."""

from __future__ import annotations


class Skip(Exception):
    """Nothing to send any more (booking cancelled or moved, resident erased, channel off): the
    row is cancelled with this reason."""


class SendFailed(Exception):
    """The provider did not take the message. `permanent`: trying again cannot help."""

    def __init__(self, reason: str, permanent: bool = False) -> None:
        super().__init__(reason[:200])
        self.reason = reason[:200]
        self.permanent = permanent
