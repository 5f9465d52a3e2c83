"""Upgrading a database that holds data: the funnel links existing leads to their conversations
(0005), on a SQLite file made at the previous revision."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from api.core.config import REPO_ROOT
from api.core.security import pseudonymise


def alembic(url: str) -> Config:
    cfg = Config(str(REPO_ROOT / "alembic.ini"))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


def test_0005_links_existing_leads_to_their_conversations(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    command.upgrade(alembic(url), "0004")
    engine = sa.create_engine(url)
    lead_row = (
        "channel, language, status, callback_requested, created_at, updated_at, consent_at, "
        "verdict, utm_campaign, utm_source"
    )
    with engine.begin() as db:
        db.execute(
            sa.text(
                "INSERT INTO conversation_starts (conversation_hash, channel, language, utm_campaign, created_at) "
                "VALUES (:h, 'socketio', 'nl', NULL, '2026-11-01 10:00:00')"
            ),
            {"h": pseudonymise("counted")},
        )
        for cid in ("counted", "never-counted"):
            db.execute(
                sa.text(
                    f"INSERT INTO leads (conversation_id, {lead_row}) VALUES (:cid, 'socketio', 'nl', 'new', 0, "
                    "'2026-11-01 10:05:00', '2026-11-01 10:05:00', '2026-11-01 10:05:00', 'eligible', 'bouw', 'fb')"
                ),
                {"cid": cid},
            )
    command.upgrade(alembic(url), "head")
    with engine.connect() as db:
        starts = db.execute(
            sa.text(
                "SELECT s.conversation_hash, s.utm_campaign, s.utm_source, l.conversation_id "
                "FROM conversation_starts s JOIN leads l ON l.id = s.lead_id ORDER BY l.id"
            )
        ).all()
    assert [(s.conversation_hash, s.utm_campaign, s.utm_source, s.conversation_id) for s in starts] == [
        (pseudonymise("counted"), "bouw", "fb", "counted"),  # linked; its missing UTM taken from the lead
        (pseudonymise("never-counted"), "bouw", "fb", "never-counted"),  # made for the lead
    ]
    command.downgrade(alembic(url), "0004")  # and back, cleanly
    engine.dispose()
