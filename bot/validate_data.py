"""`rasa data validate`, strict: fails on its errors and on every warning except "utterance ...
is not used in any story or rule" for responses that the custom actions send (those are
checked by tests/bot/test_domain.py instead). Then every value the bot's files use (button
payloads, slot values, story entities, the lexicon, the rules) must be one the vocabulary knows
(api/eligibility/vocabulary.yml): ``unknown_values()``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from api.eligibility.vocabulary import Vocabulary, vocabulary  # noqa: E402

# slot or entity name -> vocabulary kind
KINDS = {
    "municipality": "municipality",
    "work_situation": "work_situation",
    "pain": "pain",
    "pains": "pain",
    "sector": "sector",
    "mode": "mode",
    "language": "language",
}
PAYLOAD = re.compile(r"^/\w+(\{.*\})$", re.S)


def known(vocab: Vocabulary, kind: str, value: Any) -> bool:
    """A value the vocabulary knows; for a municipality also a known place or "other"/"unknown"."""
    if kind == "municipality":
        return isinstance(value, str) and (
            vocab.place(value) is not None or vocab.is_other_answer(value) or vocab.is_unknown_answer(value)
        )
    return vocab.knows(kind, value)


def _pairs(node: Any, where: str) -> Iterator[tuple[str, str, Any]]:
    """(where, slot or entity name, value) for every value a YAML document gives a slot or entity."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "payload" and isinstance(value, str) and PAYLOAD.match(value):
                try:
                    entities = json.loads(PAYLOAD.match(value).group(1))  # type: ignore[union-attr]
                except json.JSONDecodeError:
                    yield where, "payload", value
                    continue
                for name, given in entities.items():
                    yield where, name, given
            elif key in ("slot_was_set", "entities") and isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        for name, given in item.items():
                            yield where, name, given
            elif key == "slots" and isinstance(value, dict):
                for name, slot in value.items():
                    if isinstance(slot, dict) and slot.get("type") == "categorical":
                        for given in slot.get("values") or []:
                            yield f"{where} slot {name}", name, given
                yield from _pairs(value, where)
            else:
                yield from _pairs(value, where)
    elif isinstance(node, list):
        for item in node:
            yield from _pairs(item, where)


def unknown_values(root: Path = ROOT) -> list[str]:
    """Every use of a value the vocabulary does not know, as "file: slot value" lines."""
    vocab = vocabulary()
    problems: list[str] = []
    files = [
        root / "domain.yml",
        *sorted((root / "data").rglob("*.yml")),
        *sorted((root / "tests/stories").glob("*.yml")),
    ]
    for path in files:
        rel = path.relative_to(root)
        for where, name, given in _pairs(yaml.safe_load(path.read_text(encoding="utf-8")), str(rel)):
            if name == "payload":
                problems.append(f"{where}: payload {given!r} is not valid JSON")
                continue
            kind = KINDS.get(name)
            if kind is None or given is None:
                continue
            for value in given if isinstance(given, list) else [given]:
                if not known(vocab, kind, value):
                    problems.append(f"{where}: {name} {value!r} is not in the vocabulary")
    lexicon = root / "bot" / "nlu" / "lexicon.yml"
    if lexicon.exists():
        for name, values in (yaml.safe_load(lexicon.read_text(encoding="utf-8")) or {}).items():
            kind = KINDS.get(name)
            if kind is None:
                problems.append(f"bot/nlu/lexicon.yml: {name!r} is not a slot the vocabulary knows")
                continue
            for value in values or {}:
                if not known(vocab, kind, value):
                    problems.append(f"bot/nlu/lexicon.yml: {name} {value!r} is not in the vocabulary")
    rules = yaml.safe_load((root / "api" / "eligibility" / "rules.yml").read_text(encoding="utf-8"))
    for outcome in ("pass", "needs_review", "fail"):
        for value in rules["work_situation"].get(outcome) or []:
            if not vocab.knows("work_situation", value):
                problems.append(
                    f"api/eligibility/rules.yml: work_situation.{outcome} {value!r} is not in the vocabulary"
                )
    for persona, spec in rules["personas"]["list"].items():
        for field, kind in (("sectors", "sector"), ("work_situations", "work_situation"), ("pains", "pain")):
            for value in spec.get(field) or []:
                if not vocab.knows(kind, value):
                    problems.append(
                        f"api/eligibility/rules.yml: personas.{persona}.{field} {value!r} is not in the vocabulary"
                    )
    return problems


def main() -> int:
    rasa = Path(sys.executable).parent / "rasa"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3"}
    proc = subprocess.run(  # noqa: S603 - a fixed command line, no user input
        [str(rasa), "data", "validate", "--domain", "domain.yml", "--data", "data"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    out = proc.stdout + proc.stderr
    used_by_actions = "".join(p.read_text() for p in (ROOT / "actions").rglob("*.py"))
    problems = []
    for line in out.splitlines():
        if "UserWarning" not in line and "ERROR" not in line:
            continue
        m = re.search(r"The utterance '(\w+)' is not used in any story or rule", line)
        if m and (
            m.group(1) in used_by_actions
            or re.match(r"utter_(invalid|persona|verdict|ask|retry|moved_on)_", m.group(1))
            or m.group(1) in ("utter_api_down", "utter_offer_human")
        ):
            continue
        problems.append(line.strip())
    for p in problems:
        print(p)
    if proc.returncode != 0 or problems:
        print(f"rasa data validate: {len(problems)} problem(s), exit code {proc.returncode}")
        return 1
    print("rasa data validate: clean")
    strangers = unknown_values()
    for p in strangers:
        print(p)
    if strangers:
        print(f"vocabulary: {len(strangers)} value(s) the vocabulary does not know")
        return 1
    print("vocabulary: every value in the domain, data, stories, lexicon and rules is known")
    return 0


if __name__ == "__main__":
    sys.exit(main())
