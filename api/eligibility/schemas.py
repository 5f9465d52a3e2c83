from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from api.core.schemas import Age, Language, Pain, PlaceName, Sector, StrictModel, Verdict, WorkSituation


class EligibilityRequest(StrictModel):
    age: Age = Field(description="Age in years")
    municipality: PlaceName = Field(default=None, description="Where the resident lives; null when unknown")
    work_situation: WorkSituation
    pains: list[Pain] = Field(default_factory=list, max_length=6)
    sector: Sector | None = None
    language: Language = "nl"


class Reason(BaseModel):
    rule: Literal["age", "municipality", "work_situation", "pains"]
    passed: bool
    outcome: Literal["pass", "fail", "needs_review"]
    explanation: str
    explanations: dict[str, str]


class NextStepOut(BaseModel):
    kind: str
    text: str
    texts: dict[str, str]
    url: str | None


class EligibilityResult(BaseModel):
    verdict: Verdict
    reasons: list[Reason]
    persona: str | None
    next_steps: list[NextStepOut]
    language: Language
