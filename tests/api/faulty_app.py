"""The real application plus routes that fail the way code fails, with a resident's data in
the failure: for the log test (tests/api/test_log_privacy.py), served by uvicorn like the API."""

from __future__ import annotations

import warnings

from fastapi import Request
from sqlalchemy import text

from api.core.db import get_sessionmaker
from api.leads.schemas import Contact
from api.main import create_app

RESIDENT = {
    "conversation_id": "whatsapp:+31612345678",
    "name": "Marieke Janssen",
    "phone": "06 98765432",
    "email": "marieke@example.org",
}
INSERT = text(
    "INSERT INTO leads (conversation_id, channel, language, status, callback_requested, contact_name,"
    " contact_phone, contact_email, created_at, updated_at)"
    " VALUES (:conversation_id, 'whatsapp', 'nl', 'new', false, :name, :phone, :email, :now, :now)"
)

app = create_app()


def _insert_twice() -> None:
    """A unique violation on the conversation id (a WhatsApp number), with the contact details
    as parameters and, on PostgreSQL, the key's value in the error's DETAIL."""
    with get_sessionmaker()() as session:
        params = {**RESIDENT, "now": "2026-11-21 10:00:00"}
        session.execute(INSERT, params)
        session.execute(INSERT, params)
        session.commit()


@app.get("/test/unique-violation")
def unique_violation() -> None:
    _insert_twice()


@app.get("/test/wrapped-database-error")
def wrapped_database_error() -> None:
    try:
        _insert_twice()
    except Exception as exc:
        raise RuntimeError("saving the lead failed") from exc


@app.get("/test/validation-in-code")
def validation_in_code() -> None:
    Contact.model_validate({"name": RESIDENT["name"] * 20, "email": RESIDENT["email"].replace("@", " at ")})


@app.get("/test/crash/{conversation_id}")
def crash(conversation_id: str, request: Request) -> None:
    warnings.warn(f"resident {RESIDENT['email']} has no booking yet", UserWarning, stacklevel=1)
    raise LookupError(f"no lead for {conversation_id} ({RESIDENT['email']}, {RESIDENT['phone']}) at {request.url}")
