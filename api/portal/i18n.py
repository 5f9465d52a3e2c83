"""The portal's texts: one YAML file per language in texts/, loaded once, checked for equal keys."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from fastapi import Request

from api.core.config import get_settings
from api.eligibility.service import get_vocabulary

LANGUAGES = ("nl", "en")
LANG_COOKIE = "ld_portal_lang"
TEXTS_DIR = Path(__file__).parent / "texts"
# The labels of the shared values come from the vocabulary (key prefix -> kind).
VOCABULARY_KEYS = {"work": "work_situation", "pain": "pain", "sector": "sector", "mode": "mode", "language": "language"}


@lru_cache
def texts() -> dict[str, dict[str, str]]:
    loaded = {lang: yaml.safe_load((TEXTS_DIR / f"{lang}.yml").read_text("utf-8")) for lang in LANGUAGES}
    vocab = get_vocabulary()
    for lang, table in loaded.items():
        for prefix, kind in VOCABULARY_KEYS.items():
            table.update({f"{prefix}.{value}": vocab.label(kind, value, lang) for value in vocab.values(kind)})
    keys = set(loaded["nl"])
    for lang, table in loaded.items():
        if set(table) != keys:
            raise RuntimeError(f"portal texts: {lang}.yml differs in keys: {sorted(set(table) ^ keys)}")
    return loaded


def language(request: Request) -> str:
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    default = get_settings().portal_default_language
    return default if default in LANGUAGES else "nl"


class Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._table = texts()[lang]

    def __call__(self, key: str, **values: object) -> str:
        text = self._table.get(key)
        if text is None:
            return key  # a missing text shows its key rather than breaking the page
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self._table
