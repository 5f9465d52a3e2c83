from __future__ import annotations

from fastapi import APIRouter

from api.eligibility.schemas import EligibilityRequest, EligibilityResult
from api.eligibility.service import evaluate

router = APIRouter(prefix="/api", tags=["eligibility"])


@router.post("/eligibility", response_model=EligibilityResult)
def check_eligibility(body: EligibilityRequest) -> EligibilityResult:
    """The verdict with every rule explained, the matched persona and the next steps. Stores nothing."""
    return evaluate(
        age=body.age,
        municipality=body.municipality,
        work_situation=body.work_situation,
        pains=body.pains,
        sector=body.sector,
        language=body.language,
    )
