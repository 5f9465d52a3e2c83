"""What a returning resident says about their appointment, in Dutch and English.

    from bot.nlu.appointment import appointment_wish

    appointment_wish("ik wil mijn afspraak verzetten")   # "move"
    appointment_wish("kan ik afzeggen?")                 # "cancel"
    appointment_wish("laat maar staan")                  # "keep"
    appointment_wish("wanneer is mijn afspraak?")        # "view"
    appointment_wish("ik wil toch een afspraak maken")   # "book"
    appointment_wish("ik ben 45")                        # None

"move", "cancel" and "keep" answer "what would you like to do with your appointment?"; "view"
only says the message is about the appointment, "book" that it asks to make one. Typo-tolerant
for the common slips ("afspaak", "verzeten", "apointment"). Pure functions: no Rasa, no network.
"""

from __future__ import annotations

import re

MOVE = re.compile(
    r"\b(verzet\w*|verzett\w*|verzeten|verplaats\w*|verschuiv\w*|verschuif\w*|omzetten|"
    r"ander(e)? (tijd|dag|moment|datum)|later (op de dag|in de week)|"
    r"reschedul\w*|move|moving|another (time|day|date)|different (time|day|date)|change (the|my) (time|date))\b",
    re.I,
)
CANCEL = re.compile(
    r"\b(afzeg\w*|zeg\w* (\w+ ){0,3}af|afmeld\w*|meld (\w+ ){0,3}af|annuleer\w*|annuler\w*|"
    r"kan (toch )?niet (komen|meer)|cancel\w*|call (it )?off|can'?t (make it|come)|cannot (make it|come))\b",
    re.I,
)
KEEP = re.compile(
    r"\b(laten staan|laat (\w+ ){0,2}staan|blijft staan|houden|aanhouden|behouden|niets veranderen|"
    r"niks veranderen|is goed zo|keep( it)?|leave it|no change|nothing|stays?)\b",
    re.I,
)
ABOUT = re.compile(
    r"\b(afspraak\w*|afspaak\w*|afpsraak\w*|adviesgesprek|mijn gesprek|appointment|apointment|appoitment|"
    r"my booking|my meeting)\b",
    re.I,
)

BOOK = re.compile(r"\b(maken|plannen|inplannen|boeken|aanvragen|make|book|schedule|set up|arrange)\b", re.I)


def appointment_wish(text: str) -> str | None:
    """The wish: "move", "cancel", "keep", "book" or "view" (about the appointment), or None."""
    low = " ".join(text.lower().split())
    if not low or low.startswith("/"):
        return None
    if CANCEL.search(low):
        return "cancel"
    if MOVE.search(low):
        return "move"
    if KEEP.search(low):
        return "keep"
    if ABOUT.search(low):
        return "book" if BOOK.search(low) else "view"
    return None


def asks_about_appointment(text: str) -> bool:
    """The message is about the resident's appointment (not "keep it" on its own)."""
    wish = appointment_wish(text)
    if wish in ("view", "book"):
        return True
    return wish in ("move", "cancel") and (bool(ABOUT.search(text)) or len(text.split()) <= 4)
