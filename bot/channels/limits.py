"""The limits every channel applies to a resident's message, and the texts of their polite
refusals. The REST, socket.io and WhatsApp channels, the widget (through the socket.io session
handshake) and the HTTP body limits of the Rasa and action servers all take them from here.

The longest message a resident may send belongs to the vocabulary (api/eligibility/vocabulary.yml,
`message.max_chars`, 1000 characters: a long paragraph, what the widget always allowed). The
operational limits are settings, read here from the environment (defaults below) and nowhere else:

  MESSAGE_RATE_LIMIT           messages per conversation per window, default 15
  MESSAGE_RATE_WINDOW_SECONDS  the window, default 10
  RASA_MAX_BODY_BYTES          HTTP body limit of the Rasa server, default 128 KiB
  ACTIONS_MAX_BODY_BYTES       HTTP body limit of the action server, default 4 MiB

Why these numbers: fifteen messages in ten seconds is more than a person types or taps; a script
is slowed down. Rasa's largest legitimate body is a Twilio webhook with a
4,096-character WhatsApp message (the WhatsApp maximum) of emoji, URL-encoded: about 50 KB. The
action server receives the whole conversation (every event with its NLU details: measured, a
conversation from greeting to booking is about 240 events and 100 KB, some 9 KB per turn): 4 MiB
holds over 400 turns.
"""

from __future__ import annotations

import os

from api.eligibility.vocabulary import vocabulary

_DEFAULTS = {
    "MESSAGE_RATE_LIMIT": 15,
    "MESSAGE_RATE_WINDOW_SECONDS": 10,
    "RASA_MAX_BODY_BYTES": 128 * 1024,
    "ACTIONS_MAX_BODY_BYTES": 4 * 1024 * 1024,
}


def _int(name: str) -> int:
    raw = (os.environ.get(name) or "").strip()
    try:
        value = int(raw) if raw else _DEFAULTS[name]
    except ValueError as exc:
        raise SystemExit(f"{name} must be a whole number, not {raw!r}") from exc
    if value < 1:
        raise SystemExit(f"{name} must be at least 1")
    return value


def message_max_chars() -> int:
    return vocabulary().message_max_chars


def rate_limit() -> tuple[int, int]:
    """(messages, window in seconds) per conversation."""
    return _int("MESSAGE_RATE_LIMIT"), _int("MESSAGE_RATE_WINDOW_SECONDS")


def rasa_max_body_bytes() -> int:
    return _int("RASA_MAX_BODY_BYTES")


def actions_max_body_bytes() -> int:
    return _int("ACTIONS_MAX_BODY_BYTES")


# The refusals, in plain language (B1); English mirrors Dutch.
TEXTS = {
    "too_long": {
        "nl": "Je bericht is te lang. Kun je het korter zeggen?",
        "en": "Your message is too long. Could you say it in fewer words?",
    },
    "too_fast": {
        "nl": "Je stuurt veel berichten snel na elkaar. Wacht even en stuur dan je antwoord.",
        "en": "You are sending many messages quickly. Please wait a moment, then send your answer.",
    },
    "error": {
        "nl": "Sorry, er ging iets mis bij mij. Probeer het over een paar minuten nog eens.",
        "en": "Sorry, something went wrong on my side. Please try again in a few minutes.",
    },
}


def text_for(key: str, language: str | None) -> str:
    return TEXTS[key]["en" if language == "en" else "nl"]
