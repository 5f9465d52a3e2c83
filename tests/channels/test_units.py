"""The parts of the channels suite that need no Rasa server: website sessions, the lock store on a
real Redis (several processes issuing tickets at once), turns on arrival, the log filter, the
server set-up and the endpoint configuration Rasa reads."""

from __future__ import annotations

import asyncio
import json
import logging
import multiprocessing
import os
import secrets
from pathlib import Path

import pytest
import redis

from bot import log_privacy, rasa_setup
from bot.channels import turns
from bot.channels.socketio import Sessions
from bot.lock_store import ConversationLockStore, InMemoryTurnLockStore, RedisTurnLockStore
from tests.channels.conftest import REDIS_DB

ROOT = Path(__file__).resolve().parents[2]


# ---- website sessions -----------------------------------------------------------------------


def test_a_session_id_comes_only_from_a_key_this_server_issued() -> None:
    sessions = Sessions("one secret")
    key = sessions.issue()
    session_id = sessions.session_id(key)
    assert session_id and session_id.startswith("web-") and len(session_id) == 36
    assert sessions.session_id(key) == session_id  # a reload with the key: the same conversation
    assert session_id[4:] not in key  # the id (which advisers see) does not give the key
    nonce, signature = key.split(".")
    assert sessions.session_id(f"{nonce}.{'0' * 32}") is None  # a key with a made-up signature
    other_nonce = nonce[:-1] + ("B" if nonce.endswith("A") else "A")
    assert sessions.session_id(f"{other_nonce}.{signature}") is None  # another nonce, same signature
    assert sessions.session_id(session_id) is None and sessions.session_id(None) is None
    assert Sessions("another secret").session_id(key) is None
    assert len({Sessions("one secret").session_id(Sessions("one secret").issue()) for _ in range(50)}) == 50


# ---- turns and the lock store ---------------------------------------------------------------


class App:
    """What the channels read of Rasa's app: app.ctx.agent.lock_store."""

    def __init__(self, store: object) -> None:
        self.ctx = type("Ctx", (), {})()
        self.ctx.agent = type("Agent", (), {"lock_store": store})()


async def _run_turns(store: object, conversation: str, delays: list[float]) -> list[int]:
    """Turns taken in order 0..n-1 whose work takes `delays`; the order their work finished in.
    Inside each turn Rasa's own lock() is taken too, as Agent.handle_message does."""
    app, done = App(store), []

    async def work(n: int, turn: turns.Turn) -> None:
        async with turn, store.lock(conversation):  # type: ignore[attr-defined]  # re-entrant: no wait
            await asyncio.sleep(delays[n])
            done.append(n)

    taken = [turns.take(app, conversation) for _ in delays]  # arrival order
    await asyncio.wait_for(asyncio.gather(*(work(n, t) for n, t in reversed(list(enumerate(taken))))), 30)
    return done


def test_turns_run_one_at_a_time_in_arrival_order_in_memory() -> None:
    store = InMemoryTurnLockStore()
    assert asyncio.run(_run_turns(store, "c1", [0.05, 0.0, 0.03, 0.0, 0.01])) == [0, 1, 2, 3, 4]
    assert store.get_lock("c1") is None  # nothing left behind


@pytest.fixture
def redis_store() -> RedisTurnLockStore:
    prefix = "channels" + secrets.token_hex(4)
    store = RedisTurnLockStore(host="127.0.0.1", port=6379, db=REDIS_DB, key_prefix=prefix)
    try:
        store.red.ping()
    except redis.ConnectionError:
        pytest.fail("Redis is needed at 127.0.0.1:6379 (make test starts it in CI)")
    yield store
    for key in store.red.scan_iter(f"{prefix}:*"):
        store.red.delete(key)


def test_turns_in_order_through_redis(redis_store: RedisTurnLockStore) -> None:
    assert asyncio.run(_run_turns(redis_store, "c2", [0.05, 0.0, 0.03, 0.0, 0.01])) == [0, 1, 2, 3, 4]
    assert redis_store.get_lock("c2") is None


def _issue_many(prefix: str, conversation: str, count: int, queue: multiprocessing.Queue) -> None:
    store = RedisTurnLockStore(host="127.0.0.1", port=6379, db=REDIS_DB, key_prefix=prefix)
    queue.put([store.issue_ticket(conversation, 60) for _ in range(count)])


def test_processes_issuing_tickets_at_once_never_share_a_number(redis_store: RedisTurnLockStore) -> None:
    """Rasa's RedisLockStore reads the lock, adds a ticket and writes it back: two processes in
    between each other issue the same number, or lose a ticket. Here each issue is atomic."""
    prefix = redis_store.key_prefix.split(":")[0]
    ctx = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue = ctx.Queue()
    procs = [ctx.Process(target=_issue_many, args=(prefix, "c3", 150, queue)) for _ in range(3)]
    for p in procs:
        p.start()
    numbers = [n for _ in procs for n in queue.get(timeout=60)]
    for p in procs:
        p.join(10)
    assert sorted(numbers) == list(range(450))
    lock = redis_store.get_lock("c3")
    assert lock is not None and len(lock.tickets) == 450


def test_rate_counts_are_shared_in_redis_and_local_in_memory(redis_store: RedisTurnLockStore) -> None:
    prefix = redis_store.key_prefix.split(":")[0]
    other = RedisTurnLockStore(host="127.0.0.1", port=6379, db=REDIS_DB, key_prefix=prefix)
    # an id that no hex digest can contain by chance (a short one like "c4" can)
    conversation = "rate-test-conversation"
    assert [redis_store.count_message(conversation, 3600) for _ in range(3)] == [1, 2, 3]
    assert other.count_message(conversation, 3600) == 4  # another Rasa process counts on
    assert not [k for k in redis_store.red.scan_iter(f"*{conversation}*")], "no conversation id in Redis keys"
    memory = InMemoryTurnLockStore()
    assert [memory.count_message("c4", 3600) for _ in range(2)] == [1, 2]


def test_an_in_memory_lock_store_refuses_several_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    config = type("Config", (), {"url": "localhost", "kwargs": {"backend": "in_memory"}})()
    monkeypatch.setenv("SANIC_WORKERS", "2")
    with pytest.raises(SystemExit, match="LOCK_STORE_TYPE=redis"):
        ConversationLockStore(endpoint_config=config)
    monkeypatch.setenv("SANIC_WORKERS", "1")
    assert isinstance(ConversationLockStore(endpoint_config=config), InMemoryTurnLockStore)


# ---- configuration and logs -----------------------------------------------------------------


def test_rasa_reads_the_action_server_secret_and_the_lock_store_from_endpoints_yml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rasa.utils.endpoints import read_endpoint_config

    env = {"ACTION_ENDPOINT_URL": "http://127.0.0.1:1/webhook", "ACTION_SERVER_TOKEN": "s3cret-token",
           "TRACKER_DB_DIALECT": "sqlite", "TRACKER_DB_URL": "sqlite:///x.db", "LOCK_STORE_TYPE": "redis",
           "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379", "REDIS_DB": str(REDIS_DB),
           "REDIS_KEY_PREFIX": "channelsx"}  # fmt: skip
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    action = read_endpoint_config(str(ROOT / "endpoints.yml"), "action_endpoint")
    assert action.headers == {"Authorization": "Bearer s3cret-token"}
    store = ConversationLockStore(endpoint_config=read_endpoint_config(str(ROOT / "endpoints.yml"), "lock_store"))
    assert isinstance(store, RedisTurnLockStore) and store.key_prefix.startswith("channelsx:")


def test_the_rasa_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_AUTH_TOKEN", "-starts-with-a-dash")
    argv = rasa_setup.prepare(["rasa", "run", "--enable-api"])
    assert argv == ["rasa", "run", "--enable-api", "--auth-token=-starts-with-a-dash"]
    assert os.environ["SANIC_REQUEST_MAX_SIZE"] == str(128 * 1024)
    monkeypatch.setenv("RASA_AUTH_TOKEN", "")
    with pytest.raises(SystemExit, match="RASA_AUTH_TOKEN"):
        rasa_setup.prepare(["rasa", "run", "--enable-api"])
    assert rasa_setup.prepare(["rasa", "run"]) == ["rasa", "run"]  # no API, no token needed


def test_the_action_server_does_not_start_without_its_secret() -> None:
    from bot.action_server import create_app

    with pytest.raises(SystemExit, match="ACTION_SERVER_TOKEN"):
        create_app("")


def test_log_records_are_masked_and_rasa_events_carry_no_text(caplog: pytest.LogCaptureFixture) -> None:
    log_privacy.install()
    logger = logging.getLogger("tests.privacy")
    with caplog.at_level(logging.INFO):
        logger.info("from %s: mail %s, call %s", "whatsapp:+31612345678", "jan@example.org", "06-12345678")
        logger.info("POST http://api/api/leads/by-conversation/whatsapp%3A%2B31612345678/whatsapp-inbound 404")
        try:
            raise ValueError("bad value jan@example.org +31 6 1234 5678")
        except ValueError:
            logger.exception("failed")
    text = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    for secret in ("31612345678", "jan@example.org", "12345678", "1234 5678"):
        assert secret not in text, text
    assert "whatsapp:[phone]" in text and "[email]" in text

    from rasa.utils import log_utils

    event = log_utils._anonymizer(None, "info", {"event": "rest.message.received.failure", "text": "Jan Jansen"})
    assert event == {"event": "rest.message.received.failure", "text": "[redacted]"}
    assert json.dumps(event).find("Jansen") == -1


def test_the_message_limit_is_the_vocabularys() -> None:
    from api.eligibility.vocabulary import VOCABULARY_PATH, VocabularyError, parse_vocabulary, vocabulary
    from bot.channels import limits

    assert limits.message_max_chars() == vocabulary().message_max_chars == 1000
    text = VOCABULARY_PATH.read_text(encoding="utf-8")
    for wrong in ("0", "100000", "veel"):
        with pytest.raises(VocabularyError, match=r"message\.max_chars"):
            parse_vocabulary(text.replace("max_chars: 1000", f"max_chars: {wrong}"))
