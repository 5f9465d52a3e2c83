"""Double booking is impossible: many residents racing for one slot against a real server."""

from __future__ import annotations

import os
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.bookings.models import Booking
from tests.api.conftest import SERVICE, consented_lead, first_slot
from tests.stack import ApiServer

REPO = Path(__file__).resolve().parents[2]
N = 50


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The API under uvicorn, on the test database this suite migrated."""
    same = ("DATABASE_URL", "API_SERVICE_TOKEN", "AUTH_SECRET_KEY", "MANAGE_TOKEN_PEPPER")
    api = ApiServer(
        tmp_path_factory.mktemp("race"), {name: os.environ[name] for name in same} | {"LOG_LEVEL": "WARNING"}
    )
    try:
        api.serve()
        yield api.url
    finally:
        api.stop()


def race(url: str, bodies: list[dict], headers: list[dict[str, str]] | None = None) -> list[int]:
    barrier = threading.Barrier(len(bodies))
    codes: list[int] = [0] * len(bodies)

    def attempt(i: int) -> None:
        with httpx.Client(timeout=60) as client:
            barrier.wait()
            response = client.post(
                f"{url}/api/bookings", json=bodies[i], headers={**SERVICE, **(headers[i] if headers else {})}
            )
            codes[i] = response.status_code

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return codes


def body(conversation_id: str, slot: dict) -> dict:
    return {
        "conversation_id": conversation_id,
        "adviser_id": slot["adviser_id"],
        "start": slot["start"],
        "mode": "phone",
        "contact": {"name": "Racer"},
    }


def test_fifty_residents_racing_for_one_slot_get_one_201_and_49_409s(
    client: TestClient, adviser: Adviser, session: Session, server: str
) -> None:
    for i in range(N):
        consented_lead(client, f"race-{i}")
    slot = first_slot(client)
    codes = race(server, [body(f"race-{i}", slot) for i in range(N)])
    assert Counter(codes) == {201: 1, 409: N - 1}
    assert session.scalar(select(func.count()).select_from(Booking)) == 1


def test_one_resident_racing_for_many_slots_gets_one_booking(
    client: TestClient, adviser: Adviser, session: Session, server: str
) -> None:
    consented_lead(client, "greedy")
    slots = client.get("/api/slots", params={"limit": 20}).json()["items"]
    codes = race(server, [body("greedy", s) for s in slots])
    assert Counter(codes) == {201: 1, 409: len(slots) - 1}
    assert session.scalar(select(func.count()).select_from(Booking).where(Booking.status == "active")) == 1


def test_retries_with_one_idempotency_key_book_once_and_all_get_the_same_answer(
    client: TestClient, adviser: Adviser, session: Session, server: str
) -> None:
    consented_lead(client, "retry")
    slot = first_slot(client)
    codes = race(server, [body("retry", slot)] * 20, [{"Idempotency-Key": "retry-1"}] * 20)
    assert set(codes) == {201}
    assert session.scalar(select(func.count()).select_from(Booking)) == 1
