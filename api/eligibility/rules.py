"""Loads and validates the eligibility rules file; errors name the line and the problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from api.leads.models import PAINS, SECTORS, WORK_SITUATIONS

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


class MunicipalityRule(_Strict):
    region: list[str] = Field(min_length=1)
    aliases: dict[str, list[str]] = {}
    unknown: list[str] = []
    explain: PassFailReview

    @model_validator(mode="after")
    def _aliases_in_region(self) -> MunicipalityRule:
        stray = set(self.aliases) - set(self.region)
        if stray:
            raise ValueError(f"aliases given for municipalities outside the region: {sorted(stray)}")
        return self


class WorkSituationRule(_Strict):
    passed: list[str] = Field(alias="pass")
    needs_review: list[str]
    fail: list[str]
    explain: PassFailReview

    @model_validator(mode="after")
    def _covers_all(self) -> WorkSituationRule:
        listed = [*self.passed, *self.needs_review, *self.fail]
        unknown = set(listed) - set(WORK_SITUATIONS)
        if unknown:
            raise ValueError(f"unknown work situations {sorted(unknown)}; known: {list(WORK_SITUATIONS)}")
        twice = {w for w in listed if listed.count(w) > 1}
        if twice:
            raise ValueError(f"work situations listed more than once: {sorted(twice)}")
        missing = set(WORK_SITUATIONS) - set(listed)
        if missing:
            raise ValueError(f"work situations without an outcome: {sorted(missing)}")
        return self


class PainsRule(_Strict):
    min: int = Field(ge=0, le=len(PAINS))
    explain: PassReview


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
    def _known_values(self) -> Persona:
        for field, known in (
            ("sectors", SECTORS),
            ("work_situations", WORK_SITUATIONS),
            ("pains", PAINS),
        ):
            unknown = set(getattr(self, field)) - set(known)
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


class Rules(_Strict):
    version: int
    age: AgeRule
    municipality: MunicipalityRule
    work_situation: WorkSituationRule
    pains: PainsRule
    next_steps: dict[str, NextStep]
    not_eligible_steps: dict[str, list[str]]
    personas: Personas

    @model_validator(mode="after")
    def _steps_exist(self) -> Rules:
        for required in ("book_advice", "review_with_adviser", "leerwerkloket"):
            if required not in self.next_steps:
                raise ValueError(f"next_steps needs '{required}'")
        for rule, steps in self.not_eligible_steps.items():
            missing = [s for s in steps if s not in self.next_steps]
            if missing:
                raise ValueError(f"not_eligible_steps.{rule} names unknown steps {missing}")
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


def load_rules(path: Path) -> Rules:
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
        return Rules.model_validate(_strip_lines(raw))
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            line = _line_of(raw, loc)
            dotted = ".".join(str(p) for p in loc) or "(top level)"
            problems.append(f"{path} line {line}: {dotted}: {err['msg']}")
        raise RulesError("\n".join(problems)) from None
