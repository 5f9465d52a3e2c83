"""Checks the NLU training data and the held-out set (plain python3 + pyyaml).

- every file under data/nlu parses and is Rasa 3.x NLU format (version "3.1", nlu: intents);
- no example text appears under two different intents (case-insensitive);
- no example appears twice (also across the nl/ and en/ folders);
- no held-out message is identical (case-insensitive, whitespace-normalised) to a training example;
- the held-out set is well-formed: language, intent, expected with known slot names and values
  from the vocabulary (api/eligibility/vocabulary.yml; a municipality is one it knows a place of).

Usage: python3 tests/heldout/check_overlap.py  (exit code 1 on any error)
"""

from __future__ import annotations

import collections
import pathlib
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
NLU_DIR = ROOT / "data" / "nlu"
HELDOUT = ROOT / "tests" / "heldout" / "messages.yml"
# further evaluation sets in the same format: (path, must not overlap the training data)
OTHER_SETS = [
    (ROOT / "tests" / "heldout" / "fresh_messages.yml", True),
    (ROOT / "tests" / "heldout" / "dev_messages.yml", False),
    # blind sets, written without seeing the training data and never tuned on (short messages like
    # "no thanks" may equal a training example: checked for form only)
    (ROOT / "tests" / "heldout" / "blind_2026_12.yml", False),
    (ROOT / "tests" / "heldout" / "blind_2026_12_03.yml", False),
]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from api.eligibility.vocabulary import vocabulary  # noqa: E402  (standard library + PyYAML only)
from bot import intents as bot_intents  # noqa: E402  (standard library only)

INTENTS = set(bot_intents.INTENTS)
SLOTS = {"age", "municipality", "work_situation", "sector", "pains", "mode", "language"}


def norm(text: str) -> str:
    return " ".join(text.lower().split())


def load_training() -> tuple[dict[str, list[tuple[str, str, str]]], list[str]]:
    """Returns {normalised text: [(intent, language, file)]} and a list of errors."""
    seen: dict[str, list[tuple[str, str, str]]] = collections.defaultdict(list)
    errors: list[str] = []
    files = sorted(NLU_DIR.rglob("*.yml"))
    if not files:
        errors.append(f"no training files under {NLU_DIR}")
    for path in files:
        rel = path.relative_to(ROOT)
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            errors.append(f"{rel}: does not parse: {exc}")
            continue
        if not isinstance(doc, dict) or str(doc.get("version")) != "3.1":
            errors.append(f'{rel}: expected a mapping with version: "3.1"')
            continue
        lang = path.parent.name
        if lang not in {"nl", "en"}:
            errors.append(f"{rel}: training files belong in data/nlu/nl or data/nlu/en")
        for block in doc.get("nlu") or []:
            intent = block.get("intent")
            if intent not in INTENTS:
                errors.append(f"{rel}: unknown intent {intent!r}")
                continue
            examples = block.get("examples") or ""
            for line in examples.splitlines():
                line = line.strip()
                if not line:
                    continue
                if not line.startswith("- "):
                    errors.append(f"{rel}: {intent}: line is not an example: {line!r}")
                    continue
                text = line[2:].strip()
                if "](" in text or "]{" in text:
                    errors.append(f"{rel}: {intent}: entity annotation found: {text!r}")
                seen[norm(text)].append((intent, lang, str(rel)))
    return seen, errors


def vocabulary_values() -> dict[str, set[str]]:
    vocab = vocabulary()
    values = {slot: set(vocab.values(slot)) for slot in ("work_situation", "sector", "mode", "language")}
    values["pains"] = set(vocab.values("pain"))
    values["municipality"] = {place.municipality for _, place in vocab.places()}
    return values


def check_heldout(
    seen: dict[str, list[tuple[str, str, str]]], path: pathlib.Path = HELDOUT, no_overlap: bool = True
) -> tuple[list[str], dict]:
    errors: list[str] = []
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    messages = doc.get("messages") or []
    values = vocabulary_values()
    stats: dict = {
        "messages": len(messages),
        "language": collections.Counter(),
        "intent": collections.Counter(),
        "slots": collections.Counter(),
        "values": collections.defaultdict(collections.Counter),
    }
    texts: set[str] = set()
    for i, msg in enumerate(messages):
        where = f"{path.name} #{i + 1} {msg.get('text')!r}"
        text = msg.get("text")
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: missing text")
            continue
        key = norm(text)
        if no_overlap and key in seen:
            errors.append(f"{where}: identical to a training example in {seen[key][0][2]}")
        if key in texts:
            errors.append(f"{where}: appears twice in {path.name}")
        texts.add(key)
        if msg.get("language") not in {"nl", "en"}:
            errors.append(f"{where}: language must be nl or en")
        if msg.get("intent") not in INTENTS:
            errors.append(f"{where}: unknown intent {msg.get('intent')!r}")
        stats["language"][msg.get("language")] += 1
        stats["intent"][msg.get("intent")] += 1
        expected = msg.get("expected")
        if not isinstance(expected, dict):
            errors.append(f"{where}: expected must be a mapping")
            continue
        for slot, value in expected.items():
            if slot not in SLOTS:
                errors.append(f"{where}: unknown slot {slot!r}")
                continue
            stats["slots"][slot] += 1
            if value is None:
                stats["values"][slot][None] += 1
                continue
            if slot == "age":
                if not isinstance(value, int) or isinstance(value, bool):
                    errors.append(f"{where}: age must be an integer or null")
                continue
            items = value if slot == "pains" else [value]
            if slot == "pains" and not isinstance(value, list):
                errors.append(f"{where}: pains must be a list")
                continue
            for item in items:
                stats["values"][slot][item] += 1
                if item not in values[slot]:
                    errors.append(f"{where}: {slot} value {item!r} is not in the vocabulary")
    return errors, stats


def main() -> int:
    seen, errors = load_training()
    counts: collections.Counter = collections.Counter()
    for text, uses in seen.items():
        intents = {intent for intent, _, _ in uses}
        if len(intents) > 1:
            errors.append(f"training example {text!r} under several intents: {sorted(intents)}")
        elif len(uses) > 1:
            errors.append(f"training example {text!r} repeated in {[u[2] for u in uses]}")
        for intent, lang, _ in uses:
            counts[(intent, lang)] += 1
    heldout_errors, stats = check_heldout(seen) if HELDOUT.exists() else ([], None)
    errors += heldout_errors
    other_sizes = []
    for path, no_overlap in OTHER_SETS:
        if path.exists():
            other_errors, other_stats = check_heldout(seen, path, no_overlap)
            errors += other_errors
            other_sizes.append(f"{path.name}: {other_stats['messages']} {dict(other_stats['language'])}")

    print("training examples per intent (nl / en):")
    for intent in sorted(INTENTS):
        print(f"  {intent:22} {counts[(intent, 'nl')]:4} / {counts[(intent, 'en')]:4}")
    total_nl = sum(n for (_, lang), n in counts.items() if lang == "nl")
    total_en = sum(n for (_, lang), n in counts.items() if lang == "en")
    print(f"  {'total':22} {total_nl:4} / {total_en:4}")
    if stats:
        print(f"held-out messages: {stats['messages']} {dict(stats['language'])}")
        print(f"  intents: {dict(sorted(stats['intent'].items()))}")
        print(f"  slots given: {dict(sorted(stats['slots'].items()))}")
        for slot in sorted(stats["values"]):
            shown = {str(k): v for k, v in sorted(stats["values"][slot].items(), key=str)}
            print(f"  {slot}: {shown}")
    for line in other_sizes:
        print(line)
    for error in errors:
        print("ERROR:", error)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
