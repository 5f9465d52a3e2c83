"""WhatsApp text handling: numbered options, answers to them, 1,600-character parts, keywords,
and the channel's own fixed replies (nl by default, en when the conversation is English)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from bot.channels.limits import TEXTS as LIMIT_TEXTS

MAX_CHARS = 1600  # Twilio's limit for one WhatsApp message body

OPT_OUT = {"stop", "stoppen", "afmelden", "uitschrijven", "unsubscribe", "stopall", "stop all"}
OPT_IN = {"start", "aanmelden", "unstop", "subscribe"}

TEXTS = {
    "hint": {
        "nl": "Antwoord met een nummer of typ je antwoord.",
        "en": "Reply with a number or type your answer.",
    },
    "media": {
        "nl": "Ik kan alleen tekst lezen, geen foto's, video's, spraakberichten of bestanden. "
        "Wil je je antwoord typen?",
        "en": "I can only read text, not photos, videos, voice messages or files. Could you type your answer?",
    },
    "location": {
        "nl": "Dank je! Een locatie kan ik niet lezen. Typ de naam van je woonplaats, bijvoorbeeld Delft.",
        "en": "Thank you! I can't read a location. Please type the name of the place where you "
        "live, for example Delft.",
    },
    "empty": {
        "nl": "Ik heb geen tekst ontvangen. Wil je je bericht nog een keer typen?",
        "en": "I didn't receive any text. Could you type your message again?",
    },
    "opted_out": {
        "nl": "Je bent afgemeld: je krijgt geen berichten meer van ons via WhatsApp. "
        "Stuur START als je toch weer wilt chatten.",
        "en": "You have unsubscribed: you will get no more messages from us on WhatsApp. "
        "Send START if you want to chat again.",
    },
    "opted_in": {
        "nl": "Welkom terug! Je krijgt weer berichten van ons. Stuur een bericht om verder te gaan.",
        "en": "Welcome back! You will get messages from us again. Send a message to continue.",
    },
    **LIMIT_TEXTS,  # the refusals and the apology every channel uses
}


def text_for(key: str, language: str | None) -> str:
    return TEXTS[key]["en" if language == "en" else "nl"]


def _norm(s: str) -> str:
    """Case, accents, punctuation, emoji and spacing removed: 'Ja, dat is goed! 👍' -> 'ja dat is goed'."""
    s = unicodedata.normalize("NFKD", s.casefold())
    s = "".join(ch for ch in s if unicodedata.category(ch)[0] in "LNZ")
    return " ".join(s.split())


def keyword(text: str) -> str | None:
    """'out' for STOP and its equivalents, 'in' for START and its equivalents, else None."""
    n = _norm(text)
    if n in OPT_OUT:
        return "out"
    if n in OPT_IN:
        return "in"
    return None


def number_options(text: str, buttons: Sequence[dict[str, Any]], language: str | None) -> str:
    lines = [f"{i}. {b.get('title') or b.get('payload') or ''}" for i, b in enumerate(buttons, 1)]
    head = f"{text.rstrip()}\n\n" if text and text.strip() else ""
    return head + "\n".join(lines) + "\n\n" + text_for("hint", language)


_NUMBER = re.compile(r"^\s*(?:optie|option|nummer|number|nr\.?|#)?\s*(\d{1,2})\s*[.)]?\s*$", re.I)


def match_option(text: str, buttons: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The button the resident chose by number ('2', '2.', 'optie 2') or by its words."""
    if not buttons or not text:
        return None
    m = _NUMBER.match(text)
    if m:
        i = int(m.group(1))
        return buttons[i - 1] if 1 <= i <= len(buttons) else None
    n = _norm(text)
    if not n:
        return None
    hits = [b for b in buttons if _norm(str(b.get("title") or "")) == n]
    return hits[0] if len(hits) == 1 else None


def units(s: str) -> int:
    """Length as Twilio counts it (UTF-16 code units: an emoji may count twice)."""
    return len(s.encode("utf-16-le")) // 2


_PIECES = re.compile(r".*?(?:[.!?…]+[\"')\]]*(?=\s)|\n|$)\s*", re.S)


def _hard_split(piece: str, limit: int) -> list[str]:
    out = []
    while units(piece) > limit:
        cut = limit
        while units(piece[:cut]) > limit:
            cut -= 1
        space = piece.rfind(" ", 0, cut)
        if space > cut // 2:
            cut = space + 1
        out.append(piece[:cut])
        piece = piece[cut:]
    if piece:
        out.append(piece)
    return out


def split_message(text: str, limit: int = MAX_CHARS) -> list[str]:
    """Parts of at most `limit` characters, cut after a sentence or a line where possible
    (a word boundary otherwise), in order, none empty."""
    text = text.strip()
    if not text:
        return []
    if units(text) <= limit:
        return [text]
    pieces = [p for p in _PIECES.findall(text) if p]
    parts: list[str] = []
    current = ""
    for piece in pieces:
        for chunk in _hard_split(piece, limit):
            if units(current + chunk) <= limit or not current.strip():
                current += chunk
            else:
                parts.append(current)
                current = chunk
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]
