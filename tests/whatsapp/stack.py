"""The real system for the WhatsApp end-to-end test (tests/stack.py) with WhatsApp configured to
send through a local Twilio stand-in."""

from __future__ import annotations

from pathlib import Path

from tests.stack import API_PY, MODEL, Stack

__all__ = ["API_PY", "MODEL", "WhatsAppStack"]


class WhatsAppStack(Stack):
    def __init__(
        self, tmp: Path, twilio_url: str, account_sid: str, auth_token: str, whatsapp_from: str, public_url: str
    ) -> None:
        self.whatsapp_db = tmp / "whatsapp.db"
        super().__init__(
            tmp,
            {
                "TWILIO_ACCOUNT_SID": account_sid,
                "TWILIO_AUTH_TOKEN": auth_token,
                "TWILIO_WHATSAPP_FROM": whatsapp_from,
                "WHATSAPP_PUBLIC_URL": public_url,
                "TWILIO_API_BASE_URL": twilio_url,
                "WHATSAPP_DB_PATH": str(self.whatsapp_db),
                "WHATSAPP_SEND_TIMEOUT": "5",
                "WHATSAPP_RETRY_BASE_SECONDS": "0.2",
            },
        )
