"""The SQL tracker store (bot/tracker_store.py): every event of a conversation is stored once and
in order, also when two Rasa instances take turns on one database; erasure keeps only what
follows the restart; a turn's save does not count the stored events again."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Restarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import ErasingSQLTrackerStore

DOMAIN = Domain.from_yaml(
    """
version: "3.1"
intents: [inform]
slots:
  age: {type: float, influence_conversation: false, mappings: [{type: custom}]}
  erased: {type: bool, influence_conversation: false, mappings: [{type: custom}]}
responses:
  utter_ok: [{text: ok}]
"""
)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "tracker.db")


def store(db: str) -> ErasingSQLTrackerStore:
    return ErasingSQLTrackerStore(DOMAIN, dialect="sqlite", db=db)


def turn(tracker: DialogueStateTracker, text: str, age: int | None = None) -> None:
    tracker.update(UserUttered(text, {"name": "inform", "confidence": 1.0}))
    if age is not None:
        tracker.update(SlotSet("age", age))
    tracker.update(BotUttered(f"re: {text}"))
    tracker.update(ActionExecuted("action_listen"))


def texts(tracker: DialogueStateTracker) -> list[str]:
    return [e.text for e in tracker.events if isinstance(e, UserUttered)]


@pytest.fixture
def count_queries() -> Iterator[list[str]]:
    seen: list[str] = []

    def listen(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        if "count(" in statement.lower():
            seen.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", listen)
    yield seen
    sa.event.remove(sa.engine.Engine, "before_cursor_execute", listen)


def test_turns_are_stored_once_and_in_order(db: str) -> None:
    s = store(db)
    tracker = DialogueStateTracker("c1", DOMAIN.slots)
    turn(tracker, "hoi")
    run(s.save(tracker))
    for i, text in enumerate(["ik ben 45", "ik woon in Delft", "ja"]):
        loaded = run(s.retrieve("c1"))
        turn(loaded, text, age=45 + i)
        run(s.save(loaded))
    final = run(s.retrieve("c1"))
    assert texts(final) == ["hoi", "ik ben 45", "ik woon in Delft", "ja"]
    assert final.get_slot("age") == 47
    assert len(final.events) == 4 * 3 + 3  # three events a turn, four for each turn with an age
    assert texts(run(s.retrieve_full_tracker("c1"))) == texts(final)
    assert run(s.retrieve("nobody")) is None


def test_a_turn_saved_after_loading_does_not_count_the_stored_events_again(db: str, count_queries: list[str]) -> None:
    s = store(db)
    tracker = DialogueStateTracker("c2", DOMAIN.slots)
    turn(tracker, "hoi")
    run(s.save(tracker))  # not loaded by the store: counted once
    assert len(count_queries) == 1
    loaded = run(s.retrieve("c2"))
    turn(loaded, "ik ben 45", age=45)
    run(s.save(loaded))
    turn(loaded, "nog iets")  # a second save of the same tracker in one turn
    run(s.save(loaded))
    assert len(count_queries) == 1
    assert texts(run(s.retrieve("c2"))) == ["hoi", "ik ben 45", "nog iets"]


def test_two_instances_taking_turns_on_one_database(db: str) -> None:
    first, second = store(db), store(db)
    tracker = DialogueStateTracker("c3", DOMAIN.slots)
    turn(tracker, "hoi")
    run(first.save(tracker))
    for i in range(6):
        instance = (first, second)[i % 2]
        loaded = run(instance.retrieve("c3"))
        turn(loaded, f"bericht {i}")
        run(instance.save(loaded))
    assert texts(run(first.retrieve("c3"))) == ["hoi"] + [f"bericht {i}" for i in range(6)]


def test_erasure_keeps_only_what_follows_the_restart(db: str) -> None:
    s = store(db)
    tracker = DialogueStateTracker("c4", DOMAIN.slots)
    turn(tracker, "mijn naam is Jan Jansen", age=45)
    run(s.save(tracker))
    loaded = run(s.retrieve("c4"))
    turn(loaded, "wis mijn gegevens")
    loaded.update(Restarted())
    loaded.update(SlotSet("erased", True))
    loaded.update(BotUttered("Je gegevens zijn gewist."))
    run(s.save(loaded))
    after = run(s.retrieve("c4"))
    assert texts(after) == []
    assert after.get_slot("age") is None and after.get_slot("erased") is None
    assert [e.text for e in after.events if isinstance(e, BotUttered)] == ["Je gegevens zijn gewist."]
    rows = sqlite3.connect(db).execute("SELECT data FROM events WHERE sender_id = 'c4'").fetchall()
    assert not any("Jan Jansen" in row[0] for row in rows)
    turn(after, "hoi")  # the conversation goes on after the erasure
    run(s.save(after))
    assert texts(run(s.retrieve("c4"))) == ["hoi"]


def test_sqlite_file_runs_in_wal_mode(db: str) -> None:
    s = store(db)
    tracker = DialogueStateTracker("c5", DOMAIN.slots)
    turn(tracker, "hoi")
    run(s.save(tracker))
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
