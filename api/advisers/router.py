from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from api.advisers.auth import AdviserDep, SessionDep
from api.advisers.schemas import AdviserOut, Token
from api.advisers.service import authenticate, normalise_email
from api.core.config import get_settings
from api.core.ratelimit import FailureLimiter
from api.core.security import create_access_token

router = APIRouter(prefix="/api", tags=["advisers"])
_settings = get_settings()
login_limiter = FailureLimiter(_settings.login_max_failures, _settings.login_window_seconds)


@router.post(
    "/auth/token",
    response_model=Token,
    responses={401: {"description": "Wrong e-mail or password"}, 429: {"description": "Too many attempts"}},
)
def login(request: Request, session: SessionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> Token:
    """OAuth2 password login for advisers (username = e-mail); gives a short-lived bearer token."""
    if len(form.username) > 254 or len(form.password) > 1024:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "E-mail or password is too long.")
    keys = (f"email:{normalise_email(form.username)}", f"ip:{request.client.host if request.client else '-'}")
    wait = login_limiter.retry_after(*keys)
    if wait:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"Too many failed logins. Try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )
    adviser = authenticate(session, form.username, form.password)
    if adviser is None:
        login_limiter.fail(*keys)
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Wrong e-mail or password.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    login_limiter.reset(keys[0])
    token, expires_in = create_access_token(adviser.id, adviser.role)
    return Token(access_token=token, expires_in=expires_in)


@router.get("/advisers/me", response_model=AdviserOut)
def me(adviser: AdviserDep) -> AdviserOut:
    return AdviserOut.model_validate(adviser)
