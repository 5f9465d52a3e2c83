"""A local stand-in for Twilio's Messages API as the outbox uses it: sending free-form and
Content-API template WhatsApp messages, and listing sent messages. It checks what the real API
requires (account path, Basic auth, To/From or MessagingServiceSid, a Body or a known ContentSid
with JSON ContentVariables that fill every placeholder) and plays WhatsApp's 24-hour rule: a
free-form message to someone who has not written within 24 hours is accepted but fails with
error 63016, as Twilio reports it. The real twilio Client is pointed at it through its own
`client.api.base_url` (TWILIO_API_BASE_URL).
"""

from __future__ import annotations

import base64
import contextlib
import json
import re
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

UTC = timezone.utc  # noqa: UP017 - the WhatsApp channel's tests (Python 3.10, like Rasa) use it too
PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC\w+)/Messages\.json$")
WHATSAPP = re.compile(r"^whatsapp:\+[1-9]\d{7,14}$")
PLACEHOLDER = re.compile(r"\{\{(\d+)\}\}")


class TwilioMessagesApi:
    def __init__(self, account_sid: str, auth_token: str, sender: str, clock: Callable[[], datetime]) -> None:
        self.account_sid, self.auth_token, self.sender, self.clock = account_sid, auth_token, sender, clock
        self.templates: dict[str, str] = {}  # ContentSid -> approved text with {{n}} placeholders
        self.last_inbound: dict[str, datetime] = {}  # whatsapp:+31... -> the resident's last message
        self.messages: list[dict[str, Any]] = []  # every accepted message
        self.requests: list[dict[str, Any]] = []  # every request with its answer's status
        self.plan: list[Any] = []  # per POST: None (accept), an HTTP status, or ("slow", seconds)
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                api._post(self)

            def do_GET(self) -> None:
                api._list(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # what the tests look at
    def delivered(self, to: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.messages if m["status"] != "failed" and (to is None or m["to"] == to)]

    def window_violations(self) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.messages if m["error_code"] == 63016]

    # the protocol
    def _reply(self, h: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        with contextlib.suppress(OSError):
            h.wfile.write(data)

    def _error(self, h: BaseHTTPRequestHandler, status: int, code: int, message: str) -> None:
        self._reply(h, status, {"code": code, "message": message, "more_info": "", "status": status})

    def _authorised(self, h: BaseHTTPRequestHandler, path: str) -> bool:
        m = PATH.match(path)
        if not m or m.group("sid") != self.account_sid:
            self._error(h, 404, 20404, "The requested resource was not found")
            return False
        expected = "Basic " + base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        if h.headers.get("Authorization") != expected:
            self._error(h, 401, 20003, "Authenticate")
            return False
        return True

    def _post(self, h: BaseHTTPRequestHandler) -> None:
        raw = h.rfile.read(int(h.headers.get("Content-Length") or 0)).decode()
        form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        with self._lock:
            action = self.plan.pop(0) if self.plan else None
            self.requests.append({"form": form, "action": action})
        if not self._authorised(h, urlsplit(h.path).path):
            return
        if h.headers.get("Content-Type", "").split(";")[0] != "application/x-www-form-urlencoded":
            return self._error(h, 400, 20001, "form-encoded body expected")
        to, sender, service = form.get("To", ""), form.get("From", ""), form.get("MessagingServiceSid", "")
        if not WHATSAPP.match(to):
            return self._error(h, 400, 21211, "Invalid 'To' Phone Number")
        if not sender and not service:
            return self._error(h, 400, 21603, "A 'From' or 'MessagingServiceSid' parameter is required")
        if sender and sender != self.sender:
            return self._error(h, 400, 63007, "Twilio could not find a Channel with the specified From address")
        if isinstance(action, int):
            return self._error(h, action, 20500 if action >= 500 else 20429, "injected failure")
        content_sid, body = form.get("ContentSid"), form.get("Body")
        if content_sid:
            if content_sid not in self.templates:
                return self._error(h, 400, 21655, "The ContentSid is Invalid")
            try:
                variables = json.loads(form.get("ContentVariables") or "{}")
            except json.JSONDecodeError:
                return self._error(h, 400, 21656, "The ContentVariables Parameter is invalid")
            template = self.templates[content_sid]
            needed = set(PLACEHOLDER.findall(template))
            if not isinstance(variables, dict) or not all(isinstance(v, str) and v for v in variables.values()):
                return self._error(h, 400, 21656, "The ContentVariables Parameter is invalid")
            if needed - set(variables):
                return self._error(h, 400, 21656, "The ContentVariables Parameter is invalid")
            body = PLACEHOLDER.sub(lambda m: variables[m.group(1)], template)
        elif not body:
            return self._error(h, 400, 21602, "Message body is required")
        if len(body) > 1600:
            return self._error(h, 400, 21617, "The concatenated message body exceeds the 1600 character limit")
        now = self.clock()
        last = self.last_inbound.get(to)
        outside = last is None or now - last > timedelta(hours=24)
        sid = "SM" + uuid.uuid4().hex
        message = {
            "sid": sid,
            "to": to,
            "from": sender or service,
            "body": body,
            "content_sid": content_sid,
            "variables": form.get("ContentVariables"),
            "date_created": now,
            # free-form outside the window: taken, then failed, as Twilio reports it
            "status": "failed" if outside and not content_sid else "sent",
            "error_code": 63016 if outside and not content_sid else None,
        }
        with self._lock:
            self.messages.append(message)
        if isinstance(action, tuple) and action[0] == "slow":
            time.sleep(action[1])  # accepted, but the answer comes after the client gave up
        self._reply(h, 201, self._resource(message))

    def _resource(self, m: dict[str, Any]) -> dict[str, Any]:
        stamp = format_datetime(m["date_created"].astimezone(UTC), usegmt=True)
        return {
            "account_sid": self.account_sid,
            "api_version": "2010-04-01",
            "body": m["body"],
            "direction": "outbound-api",
            "from": m["from"],
            "to": m["to"],
            "sid": m["sid"],
            "status": "queued" if m["status"] == "sent" else m["status"],
            "error_code": m["error_code"],
            "error_message": None,
            "num_segments": "1",
            "num_media": "0",
            "price": None,
            "messaging_service_sid": None,
            "date_created": stamp,
            "date_sent": stamp,
            "date_updated": stamp,
            "uri": f"/2010-04-01/Accounts/{self.account_sid}/Messages/{m['sid']}.json",
            "subresource_uris": {},
        }

    def _list(self, h: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(h.path)
        if not self._authorised(h, parts.path):
            return
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        after = datetime.fromisoformat(query["DateSent>"].replace("Z", "+00:00")) if "DateSent>" in query else None
        with self._lock:
            found = [
                self._resource(m)
                for m in reversed(self.messages)  # newest first, as Twilio lists them
                if ("To" not in query or m["to"] == query["To"])
                and ("From" not in query or m["from"] == query["From"])
                and (after is None or m["date_created"] >= after)
            ]
        page_size = int(query.get("PageSize", 50))
        self._reply(
            h,
            200,
            {
                "messages": found[:page_size],
                "end": min(page_size, len(found)) - 1,
                "first_page_uri": parts.path,
                "next_page_uri": None,
                "page": 0,
                "page_size": page_size,
                "previous_page_uri": None,
                "start": 0,
                "uri": h.path,
            },
        )
