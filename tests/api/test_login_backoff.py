"""Wrong passwords slow down the client that types them, never the adviser's account."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.advisers.login_guard import login_guard
from api.advisers.models import Adviser
from api.core.config import get_settings
from tests.api.conftest import PASSWORD

STRANGER = ("198.51.100.7", 40000)
OWNER = ("203.0.113.20", 40001)


class Clock:
    def __init__(self) -> None:
        self.now = 1_900_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(login_guard(), "clock", fake)
    return fake


def from_address(address: tuple[str, int]) -> Iterator[TestClient]:
    from api.main import app

    with TestClient(app, client=address) as c:
        yield c


@pytest.fixture
def stranger() -> Iterator[TestClient]:
    yield from from_address(STRANGER)


@pytest.fixture
def owner() -> Iterator[TestClient]:
    yield from from_address(OWNER)


def attempt(client: TestClient, email: str, password: str) -> tuple[int, int | None]:
    response = client.post("/api/auth/token", data={"username": email, "password": password})
    retry = response.headers.get("retry-after")
    return response.status_code, int(retry) if retry else None


def test_a_strangers_wrong_passwords_do_not_stop_the_owner(
    stranger: TestClient, owner: TestClient, adviser: Adviser, clock: Clock
) -> None:
    codes = [attempt(stranger, adviser.email, f"guess-{i}")[0] for i in range(12)]
    assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}
    # the owner, from another address, mistypes once and then gets in
    assert attempt(owner, adviser.email, "typo in it")[0] == 401
    assert attempt(owner, adviser.email, PASSWORD)[0] == 200
    # and the stranger is still slowed down, also with the right password
    assert attempt(stranger, adviser.email, PASSWORD)[0] == 429


def test_brute_force_from_one_address_waits_longer_after_every_failure(
    stranger: TestClient, adviser: Adviser, clock: Clock
) -> None:
    for i in range(5):
        assert attempt(stranger, adviser.email, f"guess-{i}") == (401, None)
    waits = []
    for i in range(5):
        code, retry_after = attempt(stranger, adviser.email, f"again-{i}")
        assert code == 429 and retry_after is not None
        waits.append(retry_after)
        clock.now += retry_after - 1
        assert attempt(stranger, adviser.email, "too early")[0] == 429  # not a second sooner
        clock.now += 1
        assert attempt(stranger, adviser.email, f"after-wait-{i}")[0] == 401
    assert waits == [30, 60, 120, 240, 450]  # doubled, at most half of LOGIN_WINDOW_SECONDS
    # the right password after the wait gets in, and this account's count starts afresh
    clock.now += 450
    assert attempt(stranger, adviser.email, PASSWORD)[0] == 200
    assert attempt(stranger, adviser.email, "one typo")[0] == 401


def test_a_quiet_client_is_forgotten_after_the_window(stranger: TestClient, adviser: Adviser, clock: Clock) -> None:
    for i in range(6):
        attempt(stranger, adviser.email, f"guess-{i}")
    assert attempt(stranger, adviser.email, PASSWORD)[0] == 429
    clock.now += 900  # LOGIN_WINDOW_SECONDS
    assert [attempt(stranger, adviser.email, f"later-{i}")[0] for i in range(5)] == [401] * 5


def test_one_address_trying_many_accounts_is_slowed_down(
    stranger: TestClient, owner: TestClient, adviser: Adviser, clock: Clock
) -> None:
    # LOGIN_CLIENT_MAX_FAILURES accounts, one guess each: none of them reaches 5
    for i in range(get_settings().login_client_max_failures):
        assert attempt(stranger, f"someone{i}@example.org", "Welkom01!")[0] == 401
    code, retry_after = attempt(stranger, "someone-else@example.org", "Welkom01!")
    assert code == 429 and retry_after == 30
    assert attempt(owner, adviser.email, PASSWORD)[0] == 200


def test_many_addresses_trying_one_account_slow_down_each_other_but_not_the_owner(
    owner: TestClient, adviser: Adviser, clock: Clock
) -> None:
    from api.main import app

    for i in range(get_settings().login_client_max_failures):
        with TestClient(app, client=(f"192.0.2.{i + 1}", 40000)) as bot:
            assert attempt(bot, adviser.email, "Welkom01!")[0] == 401
    # the account is under attack: a failing address now waits after its first failure
    with TestClient(app, client=("192.0.2.200", 40000)) as bot:
        assert attempt(bot, adviser.email, "Zomer2026!")[0] == 401
        code, retry_after = attempt(bot, adviser.email, "Winter2026!")
        assert code == 429 and retry_after == 30
    # an address that has not failed still gets in with the right password
    assert attempt(owner, adviser.email, PASSWORD)[0] == 200


def test_the_wait_is_said_in_words_and_in_the_header(stranger: TestClient, adviser: Adviser, clock: Clock) -> None:
    for i in range(5):
        attempt(stranger, adviser.email, f"guess-{i}")
    response = stranger.post("/api/auth/token", data={"username": adviser.email, "password": "x"})
    assert response.status_code == 429
    assert response.headers["retry-after"] == "30"
    assert response.json()["detail"] == "Too many failed logins from here. Try again in 30 seconds."
