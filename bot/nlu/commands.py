"""Requests in words that the classifier may miss: to begin the chat again, to erase what was
said, or to talk to a person. Read by the intent arbiter (the NLU pipeline) and by the actions (a
long message that asks for
it is still a command)."""

from __future__ import annotations

import re

# The request itself, whatever the classifier made of it: a sentence that asks to begin this chat
# again ("kan ik helemaal opnieuw beginnen?", "can i start again from the beginning?"), not a new start
# in one's work ("ik wil opnieuw beginnen in de zorg" names no chat and asks nothing)
START_OVER = re.compile(
    r"^\W*(sorry,?\s+|o+\s+nee\s+wacht,?\s+|wacht,?\s+|oops,?\s+)?"
    r"((kan|mag|kun|kunnen|can|could|may)\s+(ik|we|je|i|you)\s+(helemaal\s+|even\s+|weer\s+|gewoon\s+|please\s+)?"
    r"((opnieuw|overnieuw)\s+(beginnen|starten)|(start|begin)\s+(again|over)(\s+from\s+the\s+(beginning|start|top))?)"
    r"|(begin|start)\s+(again|over)\s+from\s+the\s+(beginning|start|top))\W*$",
    re.I,
)
# "kun je alles wat ik heb ingevuld weghalen?", "please delete everything I told you"
ERASE_ALL = re.compile(
    r"\b(alles|al mijn gegevens|mijn gegevens|wat ik (heb )?(ingevuld|verteld|gezegd|getypt)|everything|"
    r"all my (data|info|details|answers)|my (data|info|details|answers)|what i (told|said|typed|entered))\b"
    r"[^.!?]{0,30}\b(weghalen|weghaalt|verwijderen|verwijdert|wissen|wist|delete|erase|remove)\b|"
    r"\b(delete|erase|remove|wis|verwijder)\s+(everything|alles|all|my|mijn)\b",
    re.I,
)


def asks_start_over(text: str) -> bool:
    return any(START_OVER.match(s) for s in re.split(r"(?<=[.!?])\s+", text))


NO_ERASING = re.compile(
    r"\b(niet|niks|niets|geen|hoeft|hoef|don'?t|do not|no need|not|never|nooit)\b[^.!?]{0,25}"
    r"\b(weghalen|verwijderen|wissen|delete|erase|remove)\b",
    re.I,
)


def asks_erasing(text: str) -> bool:
    return bool(ERASE_ALL.search(text)) and not NO_ERASING.search(text)


# "can i talk to a real person maybe?", "can i talk to someone real?", "kan ik iemand spreken?",
# "ik wil liever een mens": the classifier knows these, but not always surely enough
HUMAN = re.compile(
    r"\b(talk|speak|chat)\s+(to|with)\s+(a\s+|an\s+)?(real\s+|actual\s+|live\s+)?"
    r"(person|human|someone|somebody|adviser|advisor|employee|agent|people)\b|"
    r"\b(someone|somebody)\s+real\b|"
    r"\b(iemand|een mens|een persoon|een medewerker|een adviseur)\s+(spreken|spreek|bellen|aan de lijn)\b|"
    r"\bmet\s+(iemand|een mens|een persoon|een medewerker|een adviseur)\s+(spreken|praten|bellen)\b|"
    r"\b(spreken|praten|bellen)\s+met\s+(een\s+)?(echt\s+|echte\s+)?(mens|persoon|iemand|medewerker|adviseur)\b",
    re.I,
)
# "I don't need to talk to a person", "ik hoef geen mens te spreken"
NO_HUMAN = re.compile(
    r"\b(don'?t|do not|no need|hoef|hoeft|geen behoefte|niet nodig|not)\b[^.!?]{0,20}"
    r"\b(talk|speak|spreken|mens|person)",
    re.I,
)


# "if I need to talk to someone it has to be a Thursday": a condition about the conversation to
# come, not a request for a person now
CONDITION_BEFORE = re.compile(
    r"\b(if|when|once|before|als|wanneer|zodra|voordat)\s+(i|we|ik|wij)\b[^.!?,]{0,25}$", re.I
)


def asks_human(text: str) -> bool:
    asked = any(not CONDITION_BEFORE.search(text[: m.start()]) for m in HUMAN.finditer(text))
    return asked and not NO_HUMAN.search(text)
