"""Who is calling: an adviser (bearer JWT), the action server (service token), or nobody.

Every protected endpoint depends on one of these, so authorisation lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from api.advisers.models import Adviser
from api.core.db import get_read_session, get_session
from api.core.security import decode_access_token, is_service_token

_bearer = HTTPBearer(auto_error=False, description="Adviser access token or the service token")
SessionDep = Annotated[Session, Depends(get_session)]
ReadSessionDep = Annotated[Session, Depends(get_read_session)]


@dataclass(frozen=True)
class Actor:
    """The caller, named the way the audit trail records it (never personal data)."""

    kind: str  # "adviser" | "service"
    adviser: Adviser | None = None

    @property
    def label(self) -> str:
        return f"adviser:{self.adviser.id}" if self.adviser else "service"


def _unauthorised(detail: str = "Not authenticated: log in or send a valid token.") -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail, headers={"WWW-Authenticate": "Bearer"})


def _adviser_from_token(session: Session, token: str) -> Adviser | None:
    claims = decode_access_token(token)
    if not claims:
        return None
    try:
        adviser = session.get(Adviser, int(claims["sub"]))
    except (TypeError, ValueError):
        return None
    return adviser if adviser and adviser.active else None


def get_actor(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Actor:
    if credentials is None:
        raise _unauthorised()
    if is_service_token(credentials.credentials):
        return Actor("service")
    adviser = _adviser_from_token(session, credentials.credentials)
    if adviser is None:
        raise _unauthorised("The token is invalid or has expired: log in again.")
    return Actor("adviser", adviser)


def require_adviser(actor: Annotated[Actor, Depends(get_actor)]) -> Adviser:
    if actor.adviser is None:
        raise _unauthorised("This needs an adviser's login.")
    return actor.adviser


def require_admin(adviser: Annotated[Adviser, Depends(require_adviser)]) -> Adviser:
    if adviser.role != "admin":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only an administrator may do this.")
    return adviser


def require_service(actor: Annotated[Actor, Depends(get_actor)]) -> Actor:
    if actor.kind != "service":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only the assistant's action server may do this.")
    return actor


ActorDep = Annotated[Actor, Depends(get_actor)]
AdviserDep = Annotated[Adviser, Depends(require_adviser)]
AdminDep = Annotated[Adviser, Depends(require_admin)]
ServiceDep = Annotated[Actor, Depends(require_service)]
