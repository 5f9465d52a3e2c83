"""No name, phone number, e-mail address or WhatsApp id in the API's log output, also when
requests fail with them: the log of a real server (uvicorn, LOG_LEVEL=DEBUG) is searched."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy.orm import Session

from tests.api.conftest import PASSWORD, make_adviser
from tests.api.faulty_app import RESIDENT
from tests.stack import API_PY, ApiServer

SAME = ("DATABASE_URL", "API_SERVICE_TOKEN", "AUTH_SECRET_KEY", "MANAGE_TOKEN_PEPPER")
# Every way the resident's data could be written
SECRETS = (
    "marieke@example.org",
    "marieke%40example.org",
    "Marieke",
    "Janssen",
    "98765432",
    "612345678",
    "whatsapp:+31",
    "whatsapp%3A",
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    env = {name: os.environ[name] for name in SAME} | {"LOG_LEVEL": "DEBUG", "REDIS_URL": ""}
    api = ApiServer(tmp_path_factory.mktemp("logs"), env)
    serve = "from api.serve import main; main(app='tests.api.faulty_app:app')"
    api.spawn("api", str(API_PY), "-c", serve, "--host", "127.0.0.1", "--port", str(api.port))
    try:
        api.wait_http(f"{api.url}/healthz", 60)
        yield api
    finally:
        api.stop()


def test_failing_requests_with_personal_data_leave_none_in_the_log(server: ApiServer, session: Session) -> None:
    adviser = make_adviser(session)
    service = {"Authorization": f"Bearer {os.environ['API_SERVICE_TOKEN']}"}
    wa, encoded = RESIDENT["conversation_id"], quote(RESIDENT["conversation_id"], safe="")
    contact = {k: RESIDENT[k] for k in ("name", "phone", "email")}
    with httpx.Client(base_url=server.url, timeout=30) as api:
        assert api.put(
            f"/api/leads/by-conversation/{encoded}",
            json={"consent_at": "2026-11-21T10:00:00+01:00", "channel": "whatsapp", "contact": contact},
            headers=service,
        ).status_code in (200, 201)
        # a validation error with the data in the body, and in the path
        assert api.put(f"/api/leads/by-conversation/{encoded}", json={"contact": contact, "x": 1}, headers=service)
        assert api.put(f"/api/leads/by-conversation/{wa}", json=[contact], headers=service).status_code == 422
        assert api.post("/api/bookings", json={"conversation_id": wa, "contact": contact}, headers=service)
        # without a token, a wrong login with a resident's e-mail, an erasure
        assert api.get(f"/api/leads?conversation_id={encoded}&q={RESIDENT['name']}").status_code == 401
        assert api.post("/api/auth/token", data={"username": RESIDENT["email"], "password": "x"}).status_code == 401
        token = api.post("/api/auth/token", data={"username": adviser.email, "password": PASSWORD}).json()
        adviser_auth = {"Authorization": f"Bearer {token['access_token']}"}
        assert api.get("/api/leads", params={"q": RESIDENT["email"]}, headers=adviser_auth).status_code == 200
        # failures inside the code: a unique violation, the same wrapped in another error, a
        # validation error, an exception whose message holds the data (and a warning)
        for path, code in (
            ("/test/unique-violation", 409),
            ("/test/wrapped-database-error", 500),
            ("/test/validation-in-code", 500),
            (f"/test/crash/{encoded}", 500),
        ):
            # uvicorn closes the connection after an error it had to log: one connection each
            assert httpx.get(f"{server.url}{path}", timeout=30).status_code == code
        assert api.delete(f"/api/privacy/conversations/{encoded}", headers=service).status_code == 200
    server.stop()  # flushes the log
    log = server.log("api")
    # the failures were logged (as types and masked tracebacks), so the search below means something
    assert "IntegrityError" in log and "Traceback" in log and "LookupError" in log and "ValidationError" in log
    assert "UserWarning" in log and "[email]" in log
    assert "/api/leads/by-conversation/{conversation_id}" in log
    found = [s for s in SECRETS if s.lower() in log.lower()]
    assert not found, [line for line in log.splitlines() if any(s.lower() in line.lower() for s in found)][:10]
    assert not re.search(r"\b0?6[ -]?\d{8}\b", log)
