from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from api.advisers.auth import AdviserDep, ReadSessionDep
from api.advisers.login_guard import client_address, login_guard
from api.advisers.schemas import AdviserOut, Token
from api.advisers.service import authenticate, normalise_email
from api.core.security import create_access_token

router = APIRouter(prefix="/api", tags=["advisers"])


@router.post(
    "/auth/token",
    response_model=Token,
    responses={401: {"description": "Wrong e-mail or password"}, 429: {"description": "Too many attempts"}},
)
def login(request: Request, session: ReadSessionDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> Token:
    """OAuth2 password login for advisers (username = e-mail); gives a short-lived bearer token."""
    if len(form.username) > 254 or len(form.password) > 1024:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "E-mail or password is too long.")
    account, client, guard = normalise_email(form.username), client_address(request), login_guard()
    wait = guard.retry_after(account, client)
    if wait:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            f"Too many failed logins from here. Try again in {wait} seconds.",
            headers={"Retry-After": str(wait)},
        )
    adviser = authenticate(session, form.username, form.password)
    if adviser is None:
        guard.failed(account, client)
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Wrong e-mail or password.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    guard.succeeded(account, client)
    token, expires_in = create_access_token(adviser.id, adviser.role)
    return Token(access_token=token, expires_in=expires_in)


@router.get("/advisers/me", response_model=AdviserOut)
def me(adviser: AdviserDep) -> AdviserOut:
    return AdviserOut.model_validate(adviser)
