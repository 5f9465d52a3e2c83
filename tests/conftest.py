"""One real system for the suites that talk to it whole (tests/bot/test_e2e.py and
tests/conversations/test_residents.py): run in one pytest process, they share one Stack, so Rasa
loads its model once (about a minute) instead of once per suite."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.stack import Stack


@pytest.fixture(scope="session")
def real_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    from tests.stack import BOT_READY, SCRIPTED_ENV, Stack

    if not BOT_READY:
        pytest.fail("needs .venv-bot and models/intake.tar.gz (make bot-env bot-model)")
    stack = Stack(tmp_path_factory.mktemp("stack"), env=SCRIPTED_ENV)
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
