"""Loads and validates the eligibility rules file; errors name the line and the problem."""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator

from api.eligibility.vocabulary import Vocabulary, vocabulary

PERSONA_IDS = (
    "physical_work",
    "retail_to_childcare",
    "young_restart",
    "ict_switcher",
    "security_growth",
    "education_switcher",
    "underpaid_freelancer",
)


class RulesError(Exception):
    """The rules file cannot be used; the message says where and why."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)


class PassFail(_Strict):
    passed: Text = Field(alias="pass")
    fail: Text


class PassFailReview(_Strict):
    passed: Text = Field(alias="pass")
    fail: Text
    needs_review: Text


class PassReview(_Strict):
    passed: Text = Field(alias="pass")
    needs_review: Text


class AgeRule(_Strict):
    min: int = Field(ge=0, le=130)
    max: int = Field(ge=0, le=130)
    explain: PassFail

    @model_validator(mode="after")
    def _ordered(self) -> AgeRule:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is larger than max ({self.max})")
        return self


class MunicipalityExplain(PassFailReview):
    pass_place: Text
    unknown_place: Text


class MunicipalityRule(_Strict):
    """Texts only: the region and its places are the vocabulary's."""

    explain: MunicipalityExplain


def _vocabulary(info: ValidationInfo) -> Vocabulary:
    """The vocabulary the rules are checked against (given by load_rules, the file's otherwise)."""
    context = info.context or {}
    found = context.get("vocabulary")
    return found if isinstance(found, Vocabulary) else vocabulary()


class WorkSituationRule(_Strict):
    passed: list[str] = Field(alias="pass")
    needs_review: list[str]
    fail: list[str]
    explain: PassFailReview

    @model_validator(mode="after")
    def _covers_all(self, info: ValidationInfo) -> WorkSituationRule:
        known = _vocabulary(info).values("work_situation")
        listed = [*self.passed, *self.needs_review, *self.fail]
        unknown = set(listed) - set(known)
        if unknown:
            raise ValueError(f"unknown work situations {sorted(unknown)}; known: {list(known)}")
        twice = {w for w in listed if listed.count(w) > 1}
        if twice:
            raise ValueError(f"work situations listed more than once: {sorted(twice)}")
        missing = set(known) - set(listed)
        if missing:
            raise ValueError(f"work situations without an outcome: {sorted(missing)}")
        return self


class PainsRule(_Strict):
    min: int = Field(ge=0)
    explain: PassReview

    @model_validator(mode="after")
    def _reachable(self, info: ValidationInfo) -> PainsRule:
        known = _vocabulary(info).values("pain")
        if self.min > len(known):
            raise ValueError(f"min ({self.min}) is more than the {len(known)} pains the vocabulary knows")
        return self


class NextStep(_Strict):
    url: str | None = None
    nl: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Persona(_Strict):
    sectors: list[str] = []
    work_situations: list[str] = []
    pains: list[str] = []
    age: tuple[int, int] = (0, 130)

    @model_validator(mode="after")
    def _known_values(self, info: ValidationInfo) -> Persona:
        vocab = _vocabulary(info)
        for field, kind in (("sectors", "sector"), ("work_situations", "work_situation"), ("pains", "pain")):
            unknown = set(getattr(self, field)) - set(vocab.values(kind))
            if unknown:
                raise ValueError(f"unknown {field} {sorted(unknown)}")
        return self


class Personas(_Strict):
    min_score: int = Field(ge=1)
    list: dict[str, Persona]

    @model_validator(mode="after")
    def _known_ids(self) -> Personas:
        unknown = set(self.list) - set(PERSONA_IDS)
        if unknown:
            raise ValueError(f"unknown persona ids {sorted(unknown)}; known: {list(PERSONA_IDS)}")
        return self


class ContactTexts(_Strict):
    """How a where_to_go entry's contact details are written: "bel 14 079 of kijk op ..."."""

    phone: Text
    url: Text
    address: Text
    join: Text


# The placeholders each text may use; a text naming another one stops the API at start.
PLACEHOLDERS: dict[str, set[str]] = {
    "age": {"age", "min_age", "max_age"},
    "municipality": {"municipality", "place", "region"},
    "work_situation": set(),
    "pains": set(),
    "next_steps": set(),
    "next_steps.own_region": {"municipality", "where", "contact"},
    "where_to_go_contact.phone": {"phone"},
    "where_to_go_contact.url": {"url"},
    "where_to_go_contact.address": {"address"},
    "where_to_go_contact.join": set(),
}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


class Rules(_Strict):
    version: int
    age: AgeRule
    municipality: MunicipalityRule
    work_situation: WorkSituationRule
    pains: PainsRule
    next_steps: dict[str, NextStep]
    where_to_go_contact: ContactTexts
    not_eligible_steps: dict[str, list[str]]
    personas: Personas

    @model_validator(mode="after")
    def _steps_exist(self) -> Rules:
        for required in ("book_advice", "review_with_adviser", "leerwerkloket", "own_region"):
            if required not in self.next_steps:
                raise ValueError(f"next_steps needs '{required}'")
        for rule, steps in self.not_eligible_steps.items():
            missing = [s for s in steps if s not in self.next_steps]
            if missing:
                raise ValueError(f"not_eligible_steps.{rule} names unknown steps {missing}")
        return self

    @model_validator(mode="after")
    def _known_placeholders(self) -> Rules:
        texts: list[tuple[str, str, Text]] = []
        for rule in ("age", "municipality", "work_situation", "pains"):
            explain = getattr(self, rule).explain
            for name in type(explain).model_fields:
                texts.append((rule, f"{rule}.explain.{name}", getattr(explain, name)))
        for step_id, step in self.next_steps.items():
            group = "next_steps.own_region" if step_id == "own_region" else "next_steps"
            texts.append((group, f"next_steps.{step_id}", Text(nl=step.nl, en=step.en)))
        for name in ContactTexts.model_fields:
            texts.append(
                (f"where_to_go_contact.{name}", f"where_to_go_contact.{name}", getattr(self.where_to_go_contact, name))
            )
        for group, where, text in texts:
            for lang in ("nl", "en"):
                try:
                    unknown = _placeholders(getattr(text, lang)) - PLACEHOLDERS[group]
                except ValueError as exc:
                    raise ValueError(f"{where}.{lang}: {exc}") from None
                if unknown:
                    allowed = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS[group])) or "none"
                    raise ValueError(f"{where}.{lang} uses {sorted(unknown)}; allowed here: {allowed}")
        return self


class _LineLoader(yaml.SafeLoader):
    """Keeps the line of every mapping key and sequence item, to point at the problem."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    lines = {loader.construct_object(k): k.start_mark.line + 1 for k, _ in node.value}
    mapping["__lines__"] = lines
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _strip_lines(v) for k, v in data.items() if k not in ("__lines__", "__line__")}
    if isinstance(data, list):
        return [_strip_lines(v) for v in data]
    return data


def _line_of(data: Any, loc: tuple[int | str, ...]) -> int | None:
    line = data.get("__line__") if isinstance(data, dict) else None
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            line = node.get("__lines__", {}).get(part, line)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            if isinstance(node, dict):
                line = node.get("__line__", line)
        else:
            break
    return line


def load_rules(path: Path, vocab: Vocabulary | None = None) -> Rules:
    """The rules file, validated (against the vocabulary given, the default file's otherwise)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read the eligibility rules file ({exc.strerror})") from None
    try:
        raw = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}" if mark else "unknown line"
        raise RulesError(f"{path} {where}: not valid YAML: {exc.problem}") from None
    if not isinstance(raw, dict):
        raise RulesError(f"{path} line 1: expected a mapping of rules at the top level")
    try:
        return Rules.model_validate(_strip_lines(raw), context={"vocabulary": vocab or vocabulary()})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            line = _line_of(raw, loc)
            dotted = ".".join(str(p) for p in loc) or "(top level)"
            problems.append(f"{path} line {line}: {dotted}: {err['msg']}")
        raise RulesError("\n".join(problems)) from None
