"""The messages' texts, from texts/<language>.yml (Dutch B1 and English). Both files must have the
same keys and the same {fields}; a mistake stops the API and the scheduler at start."""

from __future__ import annotations

import string
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from api.availability.calendar import local_tz
from api.bookings.texts import DAYS, MONTHS
from api.eligibility.service import get_vocabulary

TEXTS_DIR = Path(__file__).parent / "texts"
LANGUAGES = ("nl", "en")


class TextsError(ValueError):
    pass


def _leaves(tree: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(tree, dict):
        out: dict[str, str] = {}
        for key, value in tree.items():
            out |= _leaves(value, f"{prefix}.{key}" if prefix else str(key))
        return out
    if not isinstance(tree, str):
        raise TextsError(f"{prefix}: a text must be a string")
    return {prefix: tree}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@lru_cache
def all_texts() -> dict[str, dict[str, str]]:
    texts = {
        lang: _leaves(yaml.safe_load((TEXTS_DIR / f"{lang}.yml").read_text(encoding="utf-8"))) for lang in LANGUAGES
    }
    keys = [set(t) for t in texts.values()]
    if keys[0] != keys[1]:
        raise TextsError(f"nl.yml and en.yml differ in keys: {sorted(keys[0] ^ keys[1])}")
    for key in keys[0]:
        if key.startswith("whatsapp_templates."):
            continue  # Twilio's {{1}} placeholders, not ours
        if _fields(texts["nl"][key]) != _fields(texts["en"][key]):
            raise TextsError(f"{key}: nl.yml and en.yml use different fields")
    return texts


def text(language: str, key: str, **fields: str) -> str:
    template = all_texts()[language if language in LANGUAGES else "nl"][key]
    return template.format_map(fields) if fields or _fields(template) else template


def has(language: str, key: str) -> bool:
    return key in all_texts()[language if language in LANGUAGES else "nl"]


def date_words(moment: datetime, language: str) -> str:
    """'dinsdag 3 maart' / 'Tuesday 3 March' in Amsterdam time."""
    local = moment.astimezone(local_tz())
    return f"{DAYS[language][local.weekday()]} {local.day} {MONTHS[language][local.month - 1]}"


def clock(moment: datetime) -> str:
    return f"{moment.astimezone(local_tz()):%H:%M}"


def mode_words(mode: str, language: str) -> str:
    """'telefonisch' / 'by phone': the vocabulary's label, for use inside a sentence."""
    return get_vocabulary().label("mode", mode, language).lower()
