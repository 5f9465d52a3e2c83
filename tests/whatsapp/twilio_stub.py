"""A local stand-in for Twilio's Messages API (the part the channel uses), with failure
injection. Runs in a thread; the real twilio client is pointed at it (TWILIO_API_BASE_URL)."""

from __future__ import annotations

import base64
import contextlib
import json
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC\w+)/Messages\.json$")


class TwilioStub:
    def __init__(self, account_sid: str, auth_token: str) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.sent: list[dict[str, Any]] = []  # accepted messages, in arrival order
        self.attempts: list[dict[str, Any]] = []  # every request, with what was answered
        self.plan: list[Any] = []  # per request: None (ok), int (HTTP status), ("delay", s), ("error", status, code)
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                stub._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> TwilioStub:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def bodies(self, to: str | None = None) -> list[str]:
        with self._lock:
            return [m["Body"] for m in self.sent if to is None or m["To"] == to]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.sent) < count and time.monotonic() < deadline:
                self._cond.wait(0.05)
            return list(self.sent)

    def _reply(self, h: BaseHTTPRequestHandler, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        with contextlib.suppress(OSError):
            h.wfile.write(data)

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        body = h.rfile.read(int(h.headers.get("Content-Length") or 0)).decode()
        form = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
        expected = "Basic " + base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        with self._lock:
            action = self.plan.pop(0) if self.plan else None
            attempt = {"form": form, "action": action, "at": time.monotonic()}
            self.attempts.append(attempt)
        m = PATH.match(h.path)
        if not m or m.group("sid") != self.account_sid:
            return self._reply(h, 404, {"code": 20404, "message": "not found", "status": 404})
        if h.headers.get("Authorization") != expected:
            return self._reply(h, 401, {"code": 20003, "message": "Authenticate", "status": 401})
        if not form.get("To") or not form.get("From") or "Body" not in form:
            return self._reply(h, 400, {"code": 21604, "message": "missing", "status": 400})
        if isinstance(action, int):
            return self._reply(
                h, action, {"code": 20500 if action >= 500 else 20429, "message": "injected", "status": action}
            )
        if isinstance(action, tuple) and action[0] == "error":
            return self._reply(
                h,
                action[1],
                {
                    "code": action[2],
                    "message": f"The 'To' number {form.get('To')} is not reachable",
                    "status": action[1],
                },
            )
        if isinstance(action, tuple) and action[0] == "delay":
            attempt["timed_out"] = True  # the client gives up first: this one counts as not sent
            time.sleep(action[1])
            return self._reply(h, 503, {"code": 20503, "message": "late", "status": 503})
        sid = "SM" + uuid.uuid4().hex
        with self._cond:
            self.sent.append({**form, "sid": sid})
            self._cond.notify_all()
        self._reply(
            h,
            201,
            {
                "account_sid": self.account_sid,
                "api_version": "2010-04-01",
                "body": form["Body"],
                "direction": "outbound-api",
                "from": form["From"],
                "to": form["To"],
                "sid": sid,
                "status": "queued",
                "num_segments": "1",
                "num_media": "0",
                "price": None,
                "error_code": None,
                "error_message": None,
                "messaging_service_sid": None,
                "date_created": "Sat, 21 Nov 2026 23:00:00 +0000",
                "date_sent": None,
                "date_updated": "Sat, 21 Nov 2026 23:00:00 +0000",
                "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{sid}.json",
                "subresource_uris": {},
            },
        )
