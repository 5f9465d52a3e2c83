"""API tests run against a real database: SQLite (default) or PostgreSQL (TEST_DATABASE=postgresql).

The schema is made by the Alembic migrations, as in production. Settings are fixed here, before
the application is imported, because the settings object is cached.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

BACKEND = os.environ.get("TEST_DATABASE", "sqlite")
if BACKEND == "postgresql":
    _url = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/leertdoor_test")
else:
    _url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='leertdoor-test-')) / 'test.sqlite3'}"

os.environ.update(
    DATABASE_URL=_url,
    API_SERVICE_TOKEN="test-service-token-0123456789",
    AUTH_SECRET_KEY="test-auth-secret-0123456789abcdef",
    MANAGE_TOKEN_PEPPER="test-pepper",
    PUBLIC_BASE_URL="http://testserver",
    # Nothing listens here: readiness must report Rasa and the actions as failing.
    RASA_URL="http://127.0.0.1:9",
    ACTIONS_URL="http://127.0.0.1:9",
    LOGIN_MAX_FAILURES="5",
    LOGIN_CLIENT_MAX_FAILURES="10",
    # The embedded default: shared counts in the database, no proxy trusted (tests that need
    # Redis or a proxy start their own servers).
    REDIS_URL="",
    TRUSTED_PROXIES="",
)

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import text, update  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from api.advisers.models import Adviser  # noqa: E402
from api.availability.models import WorkingHours  # noqa: E402
from api.core.db import get_engine, get_sessionmaker  # noqa: E402
from api.core.ratelimit import forget_all  # noqa: E402
from api.core.security import hash_password  # noqa: E402
from api.models import Base  # noqa: E402
from api.testing.postgres import recreate_database  # noqa: E402
from tests.clock import begun_moments_ago  # noqa: E402

SERVICE = {"Authorization": "Bearer test-service-token-0123456789"}
PASSWORD = "correct horse battery"


@pytest.fixture(scope="session", autouse=True)
def database() -> Iterator[str]:
    if BACKEND == "postgresql":
        recreate_database(_url)
    from api.cli import migrate

    migrate()
    yield _url
    get_engine().dispose()


@pytest.fixture(autouse=True)
def clean_tables(database: str) -> Iterator[None]:
    yield
    with get_engine().begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(text(f"DELETE FROM {table.name}"))
    forget_all()  # the login counts (on SQLite in a file of their own)


@pytest.fixture
def session() -> Iterator[Session]:
    # Deferred like a reader, so a test's open read never blocks the server's writers.
    with get_sessionmaker(writer=False)() as s:
        yield s


@pytest.fixture
def client() -> Iterator[TestClient]:
    from api.main import app

    with TestClient(app) as c:
        yield c


WEEKDAYS_9_TO_17 = [(d, time(9), time(17)) for d in range(5)]


def make_adviser(
    session: Session,
    email: str = "adviser@example.org",
    role: str = "adviser",
    hours: list[tuple[int, time, time]] | None = None,
    modes: list[str] | None = None,
    languages: list[str] | None = None,
    **extra: object,
) -> Adviser:
    adviser = Adviser(
        name=extra.pop("name", "Test Adviser"),
        email=email,
        password_hash=hash_password(PASSWORD),
        role=role,
        languages=languages or ["nl", "en"],
        locations=["Spui 70, Den Haag"],
        modes=modes or ["phone", "video", "in_person"],
        slot_minutes=extra.pop("slot_minutes", 45),
        buffer_minutes=extra.pop("buffer_minutes", 15),
        working_hours=[
            WorkingHours(weekday=d, start_time=s, end_time=e)
            for d, s, e in (WEEKDAYS_9_TO_17 if hours is None else hours)
        ],
    )
    session.add(adviser)
    session.commit()
    return adviser


@pytest.fixture
def adviser(session: Session) -> Adviser:
    return make_adviser(session)


def login(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/auth/token", data={"username": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def adviser_headers(client: TestClient, adviser: Adviser) -> dict[str, str]:
    return login(client, adviser.email)


def consented_lead(client: TestClient, conversation_id: str, **fields: object) -> dict[str, object]:
    body = {"consent_at": "2026-11-20T10:00:00+01:00", "channel": "rest", "language": "nl", **fields}
    response = client.put(f"/api/leads/by-conversation/{conversation_id}", json=body, headers=SERVICE)
    assert response.status_code in (200, 201), response.text
    return dict(response.json())


def first_slot(client: TestClient, mode: str = "phone", index: int = 0) -> dict[str, object]:
    response = client.get("/api/slots", params={"mode": mode, "limit": index + 1})
    assert response.status_code == 200, response.text
    return dict(response.json()["items"][index])


def book(
    client: TestClient, conversation_id: str, slot: dict[str, object], mode: str = "phone", **headers: str
) -> object:
    body = {
        "conversation_id": conversation_id,
        "adviser_id": slot["adviser_id"],
        "start": slot["start"],
        "mode": mode,
        "contact": {"name": "Ahmed Test", "phone": "06 12345678"},
    }
    return client.post("/api/bookings", json=body, headers={**SERVICE, **headers})


def started(booking_id: object, minutes_ago: int = 5) -> None:
    """Moves an appointment so that it began a few minutes ago (bookings can only be made ahead)."""
    from api.bookings.models import Booking

    now = datetime.now(UTC)
    with get_sessionmaker()() as writer:
        writer.execute(
            update(Booking)
            .where(Booking.id == booking_id)
            .values(start_at=begun_moments_ago(minutes_ago), end_at=now + timedelta(minutes=40))
        )
        writer.commit()
