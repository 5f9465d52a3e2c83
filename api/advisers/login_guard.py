"""Who may try a password now. Wrong passwords slow down the client that types them, never the
account: a stranger cannot lock an adviser out.

- Per account and client: LOGIN_MAX_FAILURES wrong passwords are free, then each attempt waits
  LOGIN_BACKOFF_SECONDS, doubled per further failure (at most half of LOGIN_WINDOW_SECONDS).
  The right password resets it.
- Per client, whatever the account: LOGIN_CLIENT_MAX_FAILURES free, then the same back-off
  (someone trying many accounts from one address).
- Per account, whatever the client: after LOGIN_CLIENT_MAX_FAILURES wrong passwords the account
  is under attack and every client that fails on it waits from its first failure on (many
  addresses trying one account). A client that has not failed still gets in at once.

The client is the direct peer, or the X-Forwarded-For address when the peer is a trusted proxy
(TRUSTED_PROXIES, applied by `python -m api.serve`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from fastapi import Request

from api.core.config import get_settings
from api.core.ratelimit import Backoff, FailureStore, failure_store
from api.core.security import pseudonymise

log = logging.getLogger("api.login")


def client_address(request: Request) -> str:
    return request.client.host if request.client else "-"


@dataclass(frozen=True)
class _Keys:
    pair: str
    client: str
    account: str

    def all(self) -> list[str]:
        return [self.pair, self.client, self.account]


class LoginGuard:
    def __init__(self, store: FailureStore, clock: Callable[[], float] = time.time) -> None:
        settings = get_settings()
        self.store, self.clock = store, clock
        self.window = settings.login_window_seconds
        longest = self.window // 2
        self.pair = Backoff(settings.login_max_failures, settings.login_backoff_seconds, longest)
        self.pair_under_attack = Backoff(1, settings.login_backoff_seconds, longest)
        self.crowd = Backoff(settings.login_client_max_failures, settings.login_backoff_seconds, longest)

    @staticmethod
    def _keys(account: str, client: str) -> _Keys:
        return _Keys(
            pair=pseudonymise(f"login:pair:{account}\n{client}"),
            client=pseudonymise(f"login:client:{client}"),
            account=pseudonymise(f"login:account:{account}"),
        )

    def retry_after(self, account: str, client: str) -> int:
        """Seconds this client must wait before trying this account; 0: it may try now."""
        keys, now = self._keys(account, client), self.clock()
        counts = self.store.get(keys.all(), now)
        on_account = counts.get(keys.account)
        under_attack = on_account is not None and on_account.count >= self.crowd.free
        pair_policy = self.pair_under_attack if under_attack else self.pair
        wait = max(pair_policy.wait(counts.get(keys.pair), now), self.crowd.wait(counts.get(keys.client), now))
        if wait:
            log.warning("login attempt refused: the client must wait %s s after failed logins", wait)
        return wait

    def failed(self, account: str, client: str) -> None:
        self.store.add(self._keys(account, client).all(), self.clock(), self.window)

    def succeeded(self, account: str, client: str) -> None:
        # Only this client's own count: an attacker cannot clear their count on other accounts
        # (or on the account as a whole) by logging in to an account of their own.
        self.store.clear([self._keys(account, client).pair])


@lru_cache
def login_guard() -> LoginGuard:
    return LoginGuard(failure_store())
