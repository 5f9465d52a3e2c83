"""The assistant's texts (bot/texts/nl.yml, en.yml) and the facts of the rules they state.

Standard library and PyYAML only: the domain generator and the action server both read it.
The rules' bounds come from the API's rules file, the region and the words for the answers
(button texts) from the vocabulary, so the texts never repeat them.
"""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from api.eligibility.vocabulary import vocabulary

ROOT = Path(__file__).resolve().parents[1]
TEXTS_DIR = Path(__file__).resolve().parent / "texts"
RULES_PATH = ROOT / "api" / "eligibility" / "rules.yml"
LANGUAGES = ("nl", "en")
LIST_JOIN = {"nl": "of", "en": "or"}
RULE_FACTS = ("min_age", "max_age", "region", "where_to_go")


@lru_cache
def load(language: str) -> dict[str, Any]:
    path = TEXTS_DIR / f"{language}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a mapping")
    return data


@lru_cache
def rules() -> dict[str, Any]:
    data = yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def region() -> list[str]:
    return [str(m) for m in vocabulary().region]


def age_bounds() -> tuple[int, int]:
    age = rules()["age"]
    return int(age["min"]), int(age["max"])


def spoken_list(items: list[str], language: str) -> str:
    """ "A, B of C" / "A, B or C"."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {LIST_JOIN[language]} {items[-1]}"


def where_to_go(language: str) -> str:
    """Where a resident can go without this assistant: the Leerwerkloket, with the phone number,
    address or web address the rules file gives (data, kept current by campaign staff)."""
    words = load(language)["texts"]["where_to_go"]
    step = (rules().get("next_steps") or {}).get("leerwerkloket") or {}
    ways = [str(words[k]).format(**{k: step[k]}) for k in ("phone", "address", "url") if step.get(k)]
    return f"{words['name']} ({str(words['join']).join(ways)})" if ways else str(words["name"])


def rule_facts(language: str) -> dict[str, str]:
    low, high = age_bounds()
    return {
        "min_age": str(low),
        "max_age": str(high),
        "region": spoken_list(region(), language),
        "where_to_go": where_to_go(language),
    }


def fill(template: str, language: str, **values: Any) -> str:
    """A text with the rules' facts and the given values; unknown placeholders stay visible
    instead of failing (a missing value must never make the assistant fall silent)."""
    facts: dict[str, Any] = dict(values)
    out = []
    for literal, field, spec, conv in string.Formatter().parse(template):
        out.append(literal)
        if field is None:
            continue
        if field not in facts and field in RULE_FACTS:
            facts.update({k: v for k, v in rule_facts(language).items() if k not in facts})
        if field in facts:
            out.append(format(facts[field], spec or ""))
        else:
            out.append("{" + field + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}")
    return "".join(out)


def text(key: str, language: str, **values: Any) -> str:
    """One of the texts the actions compose (section `texts`)."""
    lang = language if language in LANGUAGES else "nl"
    template = load(lang)["texts"][key]
    return fill(str(template), lang, **values)


def table(key: str, language: str) -> Any:
    """A structured entry of `texts` (day and month names, mode phrases)."""
    lang = language if language in LANGUAGES else "nl"
    return load(lang)["texts"][key]


def label(kind: str, value: str, language: str) -> str:
    """A value's name (the vocabulary's label), e.g. for acknowledging a correction."""
    vocab = vocabulary()
    return vocab.label(kind, value, language) if vocab.knows(kind, value) else value


def answer(kind: str, value: str, language: str) -> str:
    """A value as the resident would say it (a button's text): the vocabulary's answer."""
    vocab = vocabulary()
    if kind in ("work_situation", "pain"):
        return vocab.answer(kind, value, language)
    return vocab.label(kind, value, language)


def choices(slot: str, language: str) -> list[dict[str, str]]:
    """Buttons for the values of a slot, in the vocabulary's order and words: the region's
    municipalities, or the values of work situation, pains and modes."""
    vocab = vocabulary()
    if slot == "municipality":
        return [
            {"title": title, "payload": f'/inform{{"municipality": "{m}"}}'}
            for m, title in zip(vocab.region, vocab.region_labels(language), strict=True)
        ]
    return [
        {"title": answer(slot, value, language), "payload": f'/inform{{"{slot}": "{value}"}}'}
        for value in vocab.values(slot)
    ]


def response(key: str, language: str) -> dict[str, Any]:
    """A response as Rasa takes it: text with the rules' facts, and buttons."""
    entry = load(language)["responses"][key]
    out: dict[str, Any] = {"text": fill(str(entry["text"]), language)}
    buttons = choices(entry["choices"], language) if entry.get("choices") else []
    for item in entry.get("buttons") or []:
        ((title, payload),) = item.items()
        buttons.append({"title": str(title), "payload": str(payload)})
    if buttons:
        out["buttons"] = buttons
    return out


def response_keys() -> list[str]:
    return list(load("nl")["responses"])
