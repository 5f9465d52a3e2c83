"""The WhatsApp channel's own small SQLite database (default var/whatsapp.db), surviving restarts:

- inbound: MessageSids already accepted (Twilio retries webhooks; a retry is not processed again)
- senders: opt-out, the last offered options and the conversation language, per sender. Senders
  are stored as a salted hash of the number, never the number itself.
- outbound: delivery status per sent MessageSid (from the REST answer and status callbacks),
  which never moves backwards (a late 'delivered' after 'read' is ignored).

Calls are short and synchronous (SQLite on a local file, a few rows per message).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Order of delivery statuses; a status only replaces one of lower rank.
STATUS_RANK = {
    "accepted": 0,
    "scheduled": 0,
    "queued": 1,
    "sending": 2,
    "sent": 3,
    "canceled": 4,
    "failed": 4,
    "undelivered": 4,
    "delivered": 5,
    "read": 6,
}
INBOUND_RETENTION_SECONDS = 30 * 24 * 3600

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS inbound (
    message_sid TEXT PRIMARY KEY, received_at REAL NOT NULL, state TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS senders (
    sender_key TEXT PRIMARY KEY, opted_out INTEGER NOT NULL DEFAULT 0,
    buttons TEXT NOT NULL DEFAULT '[]', language TEXT, updated_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS outbound (
    message_sid TEXT PRIMARY KEY, in_reply_to TEXT, status TEXT NOT NULL, rank INTEGER NOT NULL,
    error_code TEXT, updated_at REAL NOT NULL);
"""


@dataclass
class SenderState:
    opted_out: bool = False
    buttons: list[dict[str, Any]] = field(default_factory=list)
    language: str | None = None


class WhatsAppStore:
    def __init__(self, path: str) -> None:
        self.path = path
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._db.execute("INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_hex(16),))
        self._salt = self._db.execute("SELECT value FROM meta WHERE key='salt'").fetchone()[0]
        self._db.execute("DELETE FROM inbound WHERE received_at < ?", (time.time() - INBOUND_RETENTION_SECONDS,))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _exec(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, args)

    def sender_key(self, sender: str) -> str:
        """A salted hash of the sender's number: the database key, and (shortened) the log ref."""
        return hmac.new(self._salt.encode(), sender.encode(), hashlib.sha256).hexdigest()

    # inbound: dedupe
    def claim(self, message_sid: str) -> bool:
        """True the first time a MessageSid is seen, False for a retry."""
        cur = self._exec(
            "INSERT OR IGNORE INTO inbound (message_sid, received_at, state) VALUES (?, ?, ?)",
            (message_sid, time.time(), "accepted"),
        )
        return cur.rowcount == 1

    def mark(self, message_sid: str, state: str) -> None:
        self._exec("UPDATE inbound SET state=? WHERE message_sid=?", (state, message_sid))

    def inbound_state(self, message_sid: str) -> str | None:
        row = self._exec("SELECT state FROM inbound WHERE message_sid=?", (message_sid,)).fetchone()
        return row[0] if row else None

    # senders
    def sender(self, key: str) -> SenderState:
        row = self._exec("SELECT opted_out, buttons, language FROM senders WHERE sender_key=?", (key,)).fetchone()
        if not row:
            return SenderState()
        return SenderState(bool(row[0]), json.loads(row[1] or "[]"), row[2])

    def _upsert_sender(self, key: str, column: str, value: Any) -> None:
        if column not in ("opted_out", "buttons", "language"):  # a fixed list: no injection
            raise ValueError(column)
        sql = (
            f"INSERT INTO senders (sender_key, {column}, updated_at) VALUES (?, ?, ?) "  # noqa: S608
            f"ON CONFLICT(sender_key) DO UPDATE SET {column}=excluded.{column}, "
            "updated_at=excluded.updated_at"
        )
        self._exec(sql, (key, value, time.time()))

    def set_opted_out(self, key: str, opted_out: bool) -> None:
        self._upsert_sender(key, "opted_out", 1 if opted_out else 0)

    def is_opted_out(self, key: str) -> bool:
        return self.sender(key).opted_out

    def set_buttons(self, key: str, buttons: list[dict[str, Any]]) -> None:
        slim = [{"title": b.get("title"), "payload": b.get("payload")} for b in buttons]
        self._upsert_sender(key, "buttons", json.dumps(slim, ensure_ascii=False))

    def set_language(self, key: str, language: str | None) -> None:
        if language in ("nl", "en"):
            self._upsert_sender(key, "language", language)

    # outbound: delivery status
    def record_status(
        self, message_sid: str, status: str, error_code: str | None = None, in_reply_to: str | None = None
    ) -> str:
        """Records a status unless the message already has a later one; returns the status kept."""
        status = (status or "").lower()
        rank = STATUS_RANK.get(status, -1)
        self._exec(
            "INSERT INTO outbound (message_sid, in_reply_to, status, rank, error_code, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(message_sid) DO UPDATE SET "
            "status=excluded.status, rank=excluded.rank, "
            "error_code=COALESCE(excluded.error_code, outbound.error_code), "
            "in_reply_to=COALESCE(outbound.in_reply_to, excluded.in_reply_to), "
            "updated_at=excluded.updated_at WHERE excluded.rank > outbound.rank",
            (message_sid, in_reply_to, status, rank, error_code or None, time.time()),
        )
        if in_reply_to:
            self._exec(
                "UPDATE outbound SET in_reply_to=? WHERE message_sid=? AND in_reply_to IS NULL",
                (in_reply_to, message_sid),
            )
        return self.status(message_sid) or status

    def status(self, message_sid: str) -> str | None:
        row = self._exec("SELECT status FROM outbound WHERE message_sid=?", (message_sid,)).fetchone()
        return row[0] if row else None

    def delivery(self, message_sid: str) -> dict[str, Any] | None:
        row = self._exec(
            "SELECT status, error_code, in_reply_to FROM outbound WHERE message_sid=?",
            (message_sid,),
        ).fetchone()
        return {"status": row[0], "error_code": row[1], "in_reply_to": row[2]} if row else None
