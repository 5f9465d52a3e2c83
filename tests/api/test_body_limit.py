"""Request bodies larger than any endpoint needs are refused with 413 and a reason, before they
are read: JSON up to MAX_BODY_BYTES, form posts up to four times that."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from api.core.config import get_settings
from api.leads.models import Lead
from tests.api.conftest import SERVICE
from tests.stack import ApiServer

SAME = ("DATABASE_URL", "API_SERVICE_TOKEN", "AUTH_SECRET_KEY", "MANAGE_TOKEN_PEPPER")


def test_a_json_body_over_the_limit_is_refused_with_the_reason(client: TestClient, session: Session) -> None:
    limit = get_settings().max_body_bytes
    note = "x" * limit
    body = {"consent_at": "2026-11-21T10:00:00+01:00", "callback_note": note}
    response = client.put("/api/leads/by-conversation/c-1", json=body, headers=SERVICE)
    assert response.status_code == 413
    assert response.json()["detail"] == f"The request body is too large: this endpoint takes at most {limit} bytes."
    assert session.scalar(select(func.count()).select_from(Lead)) == 0
    # a body that fits is served as before
    fits = {"consent_at": "2026-11-21T10:00:00+01:00", "callback_note": "bel me na vijf uur"}
    assert client.put("/api/leads/by-conversation/c-1", json=fits, headers=SERVICE).status_code == 201


def test_a_body_without_a_length_is_counted_while_it_is_read(client: TestClient) -> None:
    limit = get_settings().max_body_bytes

    def chunks() -> Iterator[bytes]:
        yield b'{"consent_at": "2026-11-21T10:00:00+01:00", "callback_note": "'
        for _ in range(limit // 1000 + 1):
            yield b"x" * 1000
        yield b'"}'

    response = client.put(
        "/api/leads/by-conversation/c-2",
        content=chunks(),
        headers={**SERVICE, "Content-Type": "application/json"},
    )
    assert response.status_code == 413 and "at most" in response.json()["detail"]


def test_forms_may_be_larger_than_json_but_not_without_end(client: TestClient) -> None:
    settings = get_settings()
    between = "p" * (settings.max_body_bytes + 100)  # over the JSON limit, under the form limit
    response = client.post("/api/auth/token", data={"username": "a@example.org", "password": between})
    assert response.status_code == 422 and "too long" in response.json()["detail"]
    huge = "p" * settings.max_form_bytes
    response = client.post("/api/auth/token", data={"username": "a@example.org", "password": huge})
    assert response.status_code == 413
    assert str(settings.max_form_bytes) in response.json()["detail"]


def test_a_portal_form_over_the_limit_gets_a_page_that_says_so(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # sent without a length: refused while it is read
        for _ in range(get_settings().max_form_bytes // 1000 + 1):
            yield b"note=" + b"x" * 995

    response = client.post(
        "/advisers/login", content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413
    assert "Wat je verstuurde is te lang." in response.text


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiServer]:
    api = ApiServer(tmp_path_factory.mktemp("body"), {name: os.environ[name] for name in SAME} | {"REDIS_URL": ""})
    try:
        api.serve()
        yield api
    finally:
        api.stop()


def test_the_server_answers_before_the_body_arrives(server: ApiServer) -> None:
    """A client announces 10 MB and sends none of it: the answer comes at once."""
    request = (
        "PUT /api/leads/by-conversation/c-3 HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{server.port}\r\n"
        f"Authorization: {SERVICE['Authorization']}\r\n"
        "Content-Type: application/json\r\n"
        "Content-Length: 10000000\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(request.encode())
        received = b""
        while chunk := sock.recv(4096):  # the server closes the connection after its answer
            received += chunk
        answer = received.decode()
    assert answer.startswith("HTTP/1.1 413"), answer
    assert "too large" in answer
