"""The shared vocabulary (vocabulary.yml beside this module): values, labels and places.

One owner for every value the bot, the actions and the API share. This module needs only the
standard library and PyYAML and imports nothing else from ``api``, so the API (Python 3.11), the
bot and the action server (Python 3.10), the tests' fake API and the tools can all import it::

    from api.eligibility.vocabulary import vocabulary

    v = vocabulary()                              # loaded once, validated (VocabularyError)
    v.values("work_situation")                    # ("employed", "self_employed", ...)
    v.label("mode", "in_person", "nl")            # "Op locatie"
    v.answer("pain", "no_diploma", "en")          # "I have no diploma" (button text)
    v.knows("sector", "ict")                      # True
    v.region                                      # ("Den Haag", "Delft", ...) in file order
    v.region_labels("en")                         # ["The Hague", "Delft", ...]
    v.age_min, v.age_max                          # plausible input ages (not eligibility!)
    v.message_max_chars                           # the longest message a resident may send
    v.limits.utm_value                            # 100: characters kept of a UTM value
    v.place("naaldwyk")                           # Place(name="Naaldwijk", kind="village",
                                                  #       municipality="Westland", in_region=True)
    v.place("Nootdorp").where_to_go               # WhereToGo(name=Label(...), phone, url, address)
    v.place("Atlantis")                           # None: not a place the vocabulary knows
    v.is_other_answer("Andere gemeente")          # True: ask which place
    v.is_unknown_answer("weet ik niet")           # True: the resident does not know
    v.places()                                    # every (spelling, Place), for lexicons

Kinds: "work_situation", "pain", "sector", "mode", "language" (the entity names) and
"municipality" (the region's municipalities). Place names match case-insensitively, ignoring
accents, quotes, hyphens, a leading "gemeente" and "y" written for "ij" (``normalise_place``).

The eligibility bounds of age are the rules' (rules.yml), not this file's: ``age_min``/``age_max``
only say which numbers can be an age at all (plausible input).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

VOCABULARY_PATH = Path(__file__).with_name("vocabulary.yml")
LANGUAGES = ("nl", "en")
# kind -> the section of the file that holds its values
VALUE_SECTIONS = {
    "work_situation": "work_situations",
    "pain": "pains",
    "sector": "sectors",
    "mode": "modes",
    "language": "languages",
}
LIMIT_NAMES = ("utm_value", "place_name", "callback_note", "work_text")
# section of a municipality -> the kind of place it lists
PLACE_KINDS = {"aliases": "alias", "districts": "district", "villages": "village"}


class VocabularyError(Exception):
    """The vocabulary file cannot be used; the message names the line and the problem."""


@dataclass(frozen=True)
class Label:
    nl: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.nl


@dataclass(frozen=True)
class Value:
    id: str
    label: Label
    answer: Label | None = None


@dataclass(frozen=True)
class WhereToGo:
    """Where residents of a place outside the region can go instead."""

    id: str
    name: Label
    phone: str | None = None
    url: str | None = None
    address: str | None = None

    def as_dict(self, language: str) -> dict[str, str | None]:
        return {"name": self.name.get(language), "phone": self.phone, "url": self.url, "address": self.address}


@dataclass(frozen=True)
class Place:
    """A place as the vocabulary spells it and the municipality it belongs to."""

    name: str
    kind: str  # "municipality", "alias", "district" or "village"
    municipality: str
    in_region: bool
    where_to_go: WhereToGo | None = None


@dataclass(frozen=True)
class Limits:
    """Characters kept of what the chat collects; longer values are cut, never refused."""

    utm_value: int
    place_name: int
    callback_note: int
    work_text: int


@dataclass(frozen=True)
class Vocabulary:
    age_min: int
    age_max: int
    message_max_chars: int
    limits: Limits
    region_name: Label
    region: tuple[str, ...]
    municipality_labels: dict[str, Label]
    value_sets: dict[str, dict[str, Value]]
    where_to_go: dict[str, WhereToGo]
    _places: dict[str, Place] = field(repr=False)
    _other: frozenset[str] = field(repr=False)
    _unknown: frozenset[str] = field(repr=False)
    _postcodes: tuple[tuple[int, int, str], ...] = field(default=(), repr=False)

    def values(self, kind: str) -> tuple[str, ...]:
        """The values of a kind in the file's order; "municipality" gives the region."""
        if kind == "municipality":
            return self.region
        return tuple(self.value_sets[kind])

    def knows(self, kind: str, value: object) -> bool:
        return isinstance(value, str) and value in self.values(kind)

    def label(self, kind: str, value: str, language: str) -> str:
        """The label of a value (KeyError for a value the vocabulary does not know)."""
        if kind == "municipality":
            return self.municipality_labels[value].get(language)
        return self.value_sets[kind][value].label.get(language)

    def answer(self, kind: str, value: str, language: str) -> str:
        """The value in the resident's voice (button text); the label where none is given."""
        item = self.value_sets[kind][value]
        return (item.answer or item.label).get(language)

    def region_labels(self, language: str) -> list[str]:
        return [self.municipality_labels[m].get(language) for m in self.region]

    def place(self, text: str | None) -> Place | None:
        """The place a name stands for (exact after normalising), None when unknown."""
        if not text:
            return None
        return self._places.get(normalise_place(text))

    def places(self) -> list[tuple[str, Place]]:
        """Every spelling the file gives (names, aliases, districts, villages) with its place."""
        return [(p.name, p) for p in self._places.values()]

    def postcode_place(self, digits: int) -> Place | None:
        """The municipality of the region whose postcodes include these four digits, or None."""
        name = next((m for low, high, m in self._postcodes if low <= digits <= high), None)
        return self._places.get(normalise_place(name)) if name else None

    def is_other_answer(self, text: str | None) -> bool:
        """ "Andere gemeente", "other": the resident lives elsewhere and has not said where."""
        return text is not None and normalise_place(text) in self._other

    def is_unknown_answer(self, text: str | None) -> bool:
        """ "Weet ik niet", "unknown", or nothing at all."""
        return text is None or normalise_place(text) in self._unknown


_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def normalise_place(text: str) -> str:
    """Lower case, no accents, no quotes or hyphens, "ij" for "y", no leading "gemeente"."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['\".,()]", "", text)
    text = re.sub(r"[-/_]+", " ", text)
    text = " ".join(text.split())
    text = re.sub(r"^(de )?(gemeente|municipality of|the municipality of) ", "", text)
    return text.replace("y", "ij")


# --- loading and validation ------------------------------------------------------------------


class _Problems:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, node: yaml.Node | None, where: str, problem: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.items.append(f"{self.path} line {line}: {where}: {problem}")


def _mapping(node: yaml.Node, where: str, problems: _Problems) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, where, "expected a mapping")
        return {}
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else None
        if not name:
            problems.add(key, where, "expected a name as key")
        elif name in out:
            problems.add(key, f"{where}.{name}", "given twice")
        else:
            out[name] = (key, value)
    return out


def _keys(
    node: yaml.Node,
    where: str,
    problems: _Problems,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
) -> dict[str, yaml.Node]:
    items = _mapping(node, where, problems)
    for name, (key, _) in items.items():
        if name not in required and name not in optional:
            problems.add(key, f"{where}.{name}", f"unknown key; expected {', '.join(required + optional)}")
    for name in required:
        if name not in items:
            problems.add(node, where, f"'{name}' is missing")
    return {name: value for name, (_, value) in items.items()}


def _text(node: yaml.Node | None, where: str, problems: _Problems) -> str:
    if node is None:
        return ""
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str" or not node.value.strip():
        problems.add(node, where, "expected a non-empty text")
        return ""
    return str(node.value).strip()


def _int(node: yaml.Node | None, where: str, problems: _Problems) -> int:
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:int":
        problems.add(node, where, "expected a whole number")
        return 0
    return int(node.value)


def _texts(node: yaml.Node | None, where: str, problems: _Problems) -> list[tuple[yaml.Node, str]]:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        problems.add(node, where, "expected a list")
        return []
    return [(item, _text(item, f"{where}[{i}]", problems)) for i, item in enumerate(node.value)]


def _label(node: yaml.Node | None, where: str, problems: _Problems) -> Label:
    if node is None:
        return Label("", "")
    parts = _keys(node, where, problems, LANGUAGES)
    return Label(*(_text(parts.get(lang), f"{where}.{lang}", problems) for lang in LANGUAGES))


def _values(node: yaml.Node | None, where: str, problems: _Problems) -> dict[str, Value]:
    out: dict[str, Value] = {}
    if node is None:
        return out
    for name, (key, value) in _mapping(node, where, problems).items():
        if not re.fullmatch(r"[a-z][a-z_]*", name):
            problems.add(key, f"{where}.{name}", "a value is written in lower case with underscores")
        parts = _keys(value, f"{where}.{name}", problems, ("label",), ("answer",))
        answer = parts.get("answer")
        out[name] = Value(
            name,
            _label(parts.get("label"), f"{where}.{name}.label", problems),
            _label(answer, f"{where}.{name}.answer", problems) if answer is not None else None,
        )
    if not out:
        problems.add(node, where, "lists no values")
    return out


def _add_place(
    places: dict[str, Place],
    owners: dict[str, str],
    node: yaml.Node,
    where: str,
    place: Place,
    problems: _Problems,
) -> None:
    key = normalise_place(place.name)
    if not key:
        problems.add(node, where, "a place needs a name")
        return
    if key in places and places[key].municipality != place.municipality:
        problems.add(node, where, f"'{place.name}' is also given for {owners[key]}: a name belongs to one municipality")
        return
    if key not in places or place.kind == "municipality":
        places[key] = place
        owners[key] = place.municipality


def parse_vocabulary(text: str, path: Path = VOCABULARY_PATH) -> Vocabulary:
    """Validates the text of a vocabulary file; VocabularyError lists every problem with its line."""
    problems = _Problems(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}" if mark else "unknown line"
        raise VocabularyError(f"{path} {where}: not valid YAML: {exc.problem}") from None
    if root is None:
        raise VocabularyError(f"{path} line 1: the file is empty")
    top = ("version", "age", "message", "limits", "region", "outside", *VALUE_SECTIONS.values())
    sections = _keys(root, "(top level)", problems, top)
    if "version" in sections and _int(sections["version"], "version", problems) != 1:
        problems.add(sections["version"], "version", "this loader reads version 1")

    age = _keys(sections["age"], "age", problems, ("plausible",)) if "age" in sections else {}
    bounds = _keys(age["plausible"], "age.plausible", problems, ("min", "max")) if "plausible" in age else {}
    age_min = _int(bounds.get("min"), "age.plausible.min", problems) if "min" in bounds else 0
    age_max = _int(bounds.get("max"), "age.plausible.max", problems) if "max" in bounds else 0
    if bounds and not 0 < age_min < age_max <= 130:
        problems.add(age.get("plausible"), "age.plausible", f"expected 0 < min < max <= 130, got {age_min}-{age_max}")

    message = _keys(sections["message"], "message", problems, ("max_chars",)) if "message" in sections else {}
    message_max_chars = _int(message.get("max_chars"), "message.max_chars", problems) if "max_chars" in message else 0
    if message and not 100 <= message_max_chars <= 4096:  # WhatsApp's own limit is 4096
        problems.add(message.get("max_chars"), "message.max_chars", f"expected 100 to 4096, got {message_max_chars}")
    limit_nodes = _keys(sections["limits"], "limits", problems, LIMIT_NAMES) if "limits" in sections else {}
    limit_values = {name: _int(limit_nodes.get(name), f"limits.{name}", problems) for name in LIMIT_NAMES}
    for name, number in limit_values.items():
        if name in limit_nodes and number < 1:
            problems.add(limit_nodes[name], f"limits.{name}", "a limit is at least 1")

    value_sets = {kind: _values(sections.get(section), section, problems) for kind, section in VALUE_SECTIONS.items()}
    if value_sets["language"] and set(value_sets["language"]) != set(LANGUAGES):
        problems.add(sections.get("languages"), "languages", f"expected exactly {', '.join(LANGUAGES)}")

    places: dict[str, Place] = {}
    owners: dict[str, str] = {}
    region: list[str] = []
    municipality_labels: dict[str, Label] = {}
    other: set[str] = set()
    unknown: set[str] = set()
    postcodes: list[tuple[int, int, str]] = []
    region_name = Label("", "")
    if "region" in sections:
        reg = _keys(
            sections["region"],
            "region",
            problems,
            ("name", "municipalities"),
            ("other_answers", "unknown_answers"),
        )
        region_name = _label(reg.get("name"), "region.name", problems)
        munis = _mapping(reg["municipalities"], "region.municipalities", problems) if "municipalities" in reg else {}
        if "municipalities" in reg and not munis:
            problems.add(reg["municipalities"], "region.municipalities", "lists no municipalities")
        for name, (key, value) in munis.items():
            where = f"region.municipalities.{name}"
            parts = _keys(value, where, problems, ("label",), (*PLACE_KINDS, "postcodes"))
            region.append(name)
            for node, text in _texts(parts.get("postcodes"), f"{where}.postcodes", problems):
                span = re.fullmatch(r"([1-9]\d{3})(?:-([1-9]\d{3}))?", text)
                if span is None or int(span.group(2) or span.group(1)) < int(span.group(1)):
                    problems.add(node, f"{where}.postcodes", f"'{text}' is not four digits or a range of them")
                    continue
                low, high = int(span.group(1)), int(span.group(2) or span.group(1))
                if any(lo <= high and low <= hi for lo, hi, _ in postcodes):
                    problems.add(node, f"{where}.postcodes", f"'{text}' overlaps another municipality's postcodes")
                postcodes.append((low, high, name))
            municipality_labels[name] = _label(parts.get("label"), f"{where}.label", problems)
            _add_place(places, owners, key, where, Place(name, "municipality", name, True), problems)
            for kind in PLACE_KINDS:
                for node, spelling in _texts(parts.get(kind), f"{where}.{kind}", problems):
                    place = Place(spelling, PLACE_KINDS[kind], name, True)
                    _add_place(places, owners, node, f"{where}.{kind}", place, problems)
        for section, target in (("other_answers", other), ("unknown_answers", unknown)):
            for node, answer in _texts(reg.get(section), f"region.{section}", problems):
                normal = normalise_place(answer)
                if normal in places:
                    problems.add(node, f"region.{section}", f"'{answer}' is also a place name")
                target.add(normal)

    where_to_go: dict[str, WhereToGo] = {}
    if "outside" in sections:
        out = _keys(sections["outside"], "outside", problems, ("where_to_go", "places"))
        for wid, (_, value) in (
            _mapping(out["where_to_go"], "outside.where_to_go", problems) if "where_to_go" in out else {}
        ).items():
            where = f"outside.where_to_go.{wid}"
            parts = _keys(value, where, problems, ("name",), ("phone", "url", "address"))
            phone = _text(parts.get("phone"), f"{where}.phone", problems) or None
            url = _text(parts.get("url"), f"{where}.url", problems) or None
            address = _text(parts.get("address"), f"{where}.address", problems) or None
            if phone and not re.fullmatch(r"[0-9+ ()-]{5,20}", phone):
                problems.add(parts.get("phone"), f"{where}.phone", f"'{phone}' is not a phone number")
            if url and not re.fullmatch(r"https?://[^\s]+", url):
                problems.add(parts.get("url"), f"{where}.url", "a web address starts with https://")
            if not (url or address):
                problems.add(value, where, "give a web address (url) or a street address, so residents can find it")
            where_to_go[wid] = WhereToGo(wid, _label(parts.get("name"), f"{where}.name", problems), phone, url, address)
        for name, (key, value) in (
            _mapping(out["places"], "outside.places", problems) if "places" in out else {}
        ).items():
            where = f"outside.places.{name}"
            parts = _keys(value, where, problems, ("go_to",), tuple(PLACE_KINDS))
            go_to = _text(parts.get("go_to"), f"{where}.go_to", problems)
            target_place = where_to_go.get(go_to)
            if go_to and target_place is None:
                problems.add(parts.get("go_to"), f"{where}.go_to", f"'{go_to}' is not in outside.where_to_go")
            _add_place(places, owners, key, where, Place(name, "municipality", name, False, target_place), problems)
            for kind in PLACE_KINDS:
                for node, spelling in _texts(parts.get(kind), f"{where}.{kind}", problems):
                    place = Place(spelling, PLACE_KINDS[kind], name, False, target_place)
                    _add_place(places, owners, node, f"{where}.{kind}", place, problems)

    if problems.items:
        raise VocabularyError("\n".join(problems.items))
    return Vocabulary(
        age_min=age_min,
        age_max=age_max,
        message_max_chars=message_max_chars,
        limits=Limits(**limit_values),
        region_name=region_name,
        region=tuple(region),
        municipality_labels=municipality_labels,
        value_sets=value_sets,
        where_to_go=where_to_go,
        _places=places,
        _other=frozenset(other),
        _unknown=frozenset(unknown),
        _postcodes=tuple(postcodes),
    )


def load_vocabulary(path: Path = VOCABULARY_PATH) -> Vocabulary:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise VocabularyError(f"{path}: cannot read the vocabulary file ({exc.strerror})") from None
    return parse_vocabulary(text, Path(path))


@lru_cache(maxsize=4)
def vocabulary(path: Path = VOCABULARY_PATH) -> Vocabulary:
    """The vocabulary, loaded and validated once per path."""
    return load_vocabulary(path)
