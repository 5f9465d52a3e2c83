from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient

from api.core.config import get_settings


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_names_the_parts_that_are_down(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["rasa", "actions"]
    assert body["checks"]["database"] is True


class _Ok(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_rasa_and_actions(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ok)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    settings = get_settings()
    monkeypatch.setattr(settings, "rasa_url", url)
    monkeypatch.setattr(settings, "actions_url", url)
    yield
    server.shutdown()


def test_readyz_is_200_when_everything_answers(client: TestClient, fake_rasa_and_actions: None) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["failing"] == []
