"""Login counts against real API processes: shared by several processes (through the database
when there is no Redis, through Redis when REDIS_URL is set), and the client named by
X-Forwarded-For only when the direct peer is a trusted proxy."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.core.ratelimit import FailureCount, counts_engine
from tests.api.conftest import PASSWORD, make_adviser
from tests.stack import ApiServer

SAME = ("DATABASE_URL", "API_SERVICE_TOKEN", "AUTH_SECRET_KEY", "MANAGE_TOKEN_PEPPER")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
STRANGER, OWNER = "198.51.100.7", "203.0.113.20"


def servers(workdir: Path, count: int, **env: str) -> list[ApiServer]:
    """API processes on this suite's database (so they share it), each as `make run` starts it."""
    shared = {name: os.environ[name] for name in SAME} | {"LOG_LEVEL": "WARNING"} | env
    started = []
    try:
        for i in range(count):
            api = ApiServer(workdir / f"api-{i}", shared)
            started.append(api)
            api.serve()
    except BaseException:
        for api in started:
            api.stop()
        raise
    return started


def counted() -> int:
    with counts_engine().connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(FailureCount)) or 0)


def login(api: ApiServer, email: str, password: str, forwarded_for: str | None = None) -> httpx.Response:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return httpx.post(
        f"{api.url}/api/auth/token", data={"username": email, "password": password}, headers=headers, timeout=30
    )


def alternate_failures(pair: list[ApiServer], email: str, forwarded_for: str | None = None) -> list[int]:
    """Five wrong passwords, alternately on each process, then one more attempt on each."""
    codes = [login(pair[i % 2], email, f"guess-{i}", forwarded_for).status_code for i in range(5)]
    return codes + [login(api, email, "one more", forwarded_for).status_code for api in pair]


@pytest.fixture(scope="module")
def database_pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[ApiServer]]:
    pair = servers(tmp_path_factory.mktemp("db-pair"), 2, REDIS_URL="", TRUSTED_PROXIES="127.0.0.1/32")
    yield pair
    for api in pair:
        api.stop()


@pytest.fixture(scope="module")
def redis_prefix() -> Iterator[str]:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL} (CI starts one)")
    prefix = f"apitest-{uuid.uuid4().hex[:8]}:"
    yield prefix
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


@pytest.fixture(scope="module")
def redis_pair(tmp_path_factory: pytest.TempPathFactory, redis_prefix: str) -> Iterator[list[ApiServer]]:
    pair = servers(
        tmp_path_factory.mktemp("redis-pair"),
        2,
        REDIS_URL=REDIS_URL,
        REDIS_KEY_PREFIX=redis_prefix,
        TRUSTED_PROXIES="127.0.0.1/32",
    )
    yield pair
    for api in pair:
        api.stop()


def test_two_api_processes_count_failures_together_in_the_database(
    database_pair: list[ApiServer], session: Session
) -> None:
    adviser = make_adviser(session)
    assert alternate_failures(database_pair, adviser.email, STRANGER) == [401] * 5 + [429, 429]
    assert counted() == 3  # pair, client, account
    # the owner, from another address, gets in on either process
    for api in database_pair:
        assert login(api, adviser.email, PASSWORD, OWNER).status_code == 200


def test_two_api_processes_count_failures_together_in_redis(
    redis_pair: list[ApiServer], redis_prefix: str, session: Session
) -> None:
    adviser = make_adviser(session)
    assert alternate_failures(redis_pair, adviser.email, STRANGER) == [401] * 5 + [429, 429]
    keys = list(redis.Redis.from_url(REDIS_URL).scan_iter(f"{redis_prefix}*"))
    assert len(keys) == 3  # pair, client, account: keyed hashes, no address or e-mail in them
    assert not any(STRANGER.encode() in k or b"example.org" in k for k in keys)
    assert counted() == 0
    for api in redis_pair:
        assert login(api, adviser.email, PASSWORD, OWNER).status_code == 200


def test_forwarded_for_from_a_trusted_proxy_names_the_client(database_pair: list[ApiServer], session: Session) -> None:
    adviser = make_adviser(session)
    api = database_pair[0]
    for i in range(5):
        assert login(api, adviser.email, f"guess-{i}", STRANGER).status_code == 401
    assert login(api, adviser.email, PASSWORD, STRANGER).status_code == 429
    # a client cannot pose as another by writing its own X-Forwarded-For in front of the proxy's
    assert login(api, adviser.email, PASSWORD, f"{OWNER}, {STRANGER}").status_code == 429
    assert login(api, adviser.email, PASSWORD, OWNER).status_code == 200


def test_forwarded_for_from_an_untrusted_peer_is_ignored(
    tmp_path_factory: pytest.TempPathFactory, session: Session
) -> None:
    (api,) = servers(tmp_path_factory.mktemp("untrusted"), 1, REDIS_URL="", TRUSTED_PROXIES="10.0.0.0/8")
    try:
        adviser = make_adviser(session)
        for i in range(5):
            assert login(api, adviser.email, f"guess-{i}", f"192.0.2.{i}").status_code == 401
        # every claimed address was the same peer (127.0.0.1): it is slowed down as one client
        assert login(api, adviser.email, PASSWORD, OWNER).status_code == 429
        assert login(api, adviser.email, PASSWORD).status_code == 429
    finally:
        api.stop()
